"""The theme's design tokens live in one place: the ``:root`` rules of site.css (and the
brand colours from owner.yml in brand.css). Everywhere else a space, type size, radius,
shadow or colour is one of those custom properties, so a change of a token changes every
page, and a rule that slips in its own value is caught here."""

from __future__ import annotations

import re

import pytest
import tinycss2
from helpers import ROOT

THEME_CSS = ROOT / "theme" / "static" / "css"
STYLESHEETS = ["site.css", "questionnaire.css"]

SPACING = re.compile(r"^(padding|margin|gap|row-gap|column-gap)(-[a-z-]+)?$")
TYPE = {"font", "font-size", "line-height", "font-family"}
SHAPE = {"border-radius", "box-shadow"}
COLOUR = re.compile(
    r"^(color|background(-color)?|border(-[a-z]+)?(-color)?|outline(-color)?|accent-color)$"
)


def declarations(rules, media=""):
    """(media, selector, property, value tokens) of every declaration, :root rules left out."""
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "media":
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            yield from declarations(inner, tinycss2.serialize(rule.prelude).strip())
        elif rule.type == "qualified-rule":
            selector = tinycss2.serialize(rule.prelude).strip()
            if selector == ":root":
                continue
            for decl in tinycss2.parse_blocks_contents(
                rule.content, skip_comments=True, skip_whitespace=True
            ):
                if decl.type == "declaration":
                    yield media, selector, decl.lower_name, decl.value


def raw_values(tokens, *, lengths: bool, colours: bool):
    """Literal lengths (rem, px) and colours (#hex, rgb()) outside var(); 0 is not a value."""
    for token in tokens:
        if token.type == "function" and token.lower_name == "var":
            continue
        if token.type == "function":
            if colours and token.lower_name in {"rgb", "rgba", "hsl", "hsla", "oklch", "color-mix"}:
                yield tinycss2.serialize([token])
                continue
            yield from raw_values(token.arguments, lengths=lengths, colours=colours)
        elif lengths and token.type == "dimension" and token.lower_unit in {"rem", "px"}:
            yield tinycss2.serialize([token])
        elif colours and token.type == "hash":
            yield "#" + token.value


@pytest.mark.parametrize("name", STYLESHEETS)
def test_spaces_type_radii_shadows_and_colours_come_from_the_tokens(name):
    rules = tinycss2.parse_stylesheet(
        (THEME_CSS / name).read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )
    found = []
    for media, selector, prop, value in declarations(rules):
        if "print" in media and prop in TYPE:
            continue  # paper has its own type (points and a serif)
        tokenised = SPACING.match(prop) or prop in TYPE or prop in SHAPE
        colour = COLOUR.match(prop) or prop == "box-shadow"
        for raw in raw_values(value, lengths=bool(tokenised), colours=bool(colour)):
            found.append(f"{name}: {selector} {{ {prop}: … {raw} … }}")
    assert found == []


def test_the_tokens_are_defined_once_with_a_dark_variant_of_every_colour():
    css = (THEME_CSS / "site.css").read_text(encoding="utf-8")
    roots = re.findall(r":root\s*\{([^}]*)\}", css)
    light, dark = roots[0], roots[1]
    defined = set(re.findall(r"(--[\w-]+)\s*:", light))
    used = set(
        re.findall(
            r"var\((--[\w-]+)", css + (THEME_CSS / "questionnaire.css").read_text(encoding="utf-8")
        )
    )
    brand = {"--accent", "--accent-text", "--bg-alt", "--border"}  # css/brand.css, from owner.yml
    assert used - defined - brand == set()
    for scale in ("--space-", "--text-", "--radius", "--shadow-"):
        assert any(token.startswith(scale) for token in defined), scale
    colours = {t for t in defined if re.search(rf"{t}\s*:\s*#", light)}
    assert colours and colours <= set(re.findall(r"(--[\w-]+)\s*:", dark))
