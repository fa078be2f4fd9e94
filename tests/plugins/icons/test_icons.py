"""Service icons from the vendored Lucide set, inlined; an unknown name is a German error."""

from __future__ import annotations

from helpers import build_site, read
from lxml import html


def test_every_service_card_carries_its_icon_inline(site):
    page = html.fromstring(read(site, "leistungen/"))
    cards = page.xpath("//article[contains(@class, 'card--service')]")
    assert len(cards) == 6
    for card in cards:
        [svg] = card.xpath(".//span[@class='card__icon']/svg")
        assert svg.get("aria-hidden") == "true" and svg.xpath(".//path | .//rect | .//circle")
        assert card.xpath(".//a[@class='card__link']")  # the title's link covers the card


def test_an_unknown_icon_is_a_german_error_with_file_and_line(content_copy, earlier_output):
    service = content_copy / "services" / "kundenservice.md"
    text = service.read_text(encoding="utf-8").replace("icon: kundschaft", "icon: kundschat")
    service.write_text(text, encoding="utf-8")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    expected = (
        "services/kundenservice.md, Zeile 6: Feld 'icon': „kundschat“ gibt es nicht – "
        "meinten Sie kundschaft? Sonst bitte eines dieser Symbole eintragen: aufgaben, "
    )
    assert expected in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"
