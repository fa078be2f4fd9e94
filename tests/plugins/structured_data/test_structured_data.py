"""JSON-LD: every page type carries its schema.org types, built from the page's own data."""

from __future__ import annotations

import json
import re

import frontmatter
import pytest
from helpers import DEMO_CONTENT, build_site, read
from lxml import html

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
SITE_WIDE = ["Organization", "Person", "WebSite"]


def graph(site, path: str) -> list[dict]:
    [text] = SCRIPT.findall(read(site, path))
    data = json.loads(text)
    assert data["@context"] == "https://schema.org"
    return data["@graph"]


def types(site, path: str) -> list[str]:
    return [node["@type"] for node in graph(site, path)]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/", SITE_WIDE),
        ("leistungen/", [*SITE_WIDE, "OfferCatalog", "BreadcrumbList"]),
        ("leistungen/kundenservice/", [*SITE_WIDE, "Service", "BreadcrumbList"]),
        ("faq/", [*SITE_WIDE, "FAQPage", "BreadcrumbList"]),
        ("blog/das-gute-briefing/", [*SITE_WIDE, "BlogPosting", "BreadcrumbList"]),
        ("ueber-mich/", [*SITE_WIDE, "AboutPage", "BreadcrumbList"]),
        ("kontakt/", [*SITE_WIDE, "ContactPage", "BreadcrumbList"]),
        ("impressum/", [*SITE_WIDE, "BreadcrumbList"]),
        ("blog/", [*SITE_WIDE, "BreadcrumbList"]),
    ],
)
def test_each_page_type_carries_its_types(published, path, expected):
    assert types(published, path) == expected


def test_every_html_page_has_exactly_one_parsable_block(published):
    for file in published.rglob("*.html"):
        assert len(SCRIPT.findall(file.read_text(encoding="utf-8"))) == 1, file


def test_faq_page_matches_the_faq_one_to_one(published):
    [faq] = [n for n in graph(published, "faq/") if n["@type"] == "FAQPage"]
    page = html.fromstring(read(published, "faq/"))
    shown = [
        h.text_content().strip() for h in page.xpath("//details[@class='faq-item']/summary/h3")
    ]
    assert shown and all("#" not in q and "Link zu" not in q for q in shown)
    assert [q["name"] for q in faq["mainEntity"]] == shown
    assert all(q["acceptedAnswer"]["text"] for q in faq["mainEntity"])


def test_service_offers_match_the_service_files(published):
    files = sorted((DEMO_CONTENT / "services").glob("*.md"))
    [catalog] = [n for n in graph(published, "leistungen/") if n["@type"] == "OfferCatalog"]
    offered = {item["itemOffered"]["name"]: item for item in catalog["itemListElement"]}
    for file in files:
        meta = frontmatter.load(file).metadata
        offer = offered[meta["title"]]
        assert offer["description"] == meta["price"]
        price = re.search(r"(\d+)\s*€", meta["price"]).group(1)
        assert offer["priceSpecification"]["price"] == price
        assert offer["priceSpecification"]["priceCurrency"] == "EUR"
        [service] = [
            n for n in graph(published, f"leistungen/{meta['slug']}/") if n["@type"] == "Service"
        ]
        assert (
            service["name"] == meta["title"] and service["offers"]["description"] == meta["price"]
        )
    assert len(offered) == len(files)


def test_article_has_dates_with_offset_author_and_keywords(published):
    [post] = [n for n in graph(published, "blog/bedarf-klaeren/") if n["@type"] == "BlogPosting"]
    assert post["datePublished"] == "2026-03-14T09:30:00+01:00"
    assert post["author"] == {"@id": "https://www.buero-lindenblatt.example/#person"}
    assert post["keywords"] == ["Delegieren", "Bedarfsanalyse", "Selbstständigkeit"]
    [crumbs] = [
        n for n in graph(published, "blog/bedarf-klaeren/") if n["@type"] == "BreadcrumbList"
    ]
    assert [i["name"] for i in crumbs["itemListElement"]][:2] == ["Startseite", "Blog"]


def test_a_hostile_title_stays_inside_its_script(tmp_path):
    content = tmp_path / "content"
    (content / "blog").mkdir(parents=True)
    (content / "blog" / "boese.md").write_text(
        "---\ntitle: '</script><script>alert(1)</script> & <!--'\ndate: 2026-01-05\n"
        "category: Organisation\n---\nText.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert build_site(content, out).ok
    pages = [p.read_text(encoding="utf-8") for p in (out / "blog").glob("*/index.html")]
    [text] = [page for page in pages if '"BlogPosting"' in page]
    [block] = SCRIPT.findall(text)
    assert "<" not in block and ">" not in block and "&" not in block
    [post] = [n for n in json.loads(block)["@graph"] if n["@type"] == "BlogPosting"]
    assert post["headline"] == "</script><script>alert(1)</script> & <!–"  # -- is a dash
    assert text.count("<script") == 1 + text.count("<script src=")
