"""Unit tests of the German typography rules and slugs."""

from __future__ import annotations

import html
import random
import re

import markdown
import pytest
from helpers import ROOT
from markdown.treeprocessors import InlineProcessor

from plugins.german_typography import german_slugify, toc_slugify
from plugins.german_typography.html import typeset_html
from plugins.german_typography.markdown_ext import NO_BREAK, GermanTypographyExtension, no_break

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


# --- the finished page: text from templates, owner.yml and front matter -------------------


def test_page_text_from_templates_is_typeset_but_not_its_head_attributes_or_scripts():
    page = (
        "<html><head><title>E-Mail und 19 %</title>"
        '<meta name="description" content="ab 55 € per E-Mail"></head>'
        '<body><p title="E-Mail an info@x.example">'
        "ab 55 € pro Stunde, § 19 UStG, E-Mail-Adresse</p>"
        '<select><option>E-Mail</option></select><script>var a = "19 %";</script>'
        "<p>Schreiben Sie an info@buero-x.example.</p></body></html>"
    )
    out = typeset_html(page)
    head, body = out.split("<body>")
    assert head == page.split("<body>", maxsplit=1)[0]  # head, title and meta unchanged
    assert 'title="E-Mail an info@x.example"' in body  # attributes too
    assert "ab 55\u00a0€ pro Stunde, §\u00a019 UStG" in body
    assert '<span class="nobr">E-Mail</span>-Adresse' in body  # may break after "Mail-" only
    assert "<option>E-Mail</option>" in body and 'var a = "19 %";' in body
    assert "info@buero" not in body.split("<script>")[1]  # the address is character references
    pieces = re.findall(r'<span class="nobr">([^<]*)</span>', body.split("<script>")[1])
    assert [html.unescape(p) for p in pieces] == ["info", "@buero-x", ".example"]
    assert typeset_html(out) == out  # a second pass changes nothing


#: Where Smarty's rules meet: quotes in quotes, next to markup, dashes and dots in a row.
TRICKY = [
    "\"x''\"",
    "x''",
    '""',
    "''",
    "\"'Zitat' im Zitat\"",
    "'\"innen\"'",
    "die '90er, die '80s, 's Haus, Hans' Hut",
    "geht's -- oder --- nicht... . . . und....",
    "a--b---c----d",
    '„schon“ "neu" *"betont"* "*betont*"',
    '[„Link"](x) "a [b](c)" `"code"` "text"',
    '<b>"roh"</b> \'x\' \\"maskiert\\"',
    "1'2\" groß ('klammer') [\"eckig\"] \"Satz.\" 'Satz.'",
    '&nbsp;"x" — "y" – \'z\' \u00a0"x"',
    "Er sagte: \"Hallo!\" Und 'tschüss'?\n\"Mehrzeilig\nund 'so'\"",
    '# Titel "mit" Zitat\n\n> "Zitat" -- Person\n\n- "eins"\n- \'zwei\'',
    "| a | \"b\" |\n|---|---|\n| 'c' | d... |",
]


def test_quotes_are_set_exactly_as_smartys_own_processor_sets_them():
    """The lean walker (QuotesProcessor) against Python-Markdown's inline processor with
    the same patterns: on tricky cases and on every Markdown file of the demo and the
    starter, the HTML is the same, character for character."""
    lean, smarty = GermanTypographyExtension(), GermanTypographyExtension()
    fast = markdown.Markdown(extensions=[lean, *EXTENSIONS[1:]], extension_configs=CONFIGS)
    slow = markdown.Markdown(extensions=[smarty, *EXTENSIONS[1:]], extension_configs=CONFIGS)
    own = InlineProcessor(slow)
    own.inlinePatterns = smarty.inlinePatterns
    slow.treeprocessors.register(own, "smarty", 6)
    sources = [*(ROOT / "sitekit").rglob("*.md")]
    assert len(sources) > 20
    texts = TRICKY + [source.read_text(encoding="utf-8") for source in sources]
    for text in texts:
        fast.reset()
        slow.reset()
        assert fast.convert(text) == slow.convert(text), text[:60]


def test_no_break_skips_only_text_that_none_of_its_rules_would_change():
    """``no_break`` leaves most text at once (``NO_BREAK_QUICK``): never text a rule changes."""
    words = [
        "19",
        "5",
        " ",
        "  ",
        "%",
        "€",
        "Uhr",
        "Std.",
        "Stunden",
        "Tagen",
        "§",
        "§§",
        "Art.",
        "Abs.",
        "Nr.",
        "lit.",
        "S.",
        "z.",
        "B.",
        "d.",
        "h.",
        "u.",
        "a.",
        "x",
        "Bart.",
        "\n",
        "\u00a0",
    ]
    chooser = random.Random(25)
    for _ in range(20000):
        text = "".join(chooser.choice(words) for _ in range(chooser.randint(1, 7)))
        everything = text
        for pattern, replacement in NO_BREAK:
            if replacement is None:
                everything = pattern.sub(lambda m: m.group(0).replace(" ", "\u00a0"), everything)
            else:
                everything = pattern.sub(replacement, everything)
        assert no_break(text) == everything, repr(text)
