"""Layout checks a visitor would notice: no word broken in the middle on the services
overview, on a phone (390 px) and on a desktop (1280 px)."""

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
