"""Every built page in a real browser: no console errors, no foreign requests,
no horizontal scroll at 320 px, and zero WCAG A/AA violations reported by axe-core."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_PAGES = ["/", "/leistungen/bueroorganisation/", "/faq/", "/blog/das-gute-briefing/"]


def all_pages(site):
    return sorted(
        "/" + str(p.relative_to(site)).removesuffix("index.html") for p in site.rglob("*.html")
    )


@pytest.fixture
def watched(page, served):
    """A page that records console errors, failed requests and other hosts contacted."""
    log = {"errors": [], "foreign": [], "failed": [], "missing": []}
    page.on("console", lambda m: m.type == "error" and log["errors"].append(m.text))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    host = urlparse(served).netloc

    def on_request(request):
        if (
            urlparse(request.url).scheme in ("http", "https", "ws", "wss")
            and urlparse(request.url).netloc != host
        ):
            log["foreign"].append(request.url)

    page.on("request", on_request)
    # A favicon still loading when the next page opens is aborted: not a defect.
    page.on(
        "requestfailed",
        lambda r: "ERR_ABORTED" not in (r.failure or "") and log["failed"].append(r.url),
    )
    page.on("response", lambda r: r.status >= 400 and log["missing"].append(r.url))
    return page, log


def test_every_page_loads_cleanly_and_fits_320px(watched, served, site):
    page, log = watched
    page.set_viewport_size({"width": 320, "height": 640})
    pages = all_pages(site)
    assert len(pages) >= 25
    too_wide = []
    for path in pages:
        response = page.goto(served + path, wait_until="load")
        assert response.status in (200, 304), path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide.append((path, width))
    assert log["errors"] == []
    assert log["foreign"] == []
    assert log["failed"] == []
    assert log["missing"] == []
    assert too_wide == []
    assert page.context.cookies() == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_wcag_violations(page, served, path, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(served + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


def test_skip_link_moves_focus_to_main(page, served):
    page.goto(served + "/faq/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    assert page.evaluate("getComputedStyle(document.activeElement).top") != "-160px"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhalt"


def test_faq_is_a_short_accordion_and_a_link_opens_its_answer(page, served):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(served + "/faq/")
    items = page.locator("details.faq-item")
    assert items.count() >= 10
    assert page.evaluate("document.documentElement.scrollHeight") <= 5000
    assert not page.locator("#krankheit-vertretung").evaluate("el => el.open")
    page.goto(served + "/faq/#krankheit-vertretung")
    item = page.locator("#krankheit-vertretung")
    expect(item).to_have_js_property("open", True)
    expect(item.locator(".faq-item__answer")).to_be_visible()
    assert item.evaluate("el => el.getBoundingClientRect().top") < 400


def test_faq_answers_open_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/faq/")
    question = page.locator("#abrechnung summary")
    question.click()
    expect(page.locator("#abrechnung .faq-item__answer")).to_be_visible()
    context.close()


def test_pages_read_without_javascript(browser, served):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/faq/")
    assert page.locator("h3").count() >= 14
    page.goto(served + "/")
    assert page.locator(".cards li").count() >= 6
    context.close()


def test_print_hides_navigation(page, served):
    page.goto(served + "/leistungen/bueroorganisation/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("h1").is_visible()


def test_print_leaves_out_the_cards_share_card_and_keeps_their_titles(page, served):
    page.goto(served + "/blog/")
    page.emulate_media(media="print")
    assert page.locator(".card__cover").count() >= 2
    assert not page.locator(".card__cover").first.is_visible()  # the title twice, no band
    assert page.locator(".card__title").first.is_visible()
