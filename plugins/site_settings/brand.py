"""The owner's brand colour: checked for contrast, and the colours derived from it.

One colour (``farbe`` in owner.yml) feeds the whole look: links and buttons (``--accent``),
a light tint for alternate sections (``--bg-alt``), borders, and lighter shades for dark
mode. Colours are computed in OKLCH (coloraide), so every shade keeps the brand's hue,
and contrast follows WCAG 2.x.

The build asks ``problem_of`` and ``css_of``: they compute in a process of their own, so
coloraide (3.8 MB of modules) never enters the build process and its workers.
"""

from __future__ import annotations

import functools

from .forking import result_apart

LIGHT_BG = "#fdfcf9"  # the site's light background (theme/static/css/site.css)
TEXT_COLOUR = "#1d2326"  # its text colour
DARK_BG = "#131719"  # its dark-mode background
WHITE = "#ffffff"
AA_TEXT = 4.5  # WCAG 2.x AA for body text
STEP = 0.005
TINT_LIGHTNESS = 0.96  # --bg-alt: a very light tint of the brand colour
TINT_CHROMA = 0.15


def _color(value: str):
    from coloraide import Color  # noqa: PLC0415 - imported apart (see the module's text)

    return Color(value)


def problem_of(colour: str) -> str:
    """``contrast_problem(colour)``, computed apart (see the module's text)."""
    return _apart(colour)[0]


def css_of(colour: str) -> str:
    """``brand_css(colour)``, computed apart (see the module's text)."""
    return _apart(colour)[1]


@functools.lru_cache(maxsize=8)
def _apart(colour: str) -> tuple[str, str]:
    """Both, in one process: coloraide is imported once per build, not once for each."""
    return result_apart(functools.partial(_both, colour))


def _both(colour: str) -> tuple[str, str]:
    return contrast_problem(colour), brand_css(colour)


def contrast(one: str, other: str) -> float:
    return _color(one).contrast(other, method="wcag21")


def _with_lightness(colour: str, lightness: float) -> str:
    shade = _color(colour).convert("oklch")
    shade["lightness"] = lightness
    return shade.fit("srgb").convert("srgb").to_string(hex=True)


def _shift(colour: str, against: str, direction: float, minimum: float = AA_TEXT) -> str:
    """The nearest shade of ``colour`` (same hue) with at least ``minimum`` against ``against``."""
    lightness = _color(colour).convert("oklch")["lightness"]
    shade = colour
    while contrast(shade, against) < minimum and 0 <= lightness <= 1:
        lightness += direction * STEP
        shade = _with_lightness(colour, max(0.0, min(1.0, lightness)))
    return shade


def _weakest(colour: str) -> float:
    """The lowest contrast of the colour: as text on the page and on its tinted sections,
    and under white button text."""
    tinted = _tint(colour, TINT_LIGHTNESS, TINT_CHROMA)
    return min(contrast(colour, LIGHT_BG), contrast(colour, tinted), contrast(colour, WHITE))


def _darker(colour: str) -> str:
    """The nearest darker shade of ``colour`` that passes ``_weakest``."""
    lightness = _color(colour).convert("oklch")["lightness"]
    shade = colour
    while _weakest(shade) < AA_TEXT and lightness > 0:
        lightness -= STEP
        shade = _with_lightness(colour, lightness)
    return shade


def contrast_problem(colour: str) -> str:
    """What is wrong with ``colour`` as text on the site's background ("" when it is fine)."""
    weakest = _weakest(colour)
    if weakest >= AA_TEXT:
        return ""
    darker = _darker(colour)
    return (
        f"{colour} ist als Schrift- und Knopffarbe auf hellem Grund zu hell (Kontrast "
        f"{weakest:.1f} : 1, nötig sind {AA_TEXT:.1f} : 1); derselbe Farbton dunkler wäre "
        f"{darker} (Kontrast {_weakest(darker):.1f} : 1)".replace(".", ",")
    )


def _tint(colour: str, lightness: float, chroma_share: float) -> str:
    shade = _color(colour).convert("oklch")
    shade["lightness"] = lightness
    shade["chroma"] = shade["chroma"] * chroma_share
    return shade.fit("srgb").convert("srgb").to_string(hex=True)


def palette(colour: str) -> dict[str, dict[str, str]]:
    """CSS custom properties for light and dark mode, all derived from ``colour``."""
    dark_accent = _shift(colour, DARK_BG, +1, minimum=7.0)
    return {
        "light": {
            "--accent": colour,
            "--accent-text": WHITE,
            "--bg-alt": _tint(colour, TINT_LIGHTNESS, TINT_CHROMA),
            "--border": _tint(colour, 0.86, 0.2),
        },
        "dark": {
            "--accent": dark_accent,
            "--accent-text": DARK_BG,
            "--bg-alt": _tint(colour, 0.23, 0.25),
            "--border": _tint(colour, 0.38, 0.3),
        },
    }


def brand_css(colour: str) -> str:
    """The stylesheet that sets the brand's custom properties (served as an asset)."""
    shades = palette(colour)
    light = "".join(f"  {name}: {value};\n" for name, value in shades["light"].items())
    dark = "".join(f"    {name}: {value};\n" for name, value in shades["dark"].items())
    return (
        f"/* Markenfarben aus owner.yml (farbe: {colour}); erzeugt beim Bauen. */\n"
        f":root {{\n{light}}}\n"
        f"@media (prefers-color-scheme: dark) {{\n  :root {{\n{dark}  }}\n}}\n"
    )


def favicon_svg(initials: str, colour: str) -> str:
    """A square icon with the owner's initials on her colour (favicon.svg)."""
    size = 38 if len(initials) < 3 else 28  # noqa: PLR2004 - three letters need a smaller size
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
        f'<rect width="64" height="64" rx="14" fill="{colour}"/>'
        f'<text x="32" y="44" font-family="system-ui, sans-serif" font-size="{size}" '
        f'font-weight="700" text-anchor="middle" fill="#ffffff">{initials}</text></svg>\n'
    )
