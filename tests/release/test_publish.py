"""`invoke publish`: every gate passes on the demo; a broken link or inline script is refused."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import run_publish
from helpers import INVOKE, ROOT

pytestmark = pytest.mark.browser


def test_demo_release_passes_every_gate(release):
    assert release.returncode == 0, release.output
    for gate in (
        "Links, Anker, Bilder und Dateien",
        "Kein Inline-Code (strenge CSP)",
        "HTML gültig (Nu Html Checker)",
        "Chromium mit den Headern der Website",
        "Lighthouse (mobil und Desktop)",
    ):
        assert f"[OK] {gate}" in release.output, gate
    assert "Fehler: 0" in release.output
    assert "CSP-Verstöße: 0, Konsolenfehler: 0" in release.output
    scores = re.findall(
        r"^\s+(/\S*)\s+(mobile|desktop)\s+performance (\d+) accessibility (\d+) "
        r"best-practices (\d+) seo (\d+)$",
        release.output,
        re.MULTILINE,
    )
    assert len(scores) == 10  # five page types, mobile and desktop
    assert {path for path, *_ in scores} >= {"/", "/faq/", "/fragebogen/"}
    for path, form, performance, *hundreds in scores:
        assert hundreds == ["100", "100", "100"], (path, form)
        assert int(performance) >= 95, (path, form)
    assert (release.folder / "index.html").exists()
    assert (release.folder / "_headers").exists() and (release.folder / ".htaccess").exists()
    assert not (release.folder / "entwuerfe").exists()


def _content_with(tmp_path, extra: str):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    page = content / "pages" / "ueber-mich.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return content


def _earlier_release(tmp_path):
    folder = tmp_path / "public"
    folder.mkdir()
    (folder / "index.html").write_text("letzte gute Version", encoding="utf-8")
    return folder


def test_broken_link_is_refused_and_last_release_kept(tmp_path):
    content = _content_with(
        tmp_path, "Siehe [unsere Preise](/preisliste/) und [hier](/faq/#gibtsnicht)."
    )
    folder = _earlier_release(tmp_path)
    result = run_publish(content, folder, gates="links")
    assert result.returncode != 0
    assert "[FEHLER] Links, Anker, Bilder und Dateien" in result.output
    assert "ueber-mich/index.html: /preisliste/ → preisliste/index.html fehlt" in result.output
    assert "ueber-mich/index.html: /faq/#gibtsnicht → Anker #gibtsnicht fehlt" in result.output
    assert "Veröffentlichung abgelehnt: Gate „Links, Anker, Bilder und Dateien“" in result.output
    assert (folder / "index.html").read_text(encoding="utf-8") == "letzte gute Version"
    assert not list(tmp_path.glob("public.candidate-*"))


def test_inline_script_is_refused(tmp_path):
    content = _content_with(tmp_path, '<script>alert("eingeschleust")</script>')
    folder = _earlier_release(tmp_path)
    result = run_publish(content, folder, gates="links,inline")
    assert result.returncode != 0
    assert "[FEHLER] Kein Inline-Code (strenge CSP)" in result.output
    assert 'ueber-mich/index.html: Inline-Skript <script>alert("eingeschleust")' in result.output
    assert (folder / "index.html").read_text(encoding="utf-8") == "letzte gute Version"


def test_browser_gate_sees_the_csp_block_an_inline_handler(tmp_path):
    """Even without the static check, the served CSP blocks inline code in Chromium."""
    content = _content_with(tmp_path, '<p style="color: red">rot</p>')
    result = run_publish(content, _earlier_release(tmp_path), gates="browser")
    assert result.returncode != 0
    assert "[FEHLER] Chromium mit den Headern der Website" in result.output
    assert re.search(r"CSP-Verstöße: [1-9]", result.output)
    assert "/ueber-mich/: " in result.output and "style-src" in result.output


def test_orphan_page_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "pages" / "vergessen.md").write_text(
        "---\ntitle: Vergessen\nstatus: hidden\n---\nNiemand verlinkt mich.\n", encoding="utf-8"
    )
    result = run_publish(content, _earlier_release(tmp_path), gates="links")
    assert result.returncode != 0
    assert "vergessen/index.html: verwaist (kein Link, nicht in der Sitemap)" in result.output


def test_unknown_gate_name_is_an_error(tmp_path):
    result = run_publish(ROOT / "content", _earlier_release(tmp_path), gates="links,zauberei")
    assert result.returncode != 0
    assert "Unbekanntes Gate 'zauberei'" in result.output


def test_deploy_rsync_uploads_only_a_release_that_passed(tmp_path):
    target = tmp_path / "server"
    target.mkdir()
    (target / "veraltet.html").write_text("alt", encoding="utf-8")
    release = tmp_path / "public"
    command = [
        str(INVOKE),
        "deploy-rsync",
        "--target",
        f"{target}/",
        "--gates",
        "links,inline",
        "--output",
        str(release),
    ]
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(ROOT)}
    dry = subprocess.run([*command, "--dry-run"], cwd=ROOT, capture_output=True, text=True, env=env)
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert sorted(p.name for p in target.iterdir()) == ["veraltet.html"]
    assert re.search(r"deleting\s+veraltet\.html", dry.stdout)
    real = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    assert real.returncode == 0, real.stdout + real.stderr
    assert (target / "index.html").exists() and not (target / "veraltet.html").exists()
