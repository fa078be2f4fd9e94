"""``invoke new`` scaffolds content with German slugs and valid front matter."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from helpers import DEMO_CONTENT, build_site

from sitekit.build import read_site_settings
from sitekit.scaffold import draft_address, scaffold

NOW = dt.datetime(2026, 11, 26, 14, 5, tzinfo=ZoneInfo("Europe/Berlin"))


def test_post_slug_transliterates_umlauts(tmp_path):
    path = scaffold("post", "Größe & Übermaß im Büro", tmp_path, now=NOW)
    assert path == tmp_path / "blog" / "groesse-und-uebermass-im-buero.md"
    post = frontmatter.load(path)
    assert post["title"] == "Größe & Übermaß im Büro"
    assert post["slug"] == "groesse-und-uebermass-im-buero"
    assert post["status"] == "draft"
    assert str(post["date"]).startswith("2026-11-26 14:05:00+01:00")


@pytest.mark.parametrize("kind, folder", [("page", "pages"), ("service", "services")])
def test_page_and_service(tmp_path, kind, folder):
    path = scaffold(kind, "Schöne Grüße", tmp_path, now=NOW)
    assert path == tmp_path / folder / "schoene-gruesse.md"
    assert frontmatter.load(path)["title"] == "Schöne Grüße"


def test_existing_file_is_never_overwritten(tmp_path):
    scaffold("post", "Doppelt", tmp_path, now=NOW)
    with pytest.raises(FileExistsError):
        scaffold("post", "Doppelt", tmp_path, now=NOW)


def test_faq_question_is_appended_as_a_draft_with_anchor_and_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    scaffold("faq", "Arbeiten Sie auch am Wochenende", content, now=NOW)
    text = (content / "faq" / "faq.md").read_text()
    assert text.endswith(
        "### Arbeiten Sie auch am Wochenende? {#arbeiten-sie-auch-am-wochenende .entwurf}\n\n"
        "Hier steht die Antwort.\n"
    )
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    assert 'id="arbeiten-sie-auch-am-wochenende"' in (out / "faq/index.html").read_text()


@pytest.mark.parametrize(
    "existing",
    [
        "### Arbeiten Sie am Wochenende? {#wochenende}",
        "### Samstags? {#wochenende .entwurf}",
        "### Samstags? {: #wochenende }",
        "### Wochenende",  # no anchor of its own: the one made from the text
    ],
)
def test_faq_question_with_an_existing_anchor_is_refused(tmp_path, existing):
    faq = tmp_path / "faq" / "faq.md"
    faq.parent.mkdir()
    faq.write_text(f"## Gruppe {{#gruppe}}\n\n{existing}\n\nAntwort.\n", encoding="utf-8")
    before = faq.read_text(encoding="utf-8")
    with pytest.raises(FileExistsError, match="#wochenende gibt es schon"):
        scaffold("faq", "Wochenende", tmp_path, now=NOW)
    assert faq.read_text(encoding="utf-8") == before


def test_faq_needs_the_faq_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="faq.md gibt es nicht"):
        scaffold("faq", "Neue Frage", tmp_path, now=NOW)


def test_scaffolded_post_builds_as_draft(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    scaffold("post", "Neuer Beitrag über Öl", content, now=NOW)
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    assert (out / "entwuerfe/neuer-beitrag-ueber-oel/index.html").exists()


def test_scaffolded_service_is_a_draft_that_production_never_writes(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    scaffold("service", "Öffentlichkeitsarbeit", content, now=NOW)
    preview, published = tmp_path / "preview", tmp_path / "published"
    for out, settings in ((preview, "pelicanconf.py"), (published, "publishconf.py")):
        build = build_site(content, out, settings)
        assert build.ok, build.output
    page = (preview / "entwuerfe/seiten/oeffentlichkeitsarbeit/index.html").read_text()
    assert "Entwurf:" in page and "ab … € pro Stunde" in page
    assert not list(published.rglob("*oeffentlichkeitsarbeit*"))
    for out in (preview, published):
        assert "Öffentlichkeitsarbeit" not in (out / "leistungen/index.html").read_text()


def test_unknown_kind_and_empty_title(tmp_path):
    with pytest.raises(ValueError, match="Unbekannte Art"):
        scaffold("podcast", "Titel", tmp_path)
    with pytest.raises(ValueError, match="keine Buchstaben oder Ziffern"):
        scaffold("post", "  ?! ", tmp_path)


@pytest.mark.parametrize("title", ["", "   ", "\n"])
def test_empty_title_is_refused_in_german(tmp_path, title):
    with pytest.raises(ValueError, match="Bitte einen Titel angeben"):
        scaffold("post", title, tmp_path, now=NOW)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("title", ["--help", "-h", " --title", "-"])
def test_option_like_title_is_refused_in_german(tmp_path, title):
    with pytest.raises(ValueError, match="ist kein Titel, sondern sieht aus wie eine Option"):
        scaffold("post", title, tmp_path, now=NOW)
    assert not list(tmp_path.iterdir())


def test_title_with_quotes_colons_and_spaces_stays_as_written(tmp_path):
    title = 'Tipp: Das "gute" Briefing –  geht\'s   auch kürzer?'
    path = scaffold("post", title, tmp_path, now=NOW)
    assert path.name == "tipp-das-gute-briefing-gehts-auch-kuerzer.md"
    assert frontmatter.load(path)["title"] == 'Tipp: Das "gute" Briefing – geht\'s auch kürzer?'


def test_draft_address_follows_the_settings():
    settings = read_site_settings("pelicanconf.py")
    assert draft_address("post", "Größe & Übermaß", settings) == "entwuerfe/groesse-und-uebermass/"
    assert draft_address("service", "Reiseplanung", settings) == "entwuerfe/seiten/reiseplanung/"
    assert draft_address("faq", "Wochenende", settings) == ""  # at the end of the FAQ page
    odd = {**settings, "DRAFT_URL": "entwuerfe/{date:%Y}/{slug}/"}
    assert draft_address("post", "Titel", odd) == ""  # unknown fields: no address, no error


@pytest.mark.parametrize(
    "title", ["Geht das auch samstags", "Geht das auch samstags?", "Geht das auch samstags."]
)
def test_faq_question_ends_with_one_question_mark(tmp_path, title):
    faq = tmp_path / "faq" / "faq.md"
    faq.parent.mkdir()
    faq.write_text("## Gruppe {#gruppe}\n\n### Frage? {#frage}\n\nAntwort.\n", encoding="utf-8")
    scaffold("faq", title, tmp_path, now=NOW)
    assert faq.read_text(encoding="utf-8").endswith(
        "Antwort.\n\n### Geht das auch samstags? {#geht-das-auch-samstags .entwurf}\n\n"
        "Hier steht die Antwort.\n"
    )
