"""What a prospective client sees in the first seconds, on a phone and on a desktop:
a compact header, the person and one low-friction action on the first screen, and a
call or first-call action always in reach on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

BOTTOM = "el => el.getBoundingClientRect().bottom + window.scrollY"
TOP = "el => el.getBoundingClientRect().top + window.scrollY"
#: Whether an element's text ends within the element: its last line not below it (a
#: glyph's box may reach half an em beyond its line, a clipped line a whole line)
SHOWN_WHOLE = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const lines = [...range.getClientRects()];
  const em = parseFloat(getComputedStyle(el).fontSize);
  return lines.length > 0 && lines.at(-1).bottom <= el.getBoundingClientRect().bottom + em / 2;
}"""


def test_phone_first_screen_has_the_action_and_the_person(page, served):
    page.set_viewport_size(PHONE)
    page.goto(served + "/")
    assert page.locator(".site-header").evaluate(BOTTOM) <= 120
    primary = page.locator(".hero__actions .button").first
    expect(primary).to_have_text("Kostenloses Erstgespräch")
    assert primary.get_attribute("href") == "/rueckruf/"  # no booking tool: the callback
    assert primary.evaluate(BOTTOM) <= PHONE["height"]
    secondary = page.locator(".hero__actions .button--secondary")
    expect(secondary).to_have_attribute("href", "/fragebogen/")
    assert page.locator(".hero__portrait").evaluate(TOP) < 2 * PHONE["height"]
    # testimonials follow the hero directly
    following = page.locator(".hero + *").first
    expect(following.locator("figure.testimonial").first).to_be_visible()


def test_desktop_header_is_one_row_and_the_portrait_is_on_the_first_screen(page, served):
    page.set_viewport_size(DESKTOP)
    page.goto(served + "/")
    assert page.locator(".site-header").evaluate(BOTTOM) <= 100
    portrait = page.locator(".hero__portrait img")
    assert portrait.evaluate(BOTTOM) <= DESKTOP["height"]
    expect(page.locator(".callbar")).to_be_hidden()
    # body text in the self-hosted web font, loaded from the site itself
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"Source Sans 3"')
    fonts = page.evaluate(
        "document.fonts.ready.then(() => performance.getEntriesByType('resource')"
        ".filter(r => r.name.endsWith('.woff2')).map(r => r.name))"
    )
    assert fonts and all(font.startswith(served + "/assets/fonts/") for font in fonts)


@pytest.mark.parametrize("path", ["/", "/blog/erreichbarkeit/", "/leistungen/"])
def test_a_call_action_stays_in_view_while_scrolling_on_a_phone(page, served, path):
    page.set_viewport_size(PHONE)
    page.goto(served + path)
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.6)")
    call = page.get_by_role("link", name="Anrufen")
    expect(call).to_be_in_viewport()
    assert call.get_attribute("href") == "tel:+49301234567"
    expect(page.get_by_role("navigation", name="Schnellkontakt")).to_be_visible()
    # the end of the page is never hidden behind the bar
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    footer_end = page.locator(".site-footer").evaluate("el => el.getBoundingClientRect().bottom")
    bar_top = page.locator(".callbar").evaluate("el => el.getBoundingClientRect().top")
    assert footer_end <= bar_top + 1


def test_the_call_bar_never_covers_a_form(page, served):
    page.set_viewport_size(PHONE)
    page.goto(served + "/fragebogen/")
    assert page.locator(".callbar").count() == 0
    page.goto(served + "/kontakt/")
    expect(page.locator(".callbar")).to_be_visible()


def test_no_call_to_action_on_the_page_it_points_to_or_twice_in_a_row(page, served):
    page.goto(served + "/fragebogen/")
    assert page.locator(".site-footer__cta").count() == 0
    page.goto(served + "/")
    assert page.locator(".site-footer__cta").count() == 0  # the home page ends with its own
    page.goto(served + "/leistungen/")
    assert page.locator(".site-footer__cta").count() == 0  # so does the services overview
    page.goto(served + "/fragebogen/danke/")
    assert page.locator(".site-footer__cta").count() == 0  # just sent: not again
    page.goto(served + "/kontakt/")
    assert page.locator(".site-footer__cta").count() == 1


def test_blog_list_shows_cards_side_by_side_each_with_its_share_card(page, served):
    page.set_viewport_size(DESKTOP)
    page.goto(served + "/blog/")
    cards = page.locator("ul.cards > li")
    assert cards.count() >= 2
    tops = [cards.nth(i).evaluate("el => el.getBoundingClientRect().top") for i in range(2)]
    assert tops[0] == tops[1]  # side by side
    for i in range(cards.count()):
        # the demo's posts have no own image: their share card, set as text
        cover = cards.nth(i).locator(".card__cover")
        cover.scroll_into_view_if_needed()
        box = cover.bounding_box()
        assert abs(box["width"] / box["height"] - 1200 / 630) < 0.02
        title = cover.locator(".card__cover-title")
        assert title.evaluate("t => t.scrollWidth <= t.clientWidth")  # no word cut off
        assert title.evaluate(SHOWN_WHOLE)  # in its four lines, none cut off
        assert float(title.evaluate("t => getComputedStyle(t).fontSize")[:-2]) >= 20
    summary = page.locator("ul.cards > li").first.locator(".card__summary")
    summary.scroll_into_view_if_needed()
    box = summary.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(served + "/blog/erreichbarkeit/")  # the whole card opens the post


def test_a_click_anywhere_on_a_service_card_opens_the_service(page, served):
    page.set_viewport_size(DESKTOP)
    page.goto(served + "/leistungen/")
    card = page.locator("article.card--service").first
    expect(card.locator(".card__icon svg")).to_be_visible()
    price = card.locator(".badge--price")
    box = price.bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # on the price, not the title
    page.wait_for_url(served + "/leistungen/bueroorganisation/")
