"""RSS 2.0 and Atom feeds: accepted by feedparser and true to the rules of both specs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from helpers import DEMO_CONTENT, build_site
from lxml import etree, html

LOCAL = "http://127.0.0.1:8000"
PRODUCTION = "https://www.buero-lindenblatt.example"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$"
)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$")
NEWEST_FIRST = [
    "erreichbarkeit",
    "datenschutz-in-der-assistenz",
    "das-gute-briefing",
    "bedarf-klaeren",
]
CATEGORIES = {"zusammenarbeit": 2, "organisation": 1, "datenschutz": 1}
POST = """---
title: {title}
date: {date}
category: Organisation
tags: [Test]
status: {status}
---
{body}
"""


def feed_files(site: Path) -> list[Path]:
    return sorted((site / "feeds").glob("*.xml"))


def parse(path: Path):
    return feedparser.parse(path.read_bytes())


def tree(path: Path):
    return etree.fromstring(path.read_bytes())


def slugs(parsed) -> list[str]:
    return [e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries]


def local_file(site: Path, url: str, base: str) -> Path:
    assert url.startswith(base + "/"), url
    path = urlsplit(url).path.lstrip("/")
    target = site / path
    return target / "index.html" if (path == "" or path.endswith("/")) else target


def build(tmp_path, content: Path, *extra: str, settings: str = "pelicanconf.py") -> Path:
    out = tmp_path / "out"
    result = build_site(content, out, settings, *extra)
    assert result.ok, result.output
    return out


def small_site(tmp_path, posts: dict[str, str]) -> Path:
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    for name, text in posts.items():
        (content / "blog" / name).write_text(text, encoding="utf-8")
    return content


def test_all_feeds_are_written_at_pelicans_usual_paths(site):
    names = {p.name for p in feed_files(site)}
    expected = {"all.rss.xml", "all.atom.xml"}
    expected |= {f"{c}.{kind}.xml" for c in CATEGORIES for kind in ("rss", "atom")}
    assert names == expected


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_site_feed_parses_cleanly_newest_first_with_every_field(site, kind):
    parsed = parse(site / f"feeds/all.{kind}.xml")
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == ("rss20" if kind == "rss" else "atom10")
    assert slugs(parsed) == NEWEST_FIRST
    feed = parsed.feed
    assert feed.title == "Büro Lindenblatt – Virtuelle Assistenz"
    assert feed.subtitle and feed.language == "de-DE"
    assert feed.updated_parsed[:3] == (2026, 10, 8)  # newest post: lastBuildDate / updated
    assert any(link.rel == "self" for link in feed.links)
    assert feed.image.href if kind == "rss" else feed.icon
    for entry in parsed.entries:
        fields = ["title", "link", "id", "published", "summary", "author"]
        fields += ["updated"] if kind == "atom" else []  # RSS items have only pubDate
        for field in fields:
            assert entry.get(field), (entry.link, field)
        assert entry.content[0].type == "text/html" and len(entry.content[0].value) > 1000
        assert entry.summary != entry.content[0].value
        assert entry.id.startswith("tag:buero-lindenblatt.example,2026-01-01:blog/")
        terms = [t.term for t in entry.tags]
        assert len(terms) >= 3  # category and tags
    first = parsed.entries[-1]
    assert first.title == "Bevor Sie delegieren: So finden Sie heraus, was Sie wirklich brauchen"
    assert first.published_parsed[:5] == (2026, 3, 14, 8, 30)  # 09:30 in Berlin = 08:30 UTC
    assert [t.term for t in first.tags] == [
        "Zusammenarbeit",
        "Delegieren",
        "Bedarfsanalyse",
        "Selbstständigkeit",
    ]


@pytest.mark.parametrize("category, count", sorted(CATEGORIES.items()))
def test_category_feeds(site, category, count):
    for kind in ("rss", "atom"):
        parsed = parse(site / f"feeds/{category}.{kind}.xml")
        assert parsed.bozo == 0
        assert len(parsed.entries) == count
        assert all(e.tags[0].term.lower().startswith(category[:5]) for e in parsed.entries)


def test_every_link_is_absolute_and_exists_in_the_output(site):
    checked = 0
    for path in feed_files(site):
        parsed = parse(path)
        for entry in parsed.entries:
            page = local_file(site, entry.link, LOCAL)
            assert page.exists(), entry.link
            for fragment in (entry.content[0].value, entry.summary):
                for url in html.fromstring(f"<div>{fragment}</div>").xpath("//@href | //@src"):
                    if url.startswith("mailto:"):
                        continue
                    target = local_file(site, url, LOCAL)
                    assert target.exists(), (entry.link, url)
                    anchor = urlsplit(url).fragment
                    if anchor:
                        assert f'id="{anchor}"' in target.read_text(encoding="utf-8"), url
                    checked += 1
    assert checked >= 8


def test_rss_rules_checked_with_lxml(site):
    for path in feed_files(site):
        if not path.name.endswith(".rss.xml"):
            continue
        channel = tree(path).find("channel")
        assert channel.findtext("language") == "de-DE"
        self_link = channel.find(f"{ATOM}link[@rel='self']")
        assert self_link.get("href") == f"{LOCAL}/feeds/{path.name}"
        assert self_link.get("type") == "application/rss+xml"
        assert RFC822.match(channel.findtext("lastBuildDate"))
        assert channel.find("image/url").text.endswith(".png")
        for item in channel.iter("item"):
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "false" and guid.text.startswith("tag:")
            assert RFC822.match(item.findtext("pubDate")), item.findtext("pubDate")
            assert item.findtext("pubDate").endswith(("+0100", "+0200"))
            assert re.match(r"^\S+@\S+ \(.+\)$", item.findtext("author"))
            for name in (
                "title",
                "link",
                "description",
                "{http://purl.org/rss/1.0/modules/content/}encoded",
            ):
                assert (item.findtext(name) or "").strip(), name
        assert not [e for e in channel.iter() if e.text is None and len(e) == 0 and not e.attrib]


def test_atom_rules_checked_with_lxml(site):
    for path in feed_files(site):
        if not path.name.endswith(".atom.xml"):
            continue
        feed = tree(path)
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "de-DE"
        assert feed.find(f"{ATOM}link[@rel='self']").get("href") == f"{LOCAL}/feeds/{path.name}"
        assert RFC3339.match(feed.findtext(f"{ATOM}updated"))
        for entry in feed.iter(f"{ATOM}entry"):
            for name in ("published", "updated"):
                assert RFC3339.match(entry.findtext(f"{ATOM}{name}")), name
            assert entry.find(f"{ATOM}content").get("type") == "html"
            assert entry.find(f"{ATOM}summary").get("type") == "html"


def test_feed_opens_with_the_sites_stylesheet(site):
    for path in feed_files(site):
        start = path.read_bytes()[:200].decode()
        assert '<?xml-stylesheet type="text/xsl" href="/feeds/feed.xsl"?>' in start
    etree.XSLT(etree.parse(str(site / "feeds/feed.xsl")))  # compiles


def test_ids_stay_the_same_across_builds_and_title_changes(tmp_path, site):
    before = {e.link: e.id for e in parse(site / "feeds/all.atom.xml").entries}
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    article = content / "blog/das-gute-briefing.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace('title: "Das gute Briefing', 'title: "Neuer Titel: Das gute Briefing'),
        encoding="utf-8",
    )
    out = build(tmp_path, content)
    after = parse(out / "feeds/all.atom.xml")
    titles = [e.title for e in after.entries]
    assert any(t.startswith("Neuer Titel") for t in titles)
    assert {e.link: e.id for e in after.entries} == before
    rss_guids = [e.id for e in parse(site / "feeds/all.rss.xml").entries]
    assert rss_guids == [e.id for e in parse(out / "feeds/all.rss.xml").entries]


def test_hostile_titles_and_content_stay_well_formed_and_exact(tmp_path):
    title = 'Preise & "Pakete" <b>fett</b> ]]> ‚halb‘ 😀'
    body = (
        "Text mit ]]> und <b>echtem</b> Markup, \x01Steuerzeichen\x0b und Emoji 🎉.\n\n"
        "[Anker](#abschnitt) und [intern](/blog/) und ![Bild](/images/feed-icon.png)\n\n"
        "## Abschnitt {#abschnitt}\n"
    )
    content = small_site(
        tmp_path,
        {
            "boese.md": POST.format(
                title="'" + title.replace("'", "''") + "'",
                date="2026-02-01 10:00:00+01:00",
                status="published",
                body=body,
            )
        },
    )
    (content / "images").mkdir(exist_ok=True)
    shutil.copy(DEMO_CONTENT / "images" / "feed-icon.png", content / "images")
    out = build(tmp_path, content)
    for path in feed_files(out):
        tree(path)  # well-formed XML
        parsed = parse(path)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        entry = parsed.entries[0]
        assert entry.title == title.replace('"Pakete"', "„Pakete“")  # German quotes, as in the body
        value = entry.content[0].value
        assert "]]&gt;" in value and "🎉" in value and "\x01" not in value
        assert entry.link == "http://127.0.0.1:8000/blog/preise-und-pakete-fett-halb/"
        assert f'href="{entry.link}#abschnitt"' in value
        assert 'href="http://127.0.0.1:8000/blog/"' in value
        # the image's fallback (feed readers drop <picture>/<source>), every address absolute
        image = r'src="http://127\.0\.0\.1:8000/images/feed-icon-\d+\.\w{8}\.png"'
        assert re.search(image, value)
        assert 'srcset="/' not in value and ", /images" not in value


def test_drafts_hidden_and_future_posts_never_appear(tmp_path):
    posts = {
        "heute.md": POST.format(
            title="Veröffentlicht", date="2026-02-01", status="published", body="Text."
        ),
        "entwurf.md": POST.format(title="Entwurf", date="2026-02-02", status="draft", body="x"),
        "versteckt.md": POST.format(
            title="Versteckt", date="2026-02-03", status="hidden", body="x"
        ),
        "zukunft.md": POST.format(title="Zukunft", date="2099-01-01", status="published", body="x"),
    }
    out = build(tmp_path, small_site(tmp_path, posts))
    for path in feed_files(out):
        assert [e.title for e in parse(path).entries] == ["Veröffentlicht"], path.name


def test_entry_count_is_a_setting(tmp_path):
    posts = {
        f"p{n}.md": POST.format(
            title=f"Beitrag {n}", date=f"2026-02-{n:02d}", status="published", body="Text."
        )
        for n in range(1, 6)
    }
    out = build(tmp_path, small_site(tmp_path, posts), "-e", "FEEDS_MAX_ITEMS=3")
    parsed = parse(out / "feeds/all.rss.xml")
    assert [e.title for e in parsed.entries] == ["Beitrag 5", "Beitrag 4", "Beitrag 3"]


def test_published_build_uses_the_production_domain(published):
    for path in feed_files(published):
        text = path.read_text(encoding="utf-8")
        assert LOCAL not in text
        parsed = parse(path)
        assert all(e.link.startswith(PRODUCTION + "/blog/") for e in parsed.entries)
        self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
        assert self_link == f"{PRODUCTION}/feeds/{path.name}"
        # same-origin stylesheet, root-relative so a release can be checked locally
        assert '<?xml-stylesheet type="text/xsl" href="/feeds/feed.xsl"?>' in text


def test_every_page_announces_the_feeds(site):
    for file in site.rglob("*.html"):
        head = html.fromstring(file.read_text(encoding="utf-8")).find("head")
        kinds = head.xpath("link[@rel='alternate']/@type")
        assert {"application/rss+xml", "application/atom+xml"} <= set(kinds), file
    category = html.fromstring((site / "blog/kategorie/organisation/index.html").read_text())
    assert "/feeds/organisation.rss.xml" in category.xpath("//head/link[@rel='alternate']/@href")
    assert category.xpath("//main//a[@href='/feeds/organisation.atom.xml']")
    blog = html.fromstring((site / "blog/index.html").read_text())
    assert blog.xpath("//main//a[@href='/feeds/all.rss.xml']")
    assert blog.xpath("//footer//a[@href='/feeds/all.rss.xml']")


def test_bad_feed_setting_is_refused(tmp_path):
    content = small_site(
        tmp_path, {"a.md": POST.format(title="A", date="2026-02-01", status="published", body="x")}
    )
    result = build_site(content, tmp_path / "out", "pelicanconf.py", "-e", "FEEDS_MAX_ITEMS=0")
    assert result.returncode != 0
    assert (
        "FEHLER: pelicanconf.py: FEEDS_MAX_ITEMS: 0 ist kleiner als 1 – "
        "bitte eine ganze Zahl ab 1 eintragen." in result.output
    )


def test_feeds_go_through_the_same_writer_as_pages(site):
    """The owner's address is hidden in pages; feeds must not show it in clear text."""
    owner = "hallo@buero-lindenblatt.example"
    raw = [path.read_text(encoding="utf-8") for path in feed_files(site)]
    assert not [text for text in raw if "@" in text]
    parsed = parse(site / "feeds/all.rss.xml")
    assert parsed.bozo == 0
    assert all(owner in entry.author for entry in parsed.entries)  # decoded by the reader
