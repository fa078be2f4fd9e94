"""Unit tests of the German typography rules and slugs."""

from __future__ import annotations

import markdown
import pytest

from plugins.german_typography import german_slugify, toc_slugify

EXTENSIONS = ["plugins.german_typography.markdown_ext", "pymdownx.betterem", "extra"]
CONFIGS = {"pymdownx.betterem": {"smart_enable": "all"}}


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs=CONFIGS)


def test_gender_stars_in_one_paragraph_stay_literal():
    out = render("Kund*innen, Mitarbeiter*innen und jede*r Assistent*in sind *betont* willkommen.")
    assert out == (
        "<p>Kund*innen, Mitarbeiter*innen und jede*r Assistent*in sind "
        "<em>betont</em> willkommen.</p>"
    )


@pytest.mark.parametrize(
    "source, expected",
    [
        ("*Kund*innen* lesen", "<p><em>Kund*innen</em> lesen</p>"),
        ("Kolleg*in und **fett**", "<p>Kolleg*in und <strong>fett</strong></p>"),
        ("Ein*e Freiberufler*in", "<p>Ein*e Freiberufler*in</p>"),
        ("`a*innen*b` bleibt Code", "<p><code>a*innen*b</code> bleibt Code</p>"),
    ],
)
def test_gender_star_edge_cases(source, expected):
    assert render(source) == expected


def test_german_double_and_single_quotes():
    out = render("Sie sagte \"Gern\" und 'bitte'.")
    assert out == "<p>Sie sagte &bdquo;Gern&ldquo; und &sbquo;bitte&lsquo;.</p>"


@pytest.mark.parametrize("word", ["geht's", "wie's", "gibt's", "Ku'damm"])
def test_apostrophes_stay_apostrophes(word):
    assert render(word) == f"<p>{word.replace(chr(39), '&rsquo;')}</p>"


def test_apostrophe_inside_quotes():
    assert render('"So geht\'s."') == "<p>&bdquo;So geht&rsquo;s.&ldquo;</p>"


def test_decades_and_dashes():
    assert render("die '90er -- und mehr...") == "<p>die &rsquo;90er &ndash; und mehr&hellip;</p>"


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Größe & Übermaß", "groesse-und-uebermass"),
        ("Über mich", "ueber-mich"),
        ("Café für Kund*innen", "cafe-fuer-kundinnen"),
        ('Preise & "Pakete" <b>', "preise-und-pakete"),
        ("  Äpfel, Öl; Übung!  ", "aepfel-oel-uebung"),
    ],
)
def test_german_slugs(title, slug):
    assert german_slugify(title) == slug


def test_heading_anchor_slugs_use_the_same_rules():
    assert toc_slugify("Wie schnell antworten Sie?", "-") == "wie-schnell-antworten-sie"
    assert 'id="groesse-und-uebermass"' in markdown.markdown(
        "## Größe & Übermaß",
        extensions=["toc"],
        extension_configs={"toc": {"slugify": toc_slugify}},
    )
