"""``invoke new`` scaffolds content with German slugs and valid front matter."""

from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import frontmatter
import pytest
from helpers import ROOT, build_site

from sitekit.scaffold import scaffold

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


def test_faq_question_is_appended_with_anchor_and_builds(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    scaffold("faq", "Arbeiten Sie auch am Wochenende", content, now=NOW)
    text = (content / "faq" / "faq.md").read_text()
    assert text.endswith(
        "### Arbeiten Sie auch am Wochenende? {#arbeiten-sie-auch-am-wochenende}\n\n"
        "Hier steht die Antwort.\n"
    )
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    assert 'id="arbeiten-sie-auch-am-wochenende"' in (out / "faq/index.html").read_text()


def test_scaffolded_post_builds_as_draft(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    scaffold("post", "Neuer Beitrag über Öl", content, now=NOW)
    out = tmp_path / "out"
    build = build_site(content, out)
    assert build.ok, build.output
    assert (out / "entwuerfe/neuer-beitrag-ueber-oel/index.html").exists()


def test_unknown_kind_and_empty_title(tmp_path):
    with pytest.raises(ValueError, match="Unbekannte Art"):
        scaffold("podcast", "Titel", tmp_path)
    with pytest.raises(ValueError, match="leer"):
        scaffold("post", "  ?! ", tmp_path)
