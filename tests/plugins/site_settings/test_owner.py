"""owner.yml: one file for every fact about the owner, checked in German, read everywhere.

The held-out owner (tests/helpers/owner.py) is not the demo: another city and state, a
Kleinunternehmerin, another colour. Her site is the stripped demo (``make strip-demo``) with
two services.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import feedparser
import pytest
from helpers import DEMO_CONTENT, DEMO_OWNER, ROOT, build_site, read
from helpers.owner import write_owner
from helpers.photos import camera_jpeg, metadata_of, published_images
from lxml import html

from plugins.site_settings import SettingsError
from plugins.site_settings.brand import contrast
from plugins.site_settings.owner import OWNER_FILE_ENV, load_owner, owner_settings
from sitekit.demo import identity, output_refusals, strip_demo

SERVICE = """---
title: {title}
summary: {summary}
price: ab 45 € pro Stunde
audience: Selbstständige und kleine Teams
order: {order}
---
{body}
"""


def demo_owner_with(tmp_path: Path, old: str, new: str) -> Path:
    """The demo's owner.yml with one line changed (a typo an owner might make)."""
    text = DEMO_OWNER.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "owner.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('plz: "10115"', 'plz: "1011"', "Zeile 24: plz: „1011“ hat nicht genau 5 Ziffern – bitte"),
        (
            "bundesland: Berlin",
            "bundesland: Bayer",
            "Zeile 26: bundesland: „Bayer“ ist kein deutsches Bundesland – meinten Sie Bayern? "
            "– bitte eines der 16 Bundesländer",
        ),
        (
            "antwortzeit: innerhalb eines Werktags",
            'antwortzeit: ""',
            "Zeile 40: antwortzeit: ist leer – bitte Ihre Antwortzeit",
        ),
        (
            "telefon: 030 1234567",
            "telefonnummer: 030 1234567",
            "Zeile 29: telefonnummer: unbekanntes Feld – meinten Sie telefon?",
        ),
        (
            "name: Beispiel-Hosting GmbH",
            'name: ""',
            "Zeile 51: hosting: name: fehlt oder ist leer – bitte name: und anschrift:",
        ),
        ("email: hallo@", "email: hallo-at-", "Zeile 30: email: „hallo-at-buero-lindenblatt"),
        ("ort: Berlin", "ort: Berlin: Mitte", "Zeile 25:"),
    ],
)
def test_a_wrong_owner_field_is_one_german_line_naming_file_line_and_key(
    tmp_path, old, new, expected
):
    path = demo_owner_with(tmp_path, old, new)
    with pytest.raises(SettingsError) as error:
        load_owner(path)
    message = str(error.value)
    assert message.startswith(f"{path}, Zeile") and expected in message, message
    assert "\n" not in message


def test_a_fact_only_she_knows_may_stay_empty_and_is_left_out_not_invented(tmp_path, monkeypatch):
    """The starter leaves her name, business and number empty: the file is read, the empty
    fields are known with their lines, nothing stands in for them but her job title as
    the site's name."""
    path = demo_owner_with(tmp_path, "telefon: 030 1234567", 'telefon: ""')
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: Johanna Lindner", 'name: ""')
    text = text.replace("firma: Büro Lindenblatt – Virtuelle Assistenz", 'firma: ""')
    path.write_text(text, encoding="utf-8")
    owner = load_owner(path)
    assert owner["leer"] == {"name": 17, "firma": 18, "telefon": 29}
    assert owner["telefon_anzeige"] == owner["telefon_link"] == ""
    monkeypatch.delenv(OWNER_FILE_ENV, raising=False)
    settings = owner_settings(tmp_path)
    assert settings["SITENAME"] == settings["AUTHOR"] == "Virtuelle Assistentin"
    assert settings["OWNER"]["initialen"] == "VA"


def test_a_kleinunternehmerin_needs_no_vat_id(tmp_path):
    path = demo_owner_with(tmp_path, "kleinunternehmer: false", "kleinunternehmer: true")
    path.write_text(path.read_text(encoding="utf-8").replace("DE000000000", ""))
    owner = load_owner(path)
    assert owner["ust_hinweis"] == "Gemäß §\u00a019\u00a0UStG wird keine Umsatzsteuer berechnet."


def test_a_brand_colour_too_light_for_text_gets_a_darker_shade_that_passes(tmp_path):
    path = demo_owner_with(tmp_path, 'farbe: "#0a5a4e"', 'farbe: "#7fb3a8"')
    with pytest.raises(SettingsError) as error:
        load_owner(path)
    message = str(error.value)
    assert "Zeile 43: farbe: #7fb3a8 ist als Schrift- und Knopffarbe auf hellem Grund zu hell" in (
        message
    )
    suggested = re.search(r"dunkler wäre (#[0-9a-f]{6})", message).group(1)
    assert contrast(suggested, "#ffffff") >= 4.5 and contrast(suggested, "#fdfcf9") >= 4.5
    path.write_text(path.read_text(encoding="utf-8").replace("#7fb3a8", suggested))
    assert load_owner(path)["farbe"] == suggested


def test_a_broken_owner_file_stops_the_build_and_keeps_the_earlier_output(tmp_path, earlier_output):
    path = demo_owner_with(tmp_path, 'plz: "10115"', 'plz: "101155"')
    build = build_site(DEMO_CONTENT, earlier_output, owner=path)
    assert not build.ok
    lines = [line for line in build.output.splitlines() if line.startswith("FEHLER")]
    assert lines == [
        f"FEHLER: {path}, Zeile 24: plz: „101155“ hat nicht genau 5 Ziffern – "
        "bitte die fünfstellige PLZ eintragen."
    ]
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_pelicanconf_holds_no_owner_fact():
    settings = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    for fact in ("Lindner", "Lindenblatt", "Musterstraße", "10115", "@", "+49", "#0a5a4e"):
        assert fact not in settings, fact


# --- facts in content ------------------------------------------------------------------


def test_an_unknown_fact_is_a_german_error_with_file_and_line(content_copy, earlier_output):
    page = content_copy / "pages" / "kontakt.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSie erreichen mich {{ oeffnungszeiten }}.\n"
    )
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert (
        "FEHLER: content/pages/kontakt.md, Zeile 11: {{ oeffnungszeiten }} ist keine Angabe aus "
        "owner.yml – bitte einen dieser Namen verwenden:"
        in build.output.replace(str(content_copy), "content")
    )


def test_a_fact_at_the_start_of_a_front_matter_value_asks_for_quotes(content_copy, earlier_output):
    page = content_copy / "pages" / "kontakt.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("summary: So erreichen", "summary: {{ firma }} – So erreichen"))
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    assert "kontakt.md, Zeile 5: Ein Wert, der mit {{ beginnt, braucht Anführungszeichen" in (
        build.output
    )


def test_facts_fill_pages_front_matter_and_questionnaires(site):
    hours = "Montag bis Freitag, 9 bis 16 Uhr"
    assert f"Meine Arbeitszeit: {hours}." in read(site, "faq/")
    assert f"Jederzeit während meiner Arbeitszeit ({hours})" in read(site, "rueckruf/")
    assert "{{" not in "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


LITERAL = {
    "hours": re.compile(r"\b\d{1,2}(:\d\d)?\s*(–|-|bis)\s*\d{1,2}(:\d\d)?\s*Uhr\b"),
    "weekdays": re.compile(r"\b(montags|Montag) bis (freitags|Freitag)\b|\bMo\s*[–-]\s*Fr\b"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    "phone": re.compile(r"(\+49|\b0)\s?\d{2,5}[\s/-]?\d{3,}"),
}


@pytest.mark.parametrize("content", [ROOT / "content", DEMO_CONTENT], ids=["site", "demo"])
def test_content_refers_to_owner_facts_and_never_copies_them(content):
    owner = load_owner(ROOT / "owner.yml") if content.parent == ROOT else load_owner(DEMO_OWNER)
    facts = [owner[key] for key in ("zeiten", "telefon_anzeige", "email", "strasse")]
    for path in sorted(content.rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            where = f"{path.relative_to(content.parent)}, Zeile {number}"
            assert not [fact for fact in facts if fact in line], where
            assert not [kind for kind, pattern in LITERAL.items() if pattern.search(line)], where


# --- the held-out owner: strip the demo, fill in owner.yml, add two services -------------


@pytest.fixture(scope="module")
def own_site(tmp_path_factory) -> Path:
    """The held-out owner's project: the demo stripped, her owner.yml, two services."""
    root = tmp_path_factory.mktemp("eigene")
    content = root / "content"
    shutil.copytree(DEMO_CONTENT, content)
    assert strip_demo(content, echo=lambda line: None) == 0
    camera_jpeg(content / "images" / "mara.jpg")  # her photo, with camera and GPS data
    services = content / "services"
    services.mkdir()
    for order, (slug, title) in enumerate((("buero", "Büroorganisation"), ("post", "E-Mails"))):
        text = SERVICE.format(title=title, summary=f"{title} für Sie.", order=order + 1, body="")
        (services / f"{slug}.md").write_text(text + "Erreichbar: {{ zeiten }}.\n", "utf-8")
    write_owner(root)
    return root


@pytest.fixture(scope="module")
def own_published(own_site) -> Path:
    out = own_site / "public"
    build = build_site(own_site / "content", out, "publishconf.py", owner=own_site / "owner.yml")
    assert build.ok, build.output
    return out


def text_of(site: Path, path: str) -> str:
    text = html.fromstring(read(site, path)).xpath("//main")[0].text_content()
    return re.sub(r"[ \t\r\n]+", " ", text)  # keeps no-break spaces (str.split would not)


def test_her_site_shows_nothing_of_the_demo(own_published):
    assert output_refusals(own_published, identity()) == []


def test_her_site_is_named_after_her_business_everywhere(own_published):
    assert "<title>Kontakt · Feldmann Office</title>" in read(own_published, "kontakt/")
    assert 'og:site_name" content="Feldmann Office"' in read(own_published, "/")
    feed = feedparser.parse(own_published / "feeds/all.atom.xml")
    assert feed.feed.title == "Feldmann Office"
    assert '"name":"Feldmann Office"' in read(own_published, "/")


def test_a_kleinunternehmerin_states_19_ustg_and_never_19_percent(own_published):
    assert "Gemäß §\u00a019\u00a0UStG wird keine Umsatzsteuer berechnet." in text_of(
        own_published, "impressum/"
    )
    assert "Gemäß §\u00a019\u00a0UStG" in text_of(own_published, "leistungen/")
    assert "Gemäß §\u00a019\u00a0UStG" in text_of(own_published, "leistungen/bueroorganisation/")
    for page in own_published.rglob("*.html"):
        assert not re.search(r"19(\s|&nbsp;|\u00a0|\u202f)?(%|Prozent)", page.read_text()), page


def test_her_privacy_page_names_her_providers_and_her_authority(own_published):
    privacy = text_of(own_published, "datenschutz/")
    assert "Diese Website liegt bei Hostkraft GmbH, Hafenstraße 3, 20457 Hamburg." in privacy
    assert "stellt Postwerk AG, Am Kanal 9, 10999 Berlin, zu" in privacy
    assert "Sächsische/r Datenschutz- und Transparenzbeauftragte/r, Dresden" in privacy
    assert "§\u00a025 Abs.\u00a02 Nr.\u00a02 TDDDG" in privacy
    assert "Platzhalter" not in privacy


def test_her_hours_are_shown_wherever_hours_are_mentioned(own_published):
    hours = "Dienstag bis Freitag, 8 bis 13 Uhr"
    for path in (
        "kontakt/",
        "faq/",
        "rueckruf/",
        "fragebogen/",
        "leistungen/bueroorganisation/",
        "/",
    ):
        assert hours in read(own_published, path), path
    for page in own_published.rglob("*.html"):
        assert "16 Uhr" not in page.read_text(), page  # the demo's hours appear nowhere


def test_her_colour_is_served_in_the_stylesheet_and_the_favicon(own_published):
    [brand] = (own_published / "assets" / "css").glob("brand.*.css")
    assert "--accent: #8a3b12;" in brand.read_text()
    assert brand.name in read(own_published, "/")
    favicon = (own_published / "favicon.svg").read_text()
    assert 'fill="#8a3b12"' in favicon and ">FO</text>" in favicon
    assert '<span class="site-name__logo" aria-hidden="true">FO</span>' in read(own_published, "/")


def test_her_photo_is_published_without_camera_or_location_data(own_published):
    images = published_images(own_published)
    assert any(image.name.startswith("mara") for image in images)
    for image in images:
        assert metadata_of(image) == [], image


def test_the_starter_about_page_waits_as_a_draft(own_published):
    assert not (own_published / "ueber-mich").exists()
    assert "ueber-mich" not in read(own_published, "/")
