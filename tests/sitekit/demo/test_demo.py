"""The demo never goes live: every demo file is marked, `make publish` refuses it, and
`make strip-demo` turns the demo into a clean starter site in one command."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import DEMO_CONTENT, INVOKE, ROOT, build_site, clean_env, run_publish
from helpers.owner import write_owner

from sitekit.demo import DEMO_OWNER, STARTER_OWNER, demo_files, identity, output_refusals

DEMO_FILES = [path.relative_to(DEMO_CONTENT).as_posix() for path in demo_files(DEMO_CONTENT)]
DRAFTS = {"blog/entwurf-jahresplanung.md"}  # a draft is never published, demo or not


def strip(content: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(INVOKE), "strip-demo", "--content", str(content), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )


def publish(folder: Path, owner: Path, gates: str = "links"):
    """`make publish` of ``folder``/content into ``folder``/public, placeholders refused."""
    return run_publish(
        folder / "content", folder / "public", gates=gates, allow_placeholder=False, owner=owner
    )


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the demo's content next to the held-out owner's owner.yml."""
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    write_owner(tmp_path, portraet="", portraet_alt="")
    return tmp_path


def test_every_demo_file_is_marked_and_only_demo_files_are():
    assert "pages/start.md" in DEMO_FILES and "images/demo/portraet.jpg" in DEMO_FILES
    assert {f for f in DEMO_FILES if f.startswith(("services/", "stimmen/", "blog/"))} == {
        path.relative_to(DEMO_CONTENT).as_posix()
        for folder in ("services", "stimmen", "blog")
        for path in (DEMO_CONTENT / folder).glob("*.md")
    }
    kit = {"pages/impressum.md", "pages/datenschutz.md", "pages/kontakt.md", "pages/suche.md"}
    assert not kit & set(DEMO_FILES)


def test_strip_demo_leaves_a_starter_site_and_says_what_to_do(project):
    settings = [(ROOT / name).read_bytes() for name in ("pelicanconf.py", "publishconf.py")]
    owner = (project / "owner.yml").read_bytes()
    result = strip(project / "content")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert f"Entfernt: {project}/content/services/kundenservice.md" in lines
    assert f"Angelegt: {project}/content/pages/ueber-mich.md (Startvorlage)" in lines
    assert "So geht es weiter:" in lines and any("make publish" in line for line in lines)
    assert demo_files(project / "content") == []
    remaining = sorted(
        p.relative_to(project / "content").as_posix() for p in (project / "content").rglob("*.md")
    )
    assert remaining == [
        "faq/faq.md",
        "pages/404.md",
        "pages/datenschutz.md",
        "pages/impressum.md",
        "pages/kontakt.md",
        "pages/leistungen.md",
        "pages/start.md",
        "pages/suche.md",
        "pages/ueber-mich.md",
        "questionnaires/bedarfsanalyse.md",
        "questionnaires/rueckruf.md",
    ]
    assert not (project / "content" / "images" / "demo").exists()
    assert [(ROOT / n).read_bytes() for n in ("pelicanconf.py", "publishconf.py")] == settings
    assert (project / "owner.yml").read_bytes() == owner
    build = build_site(project / "content", project / "out", owner=project / "owner.yml")
    assert build.ok, build.output
    assert (project / "out" / "fragebogen" / "index.html").is_file()
    assert (project / "out" / "rueckruf" / "index.html").is_file()


def test_strip_demo_never_deletes_a_demo_file_she_changed_unless_forced(project):
    changed = project / "content" / "blog" / "erreichbarkeit.md"
    changed.write_text(changed.read_text(encoding="utf-8") + "\nMein eigener Satz.\n")
    result = strip(project / "content")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        f"{changed}: Diese Demo-Datei haben Sie geändert – sie wird nicht gelöscht. Bitte die "
        "Zeile demo: true entfernen, wenn Sie sie behalten möchten, oder mit make strip-demo "
        "ARGS=--force trotzdem löschen."
    )
    assert len(demo_files(project / "content")) == len(DEMO_FILES)  # nothing removed
    forced = strip(project / "content", "--force")
    assert forced.returncode == 0 and not changed.exists()


def test_publish_refuses_the_demo_before_any_gate_and_names_every_file(project):
    release = project / "public"
    release.mkdir()
    (release / "index.html").write_text("letzte gute Version", encoding="utf-8")
    result = run_publish(
        project / "content",
        release,
        gates="links",
        allow_placeholder=False,
        owner=project / "owner.yml",
    )
    assert result.returncode != 0
    refused = [line for line in result.output.splitlines() if line.startswith("FEHLER: ")]
    published_demo = [f for f in DEMO_FILES if f not in DRAFTS]
    assert refused == [
        f"FEHLER: {project}/content/{name}: gehört zur Demo – bitte mit make strip-demo "
        "entfernen oder durch Eigenes ersetzen (und demo: true löschen)."
        for name in published_demo
    ]
    assert "Veröffentlichung abgelehnt: Die Quellen enthalten noch Inhalte der Demo" in (
        result.output
    )
    assert "Release-Gates" not in result.output  # refused before any gate ran
    assert (release / "index.html").read_text(encoding="utf-8") == "letzte gute Version"


def test_publish_refuses_the_demo_owner_file_line_by_line(tmp_path):
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    assert strip(tmp_path / "content").returncode == 0
    result = run_publish(
        tmp_path / "content", tmp_path / "public", gates="links", allow_placeholder=False
    )
    assert result.returncode != 0
    assert "FEHLER: sitekit/demo/owner.yml, Zeile 17: name: „Johanna Lindner“ ist eine Angabe " in (
        result.output
    )
    assert (
        "FEHLER: sitekit/demo/owner.yml, Zeile 45: portraet: images/demo/portraet.jpg ist ein"
        in (result.output)
    )


def test_her_stripped_site_publishes(project):
    assert strip(project / "content").returncode == 0
    result = publish(project, project / "owner.yml", gates="links,inline")
    assert result.returncode == 0, result.output
    assert "WARNUNG" not in result.output
    assert (project / "public" / "impressum" / "index.html").is_file()
    # the build's line names her folder, not the temporary one it was built in
    built = [line for line in result.output.splitlines() if line.startswith("Gebaut in")]
    assert len(built) == 1 and built[0].endswith(f": {project / 'public'} (16 Seiten)"), built


def test_right_after_strip_demo_no_site_is_built_with_the_demo_owner(tmp_path):
    """`make strip-demo`, then `make html` before owner.yml is filled in: every page would
    show the demo's name, address and contact, so the build names each field of hers
    that is still the demo's and writes nothing; with her owner.yml it builds."""
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    assert strip(tmp_path / "content").returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("frühere Ausgabe", encoding="utf-8")
    build = build_site(tmp_path / "content", out)  # the demo's owner.yml
    assert not build.ok
    assert (
        "FEHLER: sitekit/demo/owner.yml, Zeile 18: firma: „Büro Lindenblatt – Virtuelle "
        "Assistenz“ ist eine Angabe der Demo – bitte Ihre eigene eintragen."
    ) in build.output
    assert "Die bisherige Ausgabe ist unverändert." in build.output
    assert "Traceback" not in build.output
    assert [p.name for p in out.iterdir()] == ["index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "frühere Ausgabe"
    write_owner(tmp_path, portraet="", portraet_alt="")
    build = build_site(tmp_path / "content", out, owner=tmp_path / "owner.yml")
    assert build.ok, build.output
    shown = [p for p in out.rglob("*.html") if "Lindenblatt" in p.read_text(encoding="utf-8")]
    assert shown == []


def test_strip_demo_empties_the_demos_owner_fields_so_make_html_builds_without_placeholders(
    tmp_path,
):
    """A clean clone: `make strip-demo`, then `make html`. Her owner.yml is still the demo's,
    unchanged: it becomes the starter's, her facts empty. The site builds at once, shows
    nothing of the demo and no invented name or address, says what is still empty; `make
    publish` names every empty field."""
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    owner = tmp_path / "owner.yml"
    shutil.copyfile(DEMO_OWNER, owner)
    done = strip(tmp_path / "content", "--owner", str(owner))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Ersetzt: {owner} (leer für Ihre Angaben, statt der Angaben der Demo)" in done.stdout
    assert owner.read_bytes() == STARTER_OWNER.read_bytes()
    out = tmp_path / "out"
    build = build_site(tmp_path / "content", out, owner=owner)
    assert build.ok, build.output
    assert "FEHLER" not in build.output and "Traceback" not in build.output
    warnings = [line for line in build.output.splitlines() if line.startswith("WARNUNG")]
    assert warnings[0] == (
        f"WARNUNG: {owner}: noch leer: name (Zeile 17), firma (Zeile 18), strasse (Zeile 23), "
        "plz (Zeile 24), ort (Zeile 25), telefon (Zeile 29), email (Zeile 30), website "
        "(Zeile 31), ust_id (Zeile 35), hosting (Zeile 49), mailversand (Zeile 52) – die "
        "Vorschau lässt diese Angaben weg; bitte eintragen, make publish veröffentlicht die "
        "Website erst danach."
    )
    faq = tmp_path / "content" / "faq" / "faq.md"
    assert (
        f"WARNUNG: {faq}, Zeile 8: {{{{ email }}}} ist in owner.yml noch leer – hier steht "
        "deshalb vorerst nichts, bis Sie es dort eintragen."
    ) in warnings
    # no built file shows the demo's owner, "Platzhalter" or an address under .example
    assert output_refusals(out, identity()) == []
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Virtuelle Assistentin</title>" in home  # her job title names the site
    imprint = (out / "impressum" / "index.html").read_text(encoding="utf-8")
    assert "Noch unvollständig:" in imprint and "Beispieldaten:" not in imprint
    assert 'href="tel:' not in imprint and 'href="mailto:' not in imprint
    result = publish(tmp_path, owner)
    assert result.returncode != 0
    refusals = [line for line in result.output.splitlines() if "ist noch leer" in line]
    assert refusals[0] == (
        f"FEHLER: {owner}, Zeile 17: name: ist noch leer – bitte Ihren vollen Namen eintragen."
    )
    assert len(refusals) == 11
    assert "Veröffentlichung abgelehnt: Die Quellen enthalten noch Inhalte der Demo, " in (
        result.output
    )
    assert not (tmp_path / "public" / "index.html").exists()


def test_publish_refuses_a_page_that_shows_a_placeholder_from_elsewhere(project):
    """A placeholder in a field the starter fills with a real choice (here her opening
    hours) is found in the built pages, with the file that shows it."""
    assert strip(project / "content").returncode == 0
    owner = write_owner(project, portraet="", portraet_alt="", zeiten="Platzhalter")
    result = publish(project, owner)
    assert result.returncode != 0
    assert (
        f"FEHLER: {project / 'public' / 'impressum' / 'index.html'}: zeigt noch den Platzhalter "
        "„Platzhalter“ – bitte in owner.yml "
    ) in result.output
    refusals = [line for line in result.output.splitlines() if line.startswith("FEHLER")]
    assert not [line for line in refusals if "candidate" in line]  # her folder, not a temporary one
    assert "Veröffentlichung abgelehnt: Die gebaute Website zeigt noch Inhalte der Demo, " in (
        result.output
    )
    assert not (project / "public").exists()


def test_publish_refuses_a_field_she_left_empty_and_the_production_build_too(project):
    """She filled in everything but her telephone number and her mail provider: the preview
    builds without them, but `make publish` names both lines, and a production build
    (publishconf.py, as a deploy host runs it) stops at the first."""
    assert strip(project / "content").returncode == 0
    owner = write_owner(
        project,
        portraet="",
        portraet_alt="",
        telefon="",
        mailversand={"name": "", "anschrift": ""},
    )
    numbers = {
        line.split(":")[0]: number
        for number, line in enumerate(owner.read_text(encoding="utf-8").splitlines(), 1)
    }
    preview = build_site(project / "content", project / "preview", owner=owner)
    assert preview.ok, preview.output
    assert 'href="tel:' not in (project / "preview" / "kontakt" / "index.html").read_text(
        encoding="utf-8"
    )
    result = publish(project, owner)
    assert result.returncode != 0
    lines = [line for line in result.output.splitlines() if "ist noch leer" in line]
    assert lines == [
        f"FEHLER: {owner}, Zeile {numbers['telefon']}: telefon: ist noch leer – bitte Ihre "
        "Telefonnummer, z. B. 0221 1234567 eintragen.",
        f"FEHLER: {owner}, Zeile {numbers['mailversand']}: mailversand: ist noch leer – bitte "
        "name: und anschrift: Ihres E-Mail-Anbieters eintragen.",
    ]
    assert "Traceback" not in result.output
    assert not (project / "public").exists()
    production = build_site(project / "content", project / "out", "publishconf.py", owner=owner)
    assert not production.ok
    assert [line for line in production.output.splitlines() if line.startswith("FEHLER")] == [
        lines[0]
    ]


def test_strip_demo_keeps_an_owner_file_she_changed_and_says_what_is_left(tmp_path):
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    owner = tmp_path / "owner.yml"
    text = DEMO_OWNER.read_text(encoding="utf-8").replace("Johanna Lindner", "Mara Feldmann")
    owner.write_text(text, encoding="utf-8")
    done = strip(tmp_path / "content", "--owner", str(owner))
    assert done.returncode == 0, done.stdout + done.stderr
    assert owner.read_text(encoding="utf-8") == text
    assert (
        f"{owner}: Diese Datei haben Sie geändert – sie bleibt. Sie enthält noch Angaben der "
        "Demo; make html baut erst, wenn Ihre eigenen darin stehen."
    ) in done.stdout.splitlines()


def test_strip_demo_empties_the_built_demo_but_keeps_what_a_deploy_needs(tmp_path):
    shutil.copytree(DEMO_CONTENT, tmp_path / "content")
    built = tmp_path / "ausgabe"
    for name in ("index.html", "kontakt/index.html", "CNAME", ".git/HEAD"):
        (built / name).parent.mkdir(parents=True, exist_ok=True)
        (built / name).write_text("x", encoding="utf-8")
    done = strip(tmp_path / "content", "--output", str(built))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Geleert: " in done.stdout and "(die gebaute Website der Demo)" in done.stdout
    assert sorted(p.name for p in built.iterdir()) == [".git", "CNAME"]
