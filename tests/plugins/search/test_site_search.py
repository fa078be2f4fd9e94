"""Site search in Debian's Chromium: German stemming, keyboard, the header link with
and without JavaScript, safe excerpts, no foreign request, no CSP violation, axe-core."""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import DEMO_CONTENT, build_site
from playwright.sync_api import expect

from sitekit.servers.static import serve

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
TIMEOUT = 20_000  # ms: loading the index on a busy machine; every wait ends on its condition
PLURAL = "Wiedervorlagen"  # the article says „Wiedervorlage“; the plural is nowhere
ARTICLE = "/blog/das-gute-briefing/"
#: Records what the page did: shifts of the layout, CSP violations the document saw.
RECORDER = """
window.__shift = 0;
window.__csp = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) { window.__shift += entry.value; }
  }
}).observe({ type: "layout-shift", buffered: true });
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
});
"""


@pytest.fixture
def watched(page, served):
    """The page, and a log of console errors, CSP messages, requests and other hosts."""
    log = {"errors": [], "csp": [], "foreign": [], "requests": []}
    host = urlparse(served).netloc

    def on_console(message):
        if message.type == "error":
            log["errors"].append(message.text)
        if "Content Security Policy" in message.text:
            log["csp"].append(message.text)

    def on_request(request):
        log["requests"].append(request.url)
        parts = urlparse(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            log["foreign"].append(request.url)

    page.add_init_script(RECORDER)
    page.on("console", on_console)
    page.on("pageerror", lambda error: log["errors"].append(str(error)))
    page.on("request", on_request)
    return page, log


def result_links(page):
    return page.locator(".search-result__title a")


def status(page):
    return page.locator("[data-search-status]")


def assert_clean(page, log):
    assert log["errors"] == []
    assert log["csp"] == []
    assert page.evaluate("window.__csp") == []
    assert log["foreign"] == []
    assert page.context.cookies() == []


def test_a_plural_finds_the_article_with_its_singular_first(watched, served):
    page, log = watched
    page.goto(f"{served}/suche/?q={PLURAL}")
    expect(result_links(page).first).to_have_attribute("href", ARTICLE, timeout=TIMEOUT)
    expect(status(page)).to_have_text(re.compile(rf"^\d+ Treffer für „{PLURAL}“$"))
    first = page.locator(".search-result").first
    expect(first.locator(".search-result__excerpt mark")).to_have_text(["Wiedervorlage"])
    expect(first.locator(".search-result__section")).to_have_text("Blog")  # a section, no path
    expect(page.locator("#suchbegriff")).to_have_value(PLURAL)
    assert any("/pagefind/wasm.de.pagefind" in url for url in log["requests"])
    assert page.evaluate("window.__shift") < 0.01  # results appear without moving anything
    assert_clean(page, log)


def test_arrow_keys_move_focus_through_the_results(watched, served):
    page, log = watched
    page.goto(f"{served}/suche/")
    field = page.locator("#suchbegriff")
    field.fill("Assistenz")
    links = result_links(page)
    expect(status(page)).to_have_text(re.compile(r"^\d+ Treffer für „Assistenz“$"), timeout=TIMEOUT)
    expect(links.nth(2)).to_be_visible()
    assert page.url.endswith("/suche/?q=Assistenz")  # the address follows the field
    field.focus()
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(2)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Home")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("Tab")  # Tab works as usual: the next link
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("Escape")
    expect(field).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    expect(field).to_be_focused()
    target = links.nth(0).get_attribute("href")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{served}{target}")
    assert_clean(page, log)


def test_more_results_continue_where_focus_was(watched, served):
    page, log = watched
    page.goto(f"{served}/suche/?q=Sie")
    more = page.locator("[data-search-more]")
    expect(more).to_be_visible(timeout=TIMEOUT)
    links = result_links(page)
    expect(links).to_have_count(10)
    more.click()
    expect(links.nth(10)).to_be_focused()
    assert_clean(page, log)


def test_no_hits_say_so_and_an_empty_field_clears_the_results(watched, served):
    page, log = watched
    page.goto(f"{served}/suche/?q=Xylophon")
    expect(status(page)).to_contain_text("Keine Treffer für „Xylophon“", timeout=TIMEOUT)
    expect(result_links(page)).to_have_count(0)
    field = page.locator("#suchbegriff")
    field.fill("Briefing")
    expect(result_links(page).first).to_be_visible(timeout=TIMEOUT)
    field.fill("")
    expect(status(page)).to_have_text("Geben Sie einen Suchbegriff ein.")
    expect(result_links(page)).to_have_count(0)
    assert page.url.endswith("/suche/")
    assert_clean(page, log)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_header_link_leads_to_the_search_field(watched, served, width):
    page, log = watched
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{served}{ARTICLE}")
    page.get_by_role("link", name="Suche", exact=True).click()
    page.wait_for_url(f"{served}/suche/")
    field = page.get_by_role("searchbox", name="Wonach suchen Sie?")
    expect(field).to_be_visible()
    field.fill(PLURAL)
    field.press("Enter")
    page.wait_for_url(f"{served}/suche/?q={PLURAL}")
    expect(result_links(page).first).to_have_attribute("href", ARTICLE, timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_clean(page, log)


def test_the_search_form_works_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/")
    page.get_by_role("link", name="Suche", exact=True).click()
    page.get_by_role("searchbox", name="Wonach suchen Sie?").fill(PLURAL)
    page.get_by_role("button", name="Suchen").first.click()
    page.wait_for_url(f"{served}/suche/?q={PLURAL}")
    # Playwright switches scripts off but Chromium still treats <noscript> as hidden;
    # a browser without JavaScript shows it as the page's notice.
    assert "Die Suche braucht JavaScript" in page.locator("noscript").text_content()
    links = page.locator("noscript a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == ["/blog/archiv/", "/leistungen/", "/faq/"]
    context.close()


def test_the_search_page_fits_a_small_phone(watched, served):
    page, log = watched
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{served}/suche/?q=Assistenz")
    expect(result_links(page).first).to_be_visible(timeout=TIMEOUT)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_clean(page, log)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_nothing_on_the_search_page_with_results(page, served, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{served}/suche/?q={PLURAL}")
    expect(result_links(page).first).to_be_visible(timeout=TIMEOUT)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("path", ["/suche/", "/"])
def test_axe_finds_nothing_with_the_header_on_a_phone(page, served, path):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


HOSTILE_ARTICLE = """---
title: "Zeichen <b>fett</b> & „Co“"
slug: zeichen
date: 2026-06-01 09:00:00+02:00
category: Zusammenarbeit
summary: Ein Beitrag mit Zeichen, die HTML sein könnten.
---
Im Quelltext steht `<img src=x onerror=alert(1)>` neben einem Zebrastreifen & mehr.
"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The demo with one article whose text and title look like HTML, served."""
    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(DEMO_CONTENT, root / "content")
    (root / "content/blog/zeichen.md").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    build = build_site(root / "content", root / "out")
    assert build.ok, build.output
    server, base = serve(root / "out")
    yield base
    server.shutdown()


def test_titles_and_excerpts_stay_text(page, hostile):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{hostile}/suche/?q=Zebrastreifen")
    link = result_links(page).first
    expect(link).to_have_text("Zeichen <b>fett</b> & „Co“", timeout=TIMEOUT)
    excerpt = page.locator(".search-result__excerpt").first
    expect(excerpt).to_contain_text("<img src=x onerror=alert(1)>")
    expect(excerpt.locator("mark")).to_have_text(["Zebrastreifen"])
    assert page.locator(".search-results img, .search-results b").count() == 0
    assert dialogs == []
