"""Testimonials: Markdown files with recorded consent, on the home page and service pages."""

from __future__ import annotations

from helpers import build_site, read
from lxml import html


def quotes(site, path: str) -> list[str]:
    page = html.fromstring(read(site, path))
    return [
        " ".join(f.text_content().split()) for f in page.xpath("//figure[@class='testimonial']")
    ]


def test_home_shows_the_testimonials_and_marks_invented_ones(site):
    shown = quotes(site, "/")
    assert len(shown) == 3
    assert shown[0].startswith("Seit die Terminanfragen nicht mehr bei mir auflaufen")
    assert all("Erfundenes Beispiel" in quote for quote in shown)


def test_a_service_page_shows_only_its_own_testimonials(site):
    accounting = quotes(site, "leistungen/buchhaltungsvorbereitung/")
    assert len(accounting) == 1
    assert "Tobias R., Tischlerei" in accounting[0]
    assert len(quotes(site, "leistungen/kundenservice/")) == 1
    assert quotes(site, "leistungen/social-media-und-newsletter/") == []


def without_consent(content) -> None:
    path = content / "stimmen" / "praxis-potsdam.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("consent: 2026-04-14\n", ""), encoding="utf-8")


def test_a_testimonial_without_consent_is_a_build_error(content_copy, earlier_output):
    without_consent(content_copy)
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    [line] = [line for line in build.output.splitlines() if "praxis-potsdam.md" in line]
    assert "stimmen/praxis-potsdam.md: Feld 'consent': fehlt – eine Kundenstimme erscheint" in line
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_consent_must_be_a_date_and_services_must_exist(content_copy, earlier_output):
    path = content_copy / "stimmen" / "praxis-potsdam.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("consent: 2026-04-14", "consent: ja").replace(
        "[e-mail-und-terminmanagement, kundenservice]", "[telefonservice]"
    )
    path.write_text(text, encoding="utf-8")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert "Feld 'consent': 'ja' ist kein Datum" in build.output
    # the unusable file is reported once; its services are not looked at
    assert "telefonservice" not in build.output
    other = content_copy / "stimmen" / "beratung-berlin.md"
    other.write_text(
        other.read_text(encoding="utf-8").replace("bueroorganisation", "buero"), encoding="utf-8"
    )
    path.write_text(text.replace("consent: ja", "consent: 2026-04-14"), encoding="utf-8")
    build = build_site(content_copy, earlier_output)
    assert "beratung-berlin.md: Feld 'services': Die Leistung „buero“ gibt es nicht" in build.output
    assert "praxis-potsdam.md: Feld 'services': Die Leistung „telefonservice“" in build.output
