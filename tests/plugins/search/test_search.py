"""Site search (plugins/search): the Pagefind index of the built site holds the main
content of exactly the pages search engines may index, the search page alone may
compile WebAssembly, and a failed index never replaces a good output."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest
from helpers import DEMO_CONTENT, PYTHON, ROOT, build_site, clean_env, read

from plugins.search import indexer
from plugins.search.indexer import (
    FOLDER,
    UNUSED,
    _run,
    finish_index,
    language_code,
    start_index,
    write_index,
)
from sitekit.servers.static import headers_for, parse_headers_file

BODY_MARK = "data-pagefind-body"
WASM = "'wasm-unsafe-eval'"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
LISTS = ("/blog/kategorie/", "/blog/schlagwort/")


def searchable(site) -> set[str]:
    """What the sitemap lists (the content the site wants found), less lists and search."""
    locs = ElementTree.parse(site / "sitemap.xml").getroot().iter(f"{{{SITEMAP}}}loc")
    paths = {urlsplit(loc.text).path for loc in locs}
    return {p for p in paths if p not in ("/blog/", "/suche/") and not p.startswith(LISTS)}


def indexed(site) -> dict[str, dict]:
    """Every page in the written index: address → Pagefind's record (content, title)."""
    records = {}
    for fragment in (site / FOLDER / "fragment").iterdir():
        raw = gzip.decompress(fragment.read_bytes())
        record = json.loads(raw[raw.index(b"{") :])
        records[record["url"]] = record
    return records


def marked_pages(site) -> set[str]:
    return {
        "/" + str(page.relative_to(site)).removesuffix("index.html")
        for page in site.rglob("*.html")
        if BODY_MARK in page.read_text(encoding="utf-8")
    }


def test_the_build_writes_pagefind_and_its_german_index(site):
    bundle = site / FOLDER
    assert (bundle / "pagefind.js").is_file()
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]  # one index, German stemming
    assert (bundle / "wasm.de.pagefind").is_file()
    assert any((bundle / "index").iterdir()) and any((bundle / "fragment").iterdir())
    assert not [name for name in UNUSED if (bundle / name).exists()]  # our own interface
    assert not list(site.glob(".pagefind.*"))  # nothing half-written left behind


def test_only_indexable_pages_are_in_the_index(site):
    expected = searchable(site)
    assert {"/", "/faq/", "/blog/das-gute-briefing/", "/leistungen/bueroorganisation/"} <= expected
    assert marked_pages(site) == expected
    assert set(indexed(site)) == expected
    entry = json.loads((site / FOLDER / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["de"]["page_count"] == len(expected)


@pytest.mark.parametrize(
    "path",
    ["/404.html", "/suche/", "/fragebogen/danke/", "/entwuerfe/jahresplanung/", "/blog/"],
)
def test_noindex_pages_drafts_lists_and_the_search_page_are_not_searchable(site, path):
    assert BODY_MARK not in read(site, path)


def test_only_main_content_is_indexed(site):
    records = indexed(site)
    article = records["/blog/das-gute-briefing/"]
    assert article["meta"]["title"].startswith("Das gute Briefing")
    assert "Wiedervorlage im Kalender" in article["content"]
    text = " ".join(record["content"] for record in records.values())
    for outside in (
        "Passt virtuelle Assistenz zu Ihnen",  # footer
        "Blog-Feed (RSS)",  # footer links
        "Zum Inhalt springen",  # skip link
        "Das könnte Sie auch interessieren",  # related posts
        "Älterer Beitrag",  # neighbours
        "Minuten Lesezeit",  # the article's meta line
        "Abschnitt 1 von",  # the questionnaire's form
        "Ihre Frage war nicht dabei",  # the FAQ's call to action
    ):
        assert outside not in text, outside


def test_the_singular_of_the_search_test_word_is_in_one_article_only(site):
    """The browser test searches for „Wiedervorlagen“: its singular is in one article."""
    records = indexed(site)
    assert [url for url, r in records.items() if "wiedervorlage" in r["content"].lower()] == [
        "/blog/das-gute-briefing/"
    ]
    assert not any("wiedervorlagen" in r["content"].lower() for r in records.values())


def test_every_page_links_to_the_search_page_and_only_it_has_a_search_form(site):
    for path in ("/", "/faq/", "/blog/das-gute-briefing/", "/suche/", "/404.html"):
        html = read(site, path)
        assert re.search(r'<a class="site-search-link" href="/suche/"[^>]*>Suche</a>', html), path
        forms = re.findall(r'<form[^>]*role="search"', html)
        assert len(forms) == (1 if path == "/suche/" else 0), path  # one search form, not two


def test_search_page_explains_itself_without_javascript(site):
    html = read(site, "/suche/")
    noscript = re.search(r"<noscript>(.*?)</noscript>", html, re.DOTALL).group(1)
    assert "braucht JavaScript" in noscript
    for target in ("/blog/archiv/", "/leistungen/", "/faq/"):
        assert f'href="{target}"' in noscript
    assert re.search(r'<script src="/assets/js/search\.[0-9a-f]{8}\.js" defer></script>', html)
    assert "search." not in read(site, "/faq/").split("<body", 1)[0]  # only where it is used


def _meta_policy(html: str) -> str:
    found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    return found.group(1).replace("&#39;", "'")


def test_webassembly_is_allowed_on_the_search_page_only(published):
    assert WASM in _meta_policy(read(published, "/suche/"))
    for path in ("/", "/faq/", "/blog/das-gute-briefing/", "/fragebogen/"):
        assert WASM not in _meta_policy(read(published, path)), path
    rules = parse_headers_file((published / "_headers").read_text(encoding="utf-8"))
    search = headers_for(rules, "/suche/")["Content-Security-Policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in search
    assert "frame-ancestors 'none'" in search
    for path in ("/", "/faq/", "/pagefind/pagefind.js", "/suchen/"):
        assert WASM not in headers_for(rules, path)["Content-Security-Policy"], path
    for name in ("_headers", ".htaccess", "_headers.nginx", "_headers.caddy"):
        text = (published / name).read_text(encoding="utf-8")
        assert text.count(WASM) == 1, name
        assert "'unsafe-eval'" not in text and "unsafe-inline" not in text
    nginx = (published / "_headers.nginx").read_text(encoding="utf-8")
    assert "location ^~ /suche/ {" in nginx
    assert "header /suche/* {" in (published / "_headers.caddy").read_text(encoding="utf-8")
    assert '<If "%{REQUEST_URI} =~ m#^/suche/#">' in (published / ".htaccess").read_text(
        encoding="utf-8"
    )


def test_pagefind_may_fetch_its_files(published):
    """pagefind.js fetches its index and WebAssembly from the site: connect-src 'self'."""
    policy = _meta_policy(read(published, "/suche/"))
    assert "connect-src 'self'" in policy
    assert "worker-src" not in policy  # the search runs in the page, not in a worker


def test_the_index_is_replaced_whole(tmp_path, site):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    first = {p.relative_to(copy): p.read_bytes() for p in (copy / FOLDER).rglob("*.*")}
    report = write_index(copy, "de")
    again = {p.relative_to(copy): p.read_bytes() for p in (copy / FOLDER).rglob("*.*")}
    assert again == first  # the same pages give the same index, byte for byte
    assert report.pages == len(searchable(site)) and report.size > 0
    shutil.rmtree(copy / "blog" / "erreichbarkeit")
    write_index(copy, "de")
    assert "/blog/erreichbarkeit/" not in indexed(copy)
    assert not list(copy.glob(".pagefind.*"))


def test_showing_pagefind_only_the_marked_pages_gives_the_index_of_the_whole_site(tmp_path, site):
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    quoting = copy / "zitat" / "index.html"  # names the mark in its text, marks nothing
    quoting.parent.mkdir()
    quoting.write_text(f"<html lang=de><title>Zitat</title><p>{BODY_MARK}</p></html>")
    _run(copy, tmp_path / "ganz", "de")  # Pagefind over every page
    write_index(copy, "de")
    whole = {
        p.relative_to(tmp_path / "ganz"): p.read_bytes() for p in (tmp_path / "ganz").rglob("*.*")
    }
    shown = {p.relative_to(copy / FOLDER): p.read_bytes() for p in (copy / FOLDER).rglob("*.*")}
    assert set(whole) - set(shown) == {Path(name) for name in UNUSED}
    assert {name: whole[name] for name in shown} == shown
    assert "/zitat/" not in indexed(copy)
    assert not list(copy.glob(".pagefind.*"))


def test_marked_pages_with_any_characters_in_their_paths_are_all_in_the_index(tmp_path, site):
    """Pagefind is given the marked pages as a glob: a path with a glob's own characters
    (or a backslash, which its globs cannot escape) is in the index all the same, and a
    page that differs from one just there but carries no mark is not."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    article = (copy / "blog" / "erreichbarkeit" / "index.html").read_text(encoding="utf-8")
    odd = ["a b", "x{y},z", "ü(1)", "stern*[1]", "back\\slash", "ja!?"]
    for name in odd:
        (copy / name).mkdir()
        (copy / name / "index.html").write_text(article, encoding="utf-8")
    unmarked = copy / "x(y)(z" / "index.html"  # the same as "x{y},z" but for the glob's "?"
    unmarked.parent.mkdir()
    unmarked.write_text(article.replace(BODY_MARK, "data-nicht-markiert"), encoding="utf-8")
    write_index(copy, "de")
    urls = {unquote(url) for url in indexed(copy)}
    assert {f"/{name}/" for name in odd} <= urls
    assert urls == marked_pages(copy)
    assert "/x(y)(z/" not in urls
    assert not list(copy.glob(".pagefind.*"))


def test_a_pagefind_configuration_in_the_working_folder_changes_nothing(
    tmp_path, site, monkeypatch
):
    """Pagefind reads a pagefind.yml/json from the folder it is started in; the build
    starts it in a folder of its own, so an owner's file there cannot change the index."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    project = tmp_path / "projekt"
    project.mkdir()
    (project / "pagefind.json").write_text('{"glob": "nichts/*.html"}', encoding="utf-8")
    monkeypatch.chdir(project)
    report = write_index(copy, "de")
    assert report.pages == len(searchable(site))


def _index_files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site / FOLDER): p.read_bytes() for p in (site / FOLDER).rglob("*.*")}


def _articles_and_pages(site: Path) -> list[str]:
    """What a build has written when it starts the index: its articles and pages (those
    the sitemap lists, less the search page), not the lists."""
    return [(Path(path.strip("/")) / "index.html").as_posix() for path in searchable(site)]


def test_an_index_begun_before_the_lists_are_written_is_the_index_of_the_whole_site(
    tmp_path, site, monkeypatch
):
    """The build starts Pagefind once its articles and pages are written and the lists
    still render; the index it puts in place is byte for byte the one made at the end.
    With no index kept, Pagefind starts before the pages are read for the mark, over
    unmarked ones too (the search page, 404), which it leaves out by itself."""
    whole, early = tmp_path / "am-ende", tmp_path / "frueh"
    for copy in (whole, early):
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    write_index(whole, "de")
    begun_from = [*_articles_and_pages(early), "suche/index.html", "404.html"]
    assert BODY_MARK not in read(early, "/suche/") + read(early, "404.html")
    lists = [p for p in early.rglob("*.html") if p.relative_to(early).as_posix() not in begun_from]
    kept = {page: page.read_bytes() for page in lists}
    for page in lists:  # not written yet when the index begins
        page.unlink()
    running_when_read = []
    read_pages = indexer.survey

    def survey(*args):
        running_when_read.append((early / ".pagefind.lauf" / "pagefind.json").is_file())
        return read_pages(*args)

    monkeypatch.setattr(indexer, "survey", survey)
    started = start_index(early, "de", tmp_path / "leerer-cache", begun_from)
    assert started is not None and started.process is not None
    assert running_when_read == [True]
    for page, data in kept.items():
        page.write_bytes(data)
    report = finish_index(early, "de", None, started)
    assert _index_files(early) == _index_files(whole)
    assert report.pages == len(searchable(site))
    assert not list(early.glob(".pagefind.*"))


def test_an_index_begun_from_unmarked_pages_only_is_dropped(tmp_path, site):
    """Should none of the pages the index begins from carry the mark, the run started
    over them is ended and leaves nothing behind: the index is made at the end."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    assert start_index(copy, "de", None, ["suche/index.html", "404.html"]) is None
    assert not list(copy.glob(".pagefind*")) and not (copy / FOLDER).exists()


def test_a_page_marked_after_the_index_began_is_in_the_index_all_the_same(tmp_path, site):
    """Should a page the index was not begun from carry the mark (a theme that marks a
    list), the early run is dropped and the index made anew from every marked page."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(FOLDER))
    begun_from = _articles_and_pages(copy)
    started = start_index(copy, "de", tmp_path / "cache", begun_from)
    assert started is not None
    later = copy / "spaeter" / "index.html"
    later.parent.mkdir()
    later.write_bytes((copy / begun_from[0]).read_bytes())
    finish_index(copy, "de", tmp_path / "cache", started)
    assert "/spaeter/" in indexed(copy)
    fresh = tmp_path / "frisch"
    shutil.copytree(copy, fresh, ignore=shutil.ignore_patterns(FOLDER))
    write_index(fresh, "de")
    assert _index_files(copy) == _index_files(fresh)


def test_a_build_of_unchanged_pages_takes_its_index_from_the_cache(tmp_path):
    """The second build of the same site begins its index from every article and page
    (those taken from the last build too), finds it in the cache and runs no Pagefind:
    here Pagefind could not even run."""
    cache, out = tmp_path / "cache", tmp_path / "out"
    first = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", f'CACHE_PATH="{cache}"')
    assert first.ok, first.output
    index = _index_files(out)
    broken = tmp_path / "ohne-pagefind"
    broken.mkdir()
    (broken / "sitecustomize.py").write_text(
        'import os\nos.environ["PAGEFIND_BINARY_PATH"] = "/bin/false"\n', encoding="utf-8"
    )
    again = build_site(
        DEMO_CONTENT, out, "pelicanconf.py", "-e", f'CACHE_PATH="{cache}"', pythonpath=str(broken)
    )
    assert again.ok, again.output
    assert _index_files(out) == index


def test_language_codes_for_pagefind():
    assert language_code("de") == "de"
    assert language_code("de_DE") == "de"
    assert language_code("en-GB") == "en"


def test_a_failed_index_keeps_the_earlier_output(tmp_path, earlier_output):
    command = [PYTHON, "-m", "sitekit.build", "-c", str(DEMO_CONTENT)]
    proc = subprocess.run(
        [*command, "-o", str(earlier_output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        # an empty cache of its own: with the suite's, an index made earlier is taken
        env=clean_env(
            PAGEFIND_BINARY_PATH=str(tmp_path / "kein-pagefind"),
            SITEKIT_CACHE=str(tmp_path / "cache"),
        ),
    )
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if "Suchindex" in line]
    assert lines and lines[0].startswith("FEHLER: pagefind/: Der Suchindex (Pagefind)")
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"
    assert not list(earlier_output.parent.glob("output.*"))


def test_search_can_be_switched_off(tmp_path):
    out = tmp_path / "out"
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", "SEARCH_INDEX=false")
    assert build.ok, build.output
    assert not (out / FOLDER).exists()
    assert (out / "suche" / "index.html").exists()


def test_a_bad_setting_is_one_german_line(tmp_path):
    build = build_site(DEMO_CONTENT, tmp_path / "out", "pelicanconf.py", "-e", "SEARCH_INDEX=3")
    assert not build.ok
    assert "SEARCH_INDEX" in build.output and "Traceback" not in build.output
