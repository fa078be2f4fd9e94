"""Menus by identity: what the main menu and the footer offer, and what they leave out."""

from __future__ import annotations

import subprocess

from helpers import INVOKE, ROOT, build_site, clean_env, read
from helpers.owner import write_owner
from lxml import html


def menu(page) -> list[str]:
    return [a.text_content() for a in page.xpath("//nav[@aria-label='Hauptnavigation']//a")]


def footer_links(page) -> list[str]:
    return [a.text_content() for a in page.xpath("//footer//nav//a")]


def test_the_demo_offers_its_blog_in_both_menus(site):
    home = html.fromstring(read(site, ""))
    assert "Blog" in menu(home)
    assert {"Archiv", "Blog-Feed (RSS)"} <= set(footer_links(home))


def test_a_site_without_a_published_post_never_leads_to_an_empty_blog(content_copy, tmp_path):
    """Her site before the first post (the starter after strip-demo, or all drafts): no
    "Blog" in the main menu, no "Archiv" and no feed link in the footer of any page; a
    visitor who opens /blog/ anyway reads that the first post is coming, and how to
    get it, instead of an empty list with links to empty pages."""
    stripped = subprocess.run(
        [str(INVOKE), "strip-demo", "--content", str(content_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=clean_env(),
        check=False,
    )
    assert stripped.returncode == 0, stripped.stdout + stripped.stderr
    owner = write_owner(tmp_path, portraet="", portraet_alt="")
    out = tmp_path / "out"
    build = build_site(content_copy, out, owner=owner)
    assert build.ok, build.output
    for page in out.rglob("*.html"):
        document = html.fromstring(page.read_text(encoding="utf-8"))
        if not document.xpath("//nav[@aria-label='Hauptnavigation']"):
            continue
        assert "Blog" not in menu(document), page
        assert not {"Archiv", "Blog-Feed (RSS)"} & set(footer_links(document)), page
        assert "Kontakt" in menu(document), page
    # nor does the search page's way round without JavaScript lead to the empty archive
    search = html.fromstring(read(out, "suche/"))
    assert not search.xpath("//noscript//a[contains(@href, 'archiv')]")
    assert "Blog-Archiv" not in search.xpath("string(//form/@data-text-error)")
    note = "Noch gibt es hier keine Beiträge – der erste erscheint bald."
    for address in ("blog/", "blog/kategorien/", "blog/schlagworte/", "blog/archiv/"):
        page = html.fromstring(read(out, address))
        assert note in " ".join(page.xpath("//main")[0].text_content().split()), address
        assert page.xpath("//main//a[text()='RSS-Feed']"), address
    assert not html.fromstring(read(out, "blog/")).xpath("//main//ul[@class='cards']")
