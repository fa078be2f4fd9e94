"""The demo site built from content/: every page type, German output, drafts."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
from helpers import DEMO_CONTENT, build_site, post, read
from lxml import etree, html

from sitekit.bench.weight import BUDGET_BYTES, TYPICAL_PAGES, page_weight

SERVICE_FILES = sorted((DEMO_CONTENT / "services").glob("*.md"))


def doc(site: Path, path: str):
    return html.fromstring(read(site, path))


def test_every_page_type_exists_at_its_clean_url(site):
    for path in [
        "/",
        "leistungen/",
        "faq/",
        "blog/",
        "blog/bedarf-klaeren/",
        "blog/erreichbarkeit/",
        "blog/kategorien/",
        "blog/kategorie/zusammenarbeit/",
        "blog/schlagworte/",
        "blog/schlagwort/delegieren/",
        "blog/archiv/",
        "blog/archiv/2026/",
        "ueber-mich/",
        "kontakt/",
        "impressum/",
        "datenschutz/",
        "fragebogen/",
        "404.html",
    ]:
        page = doc(site, path)
        assert page.find(".//h1") is not None, path
        assert page.getroottree().getroot().get("lang") == "de", path


def test_links_never_end_in_html(site):
    for file in site.rglob("*.html"):
        for href in doc(site, str(file.relative_to(site))).xpath("//a/@href"):
            if href.startswith("/"):
                assert not href.endswith(".html"), f"{file}: {href}"


def test_services_overview_lists_every_service_file_in_order(site):
    assert len(SERVICE_FILES) >= 6
    overview = doc(site, "leistungen/")
    links = overview.xpath("//main//ul[contains(@class, 'cards')]//h2/a/@href")
    slugs = [re.search(r"slug:\s*(\S+)", f.read_text()).group(1) for f in SERVICE_FILES]
    assert sorted(links) == sorted(f"/leistungen/{slug}/" for slug in slugs)
    for slug in slugs:
        page = doc(site, f"leistungen/{slug}/")
        facts = page.xpath("//dl[@class='facts']/dd/text()")
        assert len(facts) == 2 and all(f.strip() for f in facts), slug
    prices = overview.xpath("//p[@class='card__price']/span/text()")
    assert len(prices) == len(SERVICE_FILES) and all("€" in p for p in prices)


def test_home_has_services_principles_posts_and_questionnaire_cta(site):
    home = doc(site, "/")
    text = home.text_content()
    assert len(home.xpath("//main//a[starts-with(@href, '/leistungen/')]")) >= 7
    for principle in ("Zuverlässig", "Genau", "Diskret", "Ehrlich", "Erreichbar"):
        assert principle in text
    assert home.xpath("//main//a[starts-with(@href, '/blog/') and ancestor::article]")
    assert home.xpath("//main//a[@href='/fragebogen/' and contains(@class, 'button')]")


def test_faq_has_groups_questions_and_stable_anchors(site):
    faq = doc(site, "faq/")
    groups = faq.xpath("//section[@class='faq-group']")
    questions = faq.xpath("//details[@class='faq-item']")
    assert len(groups) >= 3
    assert len(questions) >= 14
    assert all(q.get("open") is None for q in questions)  # an accordion, closed by default
    assert all(q.xpath("summary/h3") for q in questions)  # the question is the summary
    ids = [q.get("id") for q in questions]
    assert len(set(ids)) == len(ids)
    for anchor in (
        "krankheit-vertretung",
        "briefings",
        "vertraulichkeit",
        "loeschung",
        "eine-person-oder-team",
        "erreichbarkeit",
        "videocalls",
        "abrechnung",
    ):
        assert anchor in ids
        assert faq.xpath(f"//a[@href='#{anchor}']"), anchor
    source = (DEMO_CONTENT / "faq" / "faq.md").read_text()
    assert source.count("\n### ") == len(questions)


def test_dates_are_german_without_a_system_locale(site):
    article = doc(site, "blog/bedarf-klaeren/")
    time = article.xpath("//header//time")[0]
    assert time.text == "14. März 2026"
    assert time.get("datetime") == "2026-03-14T09:30:00+01:00"
    summer = doc(site, "blog/datenschutz-in-der-assistenz/").xpath("//header//time")[0]
    assert summer.text == "20. August 2026" and summer.get("datetime").endswith("+02:00")


def test_native_headers_and_yaml_front_matter_in_one_site(site):
    native = doc(site, "blog/erreichbarkeit/")
    assert native.xpath("//header//time")[0].text == "8. Oktober 2026"
    tags = native.xpath("//ul[@class='tags']//a/text()")
    assert tags == ["Erreichbarkeit", "Werkzeuge", "Selbstständigkeit"]


def test_yaml_tag_lists_become_separate_tags(site):
    article = doc(site, "blog/bedarf-klaeren/")
    tags = article.xpath("//ul[@class='tags']//a")
    assert [a.text for a in tags] == ["Delegieren", "Bedarfsanalyse", "Selbstständigkeit"]
    assert tags[2].get("href") == "/blog/schlagwort/selbststaendigkeit/"
    assert (site / "blog/schlagwort/delegieren/index.html").exists()


def test_gender_stars_stay_literal_while_emphasis_works(site):
    first = read(site, "blog/bedarf-klaeren/")
    paragraph = re.search(r"<p>[^\n]*Kund\*innen[^\n]*</p>", first).group(0)
    for form in ("Kund*innen", "Mitarbeiter*innen"):
        assert form in paragraph
    assert "<em>" in paragraph
    assert "<em>innen" not in first and "</em>innen" not in first
    assert "Wenn jede*r von ihnen" in read(site, "blog/erreichbarkeit/")


def test_german_quotes_and_apostrophes(site):
    text = doc(site, "blog/das-gute-briefing/").xpath("//main")[0].text_content()
    assert "„" in text and "“" in text
    assert "’s" in text
    assert "‘s" not in text and '"' not in text


def test_blog_has_reading_time_neighbours_related_and_pagination(site):
    article = doc(site, "blog/das-gute-briefing/")
    assert re.search(r"\d+\u00a0Minuten? Lesezeit", article.text_content())  # kept together
    assert article.xpath("//nav[@class='neighbors']/a[@rel='prev']")
    assert article.xpath("//nav[@class='neighbors']/a[@rel='next']")
    assert article.xpath("//section[@aria-labelledby='related-title']//a")


def test_pagination_uses_directory_urls(tmp_path, content_copy):
    out = tmp_path / "out"
    build = build_site(content_copy, out, "pelicanconf.py", "-e", "DEFAULT_PAGINATION=2")
    assert build.ok, build.output
    first = doc(out, "blog/")
    nxt = first.xpath("//nav[@class='pagination']/a[@rel='next']/@href")
    assert nxt == ["/blog/seite/2/"]
    assert (out / "blog/seite/2/index.html").exists()


def archive_entries(page) -> list[tuple[str, str]]:
    """The archive's list items: (link target, the item's text)."""
    return [(li.xpath("string(a/@href)"), li.text_content()) for li in page.xpath("//main//li")]


def test_the_archive_lists_every_post_up_to_a_limit_then_each_year(site, tmp_path, content_copy):
    posts = [href for href, _ in archive_entries(doc(site, "blog/archiv/"))]
    year_page = [href for href, _ in archive_entries(doc(site, "blog/archiv/2026/"))]
    assert len(posts) >= 4 and posts == year_page  # the demo's posts, all from 2026

    # a larger blog: above ARCHIVE_LIST_MAX posts, one line per year, newest first
    old = post("Rückblick", "summary: Was das erste Jahr gebracht hat.\n")
    (content_copy / "blog" / "rueckblick.md").write_text(
        old.replace("2026-01-05", "2025-11-03"), encoding="utf-8"
    )
    out = tmp_path / "out"
    build = build_site(content_copy, out, "pelicanconf.py", "-e", f"ARCHIVE_LIST_MAX={len(posts)}")
    assert build.ok, build.output
    archive = doc(out, "blog/archiv/")
    assert archive_entries(archive) == [
        ("/blog/archiv/2026/", f"2026 ({len(posts)} Beiträge)"),
        ("/blog/archiv/2025/", "2025 (1 Beitrag)"),
    ]
    assert "Jedes Jahr hat eine eigene Seite" in archive.text_content()
    assert [href for href, _ in archive_entries(doc(out, "blog/archiv/2026/"))] == posts
    assert [href for href, _ in archive_entries(doc(out, "blog/archiv/2025/"))] == [
        "/blog/rueckblick/"
    ]


def test_drafts_only_in_local_preview(site, published):
    assert (site / "entwuerfe/jahresplanung/index.html").exists()
    assert "Entwurf" in read(site, "entwuerfe/jahresplanung/")
    assert not (published / "entwuerfe").exists()
    everything = "".join(p.read_text() for p in published.rglob("*.html"))
    assert "jahresplanung" not in everything
    assert "Jahresplanung mit Assistenz" not in everything


def test_published_build_has_absolute_canonical_urls(published):
    home = doc(published, "/")
    assert home.xpath("//link[@rel='canonical']/@href") == [
        "https://www.buero-lindenblatt.example/"
    ]
    assert not home.xpath("//meta[@name='robots']")
    article = doc(published, "blog/bedarf-klaeren/")
    url = "https://www.buero-lindenblatt.example/blog/bedarf-klaeren/"
    assert article.xpath("//link[@rel='canonical']/@href") == [url]
    assert article.xpath("//meta[@property='og:url']/@content") == [url]
    assert article.xpath("//meta[@property='og:type']/@content") == ["article"]


def test_no_empty_tag_or_category_pages(published):
    listings = list((published / "blog/schlagwort").iterdir())
    listings += list((published / "blog/kategorie").iterdir())
    for listing in listings:
        page = doc(published, str(listing.relative_to(published)) + "/")
        assert page.xpath("//ul[contains(@class, 'cards')]/li"), listing.name


def test_hidden_pages_are_built_but_never_linked(site):
    assert "Diese Seite gibt es nicht" in read(site, "404.html")
    for file in site.rglob("*.html"):
        hrefs = doc(site, str(file.relative_to(site))).xpath("//a/@href")
        assert not [h for h in hrefs if h.endswith("404.html")], file


def test_legal_pages_carry_owner_data_and_placeholder_notice(site):
    imprint = doc(site, "impressum/")
    text = imprint.text_content()
    assert "§\u00a05 DDG" in text and "Musterstraße 12" in text
    assert "Beispieldaten: Name, Anschrift und Kontaktdaten auf dieser Seite sind erfunden" in (
        " ".join(text.split())
    )
    privacy = doc(site, "datenschutz/").text_content()
    assert "DSGVO" in privacy and "Verantwortliche Stelle" in privacy and "Cookies" in privacy
    assert "hallo@buero-lindenblatt.example" in doc(site, "kontakt/").text_content()


def test_privacy_page_is_complete(site):
    page = doc(site, "datenschutz/")
    text = " ".join(page.xpath("string(//main)").split())
    assert "Art. 13 Abs. 2 lit. e DSGVO" in text  # whether providing data is required
    [objection] = page.xpath("//main//p[contains(@class, 'notice')][contains(., 'Art.\u00a021')]")
    assert objection.xpath("strong[starts-with(., 'Widerspruchsrecht')]")  # highlighted
    assert "Berliner Beauftragte/r für Datenschutz und Informationsfreiheit, Berlin" in text
    assert re.search(r"Stand: \d{1,2}\. \w+ \d{4}", text)
    assert "Vertrag über die Verarbeitung im Auftrag nach Art. 28 DSGVO" in text  # hosting
    assert "Drittland" not in text  # the own receiver: nothing leaves the EU
    assert "Terminbuchung" not in text  # no booking tool configured in the demo


def test_no_external_references_in_markup(site):
    for file in site.rglob("*.html"):
        page = doc(site, str(file.relative_to(site)))
        for url in page.xpath("//@src | //link/@href | //script/@src"):
            assert not url.startswith(("http:", "https:", "//")), f"{file}: {url}"
        inline_code = (
            "//script[not(@src) and not(@type='application/ld+json' or @type='application/json')]"
        )
        assert not page.xpath(f"//*[@style] | {inline_code}"), file
        assert not page.xpath("//@*[starts-with(name(), 'on')]"), file


def test_typical_pages_stay_under_the_weight_budget(site):
    for page in TYPICAL_PAGES:
        weight = page_weight(site, page)
        assert weight["css"] > 0, page  # the stylesheet was found and counted
        assert weight["total"] < BUDGET_BYTES, (page, weight)


def test_every_file_comes_from_our_german_theme(site):
    """Pelican falls back to its English 'simple' theme for a missing template."""
    for file in site.rglob("*.html"):
        page = doc(site, str(file.relative_to(site)))
        assert page.xpath("//a[@class='skip-link']"), file
        assert page.xpath("//nav[@aria-label='Hauptnavigation']"), file


def test_sitemap_lastmod_comes_from_the_content_never_the_build_time(published):
    tree = etree.parse(str(published / "sitemap.xml"))
    lastmod = {
        url.findtext("{*}loc").removeprefix("https://www.buero-lindenblatt.example/"): (
            url.findtext("{*}lastmod")
        )
        for url in tree.iter("{*}url")
    }
    post = frontmatter.load(DEMO_CONTENT / "blog" / "das-gute-briefing.md")
    expected = post.get("modified") or post["date"]
    assert lastmod["blog/das-gute-briefing/"].startswith(str(expected)[:10])
    for undated in ("", "faq/", "impressum/", "leistungen/kundenservice/"):
        assert lastmod[undated] is None, undated  # no date in the file: no lastmod at all
    newest = max(v for k, v in lastmod.items() if k.startswith("blog/") and v)
    assert lastmod["blog/"] == newest


def test_sitemap_and_robots_in_production(published):
    locations = [loc.text for loc in etree.parse(str(published / "sitemap.xml")).iter("{*}loc")]
    base = "https://www.buero-lindenblatt.example/"
    assert all(url.startswith(base) for url in locations)
    for path in ("", "faq/", "leistungen/kundenservice/", "blog/bedarf-klaeren/", "fragebogen/"):
        assert base + path in locations
    assert not [url for url in locations if "entwuerfe" in url or "danke" in url]
    assert f"Sitemap: {base}sitemap.xml" in (published / "robots.txt").read_text()
