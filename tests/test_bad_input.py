"""Bad content fails the build, names the file and leaves an earlier output alone."""

from __future__ import annotations

import subprocess

import pytest
from helpers import INVOKE, ROOT, build_site, read

GOOD_POST = """---
title: Ein guter Beitrag
date: 2026-01-05 10:00:00+01:00
category: Organisation
---
Text.
"""

BAD_FILES = {
    "broken-yaml": (
        "blog/kaputt.md",
        "---\ntitle: Kaputt\ndate: 2026-01-05\ntags: [eins, zwei\n"
        "category: Organisation\n---\nText.\n",
        ["content/blog/kaputt.md", "Zeile", "YAML"],
    ),
    "invalid-yaml-date": (
        "blog/datum.md",
        "---\ntitle: Falsches Datum\ndate: 2026-02-30\ncategory: Organisation\n---\nText.\n",
        ["content/blog/datum.md", "Zeile 3", "ungültiges Datum", "2026-02-30"],
    ),
    "invalid-text-date": (
        "blog/morgen.md",
        "---\ntitle: Text statt Datum\ndate: nächsten Dienstag\n"
        "category: Organisation\n---\nText.\n",
        ["content/blog/morgen.md", "date", "nächsten Dienstag"],
    ),
    "invalid-native-date": (
        "blog/nativ.md",
        "Title: Natives Datum\nDate: 2026-13-45\nCategory: Organisation\n\nText.\n",
        ["content/blog/nativ.md", "2026-13-45"],
    ),
    "article-without-date": (
        "blog/ohne-datum.md",
        "---\ntitle: Ohne Datum\ncategory: Organisation\n---\nText.\n",
        ["content/blog/ohne-datum.md", "date"],
    ),
    "missing-title": (
        "blog/ohne-titel.md",
        "---\ndate: 2026-01-05\ncategory: Organisation\n---\nText.\n",
        ["content/blog/ohne-titel.md", "title"],
    ),
    "empty-title": (
        "pages/leer.md",
        "---\ntitle: ''\n---\nText.\n",
        ["content/pages/leer.md", "title", "leer"],
    ),
    "missing-template": (
        "pages/vorlage.md",
        "---\ntitle: Seite mit Tippfehler\ntemplate: kontakt-neu\n---\nText.\n",
        ["content/pages/vorlage.md", "template", "kontakt-neu"],
    ),
    "unclosed-front-matter": (
        "blog/offen.md",
        "---\ntitle: Offen\ndate: 2026-01-05\n\nText ohne Ende der Metadaten.\n",
        ["content/blog/offen.md", "---"],
    ),
    "service-without-price": (
        "services/ohne-preis.md",
        "---\ntitle: Ohne Preis\nsummary: Etwas.\norder: 9\naudience: Alle.\n---\nText.\n",
        ["content/services/ohne-preis.md", "price"],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_fails_names_file_and_keeps_output(case, tmp_path, earlier_output):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "services").mkdir()
    (content / "blog" / "gut.md").write_text(GOOD_POST, encoding="utf-8")
    relative, text, expected = BAD_FILES[case]
    (content / relative).write_text(text, encoding="utf-8")

    build = build_site(content, earlier_output)

    assert build.returncode != 0, build.output
    for fragment in expected:
        assert fragment in build.output, f"{fragment!r} missing in:\n{build.output}"
    assert read(earlier_output, "/") == "frühere gute Ausgabe"
    assert sorted(p.name for p in earlier_output.iterdir()) == ["index.html"]
    assert not list(tmp_path.glob("output.building-*"))


def test_invoke_build_fails_the_same_way(tmp_path, earlier_output, content_copy):
    (content_copy / "blog" / "kaputt.md").write_text(BAD_FILES["broken-yaml"][1], encoding="utf-8")
    proc = subprocess.run(
        [
            str(INVOKE),
            "build",
            "--content",
            str(content_copy),
            "--output",
            str(earlier_output),
        ],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin"},
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "kaputt.md" in output and "Zeile" in output
    assert "unverändert" in output
    assert read(earlier_output, "/") == "frühere gute Ausgabe"


def test_good_build_replaces_earlier_output_and_keeps_retained_files(tmp_path, earlier_output):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "blog" / "gut.md").write_text(GOOD_POST, encoding="utf-8")
    (earlier_output / "CNAME").write_text("www.buero-lindenblatt.example")
    (earlier_output / "veraltet.html").write_text("alt")

    build = build_site(content, earlier_output)

    assert build.ok, build.output
    assert (earlier_output / "blog/ein-guter-beitrag/index.html").exists()
    assert (earlier_output / "CNAME").read_text() == "www.buero-lindenblatt.example"
    assert not (earlier_output / "veraltet.html").exists()


def test_hostile_title_is_text_everywhere(site_with_hostile_title):
    out, slug = site_with_hostile_title
    page = read(out, f"blog/{slug}/")
    escaped = "Preise &amp; „Pakete“ &lt;b&gt;"  # German quotes, as everywhere; markup as text
    assert f"<title>{escaped} · " in page
    assert f"<h1>{escaped}</h1>" in page
    assert f'<meta property="og:title" content="{escaped} · ' in page
    assert "<b>" not in page
    listing = read(out, "blog/")
    assert f'<a href="/blog/{slug}/">{escaped}</a>' in listing
    assert "<b>" not in listing


@pytest.fixture
def site_with_hostile_title(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "blog" / "preise.md").write_text(
        '---\ntitle: Preise & "Pakete" <b>\ndate: 2026-01-05 10:00:00+01:00\n'
        "category: Organisation\nsummary: Preise & Pakete\n---\nText.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    return out, "preise-und-pakete"
