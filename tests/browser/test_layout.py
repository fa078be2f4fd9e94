"""Layout checks a visitor would notice: no word broken in the middle on the services
overview, on a phone (390 px) and on a desktop (1280 px); post cards of one size."""

from __future__ import annotations

import pytest

# Every word of every text node below ``selector``: a word whose range has boxes on more
# than one line was broken (hyphenated or wrapped mid-word). A compound written with a
# hyphen may break after that hyphen ("Newsletter-" / "Betreuung"), as in print, so each
# part up to and including its hyphen counts as a word.
BROKEN_WORDS = """
(selector) => {
  const broken = [];
  for (const root of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const pattern = /[^\\s-]+-*|-+/g;
      let match;
      while ((match = pattern.exec(node.data)) !== null) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


@pytest.mark.parametrize("width", [390, 1280])
def test_no_word_is_broken_on_the_services_overview(page, served, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(served + "/leistungen/")
    cards = page.locator(".cards--services > li")
    assert cards.count() == 6
    assert page.evaluate(BROKEN_WORDS, "main h1, .cards--services") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if width == 1280:  # the grid uses the page's width: three cards side by side
        tops = {round(cards.nth(i).bounding_box()["y"]) for i in range(3)}
        assert len(tops) == 1


def test_every_post_card_on_the_blog_keeps_a_columns_width_on_a_desktop(page, served):
    """Four posts at 1280 px: three side by side and the fourth below, as wide as the
    others (not stretched into a page-wide picture); on a phone one column."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served + "/blog/")
    cards = page.locator(".cards--posts > li")
    assert cards.count() == 4  # noqa: PLR2004 - the demo's published posts
    boxes = [cards.nth(i).bounding_box() for i in range(4)]
    widths = {round(box["width"]) for box in boxes}
    assert len(widths) == 1, widths
    assert boxes[3]["y"] > boxes[0]["y"] and round(boxes[3]["x"]) == round(boxes[0]["x"])
    page.set_viewport_size({"width": 390, "height": 844})
    main = page.locator("main .wrap").first.bounding_box()
    assert cards.nth(3).bounding_box()["width"] == pytest.approx(main["width"], abs=40)


# Where each line starts inside ``selector``'s text: for every element, the characters
# (with their index in its text) that begin a new line.
LINE_STARTS = """
(selector) => [...document.querySelectorAll(selector)].map((element) => {
  const chars = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      chars.push([node.data[i], Math.round(rect.top)]);
    }
  }
  const text = chars.map(([c]) => c).join("");
  const starts = chars.filter((c, i) => i > 0 && c[1] > chars[i - 1][1]).map(([c]) => c);
  return {text, starts};
})
"""


# Every match of ``pattern`` in the body's text nodes that lies on more than one line.
SPLIT = """
(pattern) => {
  const split = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(new RegExp(pattern, "g"))) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}
"""


@pytest.mark.parametrize("path", ["/kontakt/", "/impressum/", "/datenschutz/"])
def test_e_mail_and_addresses_break_only_where_german_typography_allows(page, served, path):
    """ "E-Mail" never splits after "E-", an address only before its @ or a dot, "19 %"
    and "§ 25" stay together: at every width from 320 px to 480 px."""
    page.goto(served + path)
    address_breaks = 0
    for width in range(320, 481, 8):
        page.set_viewport_size({"width": width, "height": 800})
        for link in page.evaluate(
            LINE_STARTS, "main a[href^='mailto:'], footer a[href^='mailto:']"
        ):
            assert "@" in link["text"]
            assert set(link["starts"]) <= {"@", "."}, (width, link)
            address_breaks += bool(link["starts"])
        assert page.evaluate(SPLIT, r"E-Mail|\d+\s(?:%|€)|§\s\d+") == [], width
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert address_breaks, "no address was ever long enough to break: the check saw nothing"
