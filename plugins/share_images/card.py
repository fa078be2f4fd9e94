"""Draw a share image: the page title on the site's colours, the site's name above it.

Pure functions over Pillow, so a test can draw one without building a site. The
title is set as large as it fits in at most four lines; a longer one ends in "…".
The layout is decided once at the full 1200×630 and drawn at any width: a list card's
small picture is drawn at its own size (sharper, and far cheaper than shrinking the
big one), with a palette of the site's three colours and the shades between them
(``small_card``): a PNG of it is as small as a WebP and made in half the time.

Pillow's drawing and font modules are imported where a card is drawn, in the processes
that draw them (``plugin.py``): with FreeType they are 1.5 MB the build process never needs.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageOps

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

from plugins.images.metadata import pixels_only

WIDTH, HEIGHT = 1200, 630
MARGIN = 88
BAR = 28  # the accent band along the left edge
TITLE_SIZES = (76, 68, 60, 54, 48)
MAX_LINES = 4
SMALL = 30  # site name and footer


@dataclass(frozen=True)
class Style:
    background: str
    accent: str
    text: str
    font: Path


@lru_cache(maxsize=32)
def _font(path: str, size: int, stamp: tuple[int, int]) -> ImageFont.FreeTypeFont:
    """One loaded font per file version and size (``stamp``: its mtime and size)."""
    from PIL import ImageFont  # noqa: PLC0415 - see the module's text

    return ImageFont.truetype(path, size)


def font_at(font_path: Path, size: int) -> ImageFont.FreeTypeFont:
    state = font_path.stat()
    return _font(str(font_path), size, (state.st_mtime_ns, state.st_size))


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy line breaking at spaces; a single overlong word stays on its own line."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def fit_title(
    text: str, font_path: Path, width: int
) -> tuple[ImageFont.FreeTypeFont, tuple[str, ...]]:
    """The largest size at which the title fits in ``MAX_LINES`` lines (else shortened)."""
    state = font_path.stat()
    return _fit(text, font_path, width, (state.st_mtime_ns, state.st_size))


@lru_cache(maxsize=16)  # a title's share image and its small picture are drawn in turn
def _fit(text: str, font_path: Path, width: int, stamp: tuple) -> tuple:
    for size in TITLE_SIZES:
        font = font_at(font_path, size)
        lines = wrap(text, font, width)
        if len(lines) <= MAX_LINES and all(font.getlength(line) <= width for line in lines):
            return font, tuple(lines)
    lines = wrap(text, font, width)[:MAX_LINES]
    while lines[-1] and font.getlength(lines[-1] + " …") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return font, tuple(lines)


def _draw_frame(pens: tuple, site: str, footer: str, style: Style, width: int) -> None:
    """Everything but the title, at ``width``: the band, the site's name and the rule in
    the accent colour, the footer in the text colour (``pens``: an ImageDraw and its ink
    for each of the two)."""
    (draw_accent, accent_ink), (draw_text, text_ink) = pens
    scale = width / WIDTH
    left = round((BAR + MARGIN) * scale)
    draw_accent.rectangle((0, 0, round(BAR * scale), round(HEIGHT * scale)), fill=accent_ink)
    small = font_at(style.font, round(SMALL * scale))
    draw_accent.text((left, round(72 * scale)), site, font=small, fill=accent_ink)
    rule_top = round((HEIGHT - 104) * scale)
    draw_accent.rectangle(
        (left, rule_top, left + round(96 * scale), rule_top + max(1, round(6 * scale))),
        fill=accent_ink,
    )
    draw_text.text((left, round((HEIGHT - 84) * scale)), footer, font=small, fill=text_ink)


def _draw_title(draw: ImageDraw.ImageDraw, ink, title: str, style: Style, width: int) -> None:
    """The title, as large as it fits, centred between the site's name and the footer."""
    font, lines = fit_title(title, style.font, WIDTH - MARGIN - BAR - MARGIN)
    scale = width / WIDTH
    drawn = font if width == WIDTH else font_at(style.font, round(font.size * scale))
    line_height = round(font.size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2 + 12
    left = round((BAR + MARGIN) * scale)
    for number, line in enumerate(lines):
        y = round((top + number * line_height) * scale)
        draw.text((left, y), line, font=drawn, fill=ink)


def _size(width: int) -> tuple[int, int]:
    return width, round(HEIGHT * width / WIDTH)


@lru_cache(maxsize=8)
def _frame(site: str, footer: str, style: Style, width: int, stamp: tuple) -> Image.Image:
    from PIL import ImageDraw  # noqa: PLC0415 - see the module's text

    image = Image.new("RGB", _size(width), style.background)
    draw = ImageDraw.Draw(image)
    _draw_frame(((draw, style.accent), (draw, style.text)), site, footer, style, width)
    return image


def card(title: str, site: str, footer: str, style: Style, width: int = WIDTH) -> Image.Image:
    """A 1200×630 image (or the same at ``width``): site name, title, footer line."""
    from PIL import ImageDraw  # noqa: PLC0415 - see the module's text

    state = style.font.stat()
    image = _frame(site, footer, style, width, (state.st_mtime_ns, state.st_size)).copy()
    _draw_title(ImageDraw.Draw(image), style.text, title, style, width)
    return image


#: Shades of one colour over the background, in a palette image: 0 (background) to 127
SHADES = 128


def _rgb(colour: str) -> tuple[int, ...]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@lru_cache(maxsize=8)
def _palette(style: Style) -> list[int]:
    """Entries 0–127: background to text colour; 128–255: background to accent colour.

    Shapes are drawn as 127 parts of coverage, so an edge pixel a third covered is
    a third of the way from the background to its colour, as in the RGB card.
    """
    background, entries = _rgb(style.background), []
    for colour in (_rgb(style.text), _rgb(style.accent)):
        for step in range(SHADES):
            entries += [
                round(b + (c - b) * step / (SHADES - 1))
                for b, c in zip(background, colour, strict=True)
            ]
    return entries


@lru_cache(maxsize=8)
def _layers(site: str, footer: str, style: Style, width: int, stamp: tuple):
    """The frame of a palette card: what is drawn in the text colour (0–127) and what is
    drawn in the accent colour (already moved to 128–255; 0 where there is none)."""
    from PIL import ImageDraw  # noqa: PLC0415 - see the module's text

    text, accent = Image.new("L", _size(width)), Image.new("L", _size(width))
    ink = SHADES - 1
    pens = ((ImageDraw.Draw(accent), ink), (ImageDraw.Draw(text), ink))
    _draw_frame(pens, site, footer, style, width)
    return text, accent.point([0] + [SHADES + v for v in range(1, SHADES)] + [255] * SHADES)


def small_card(title: str, site: str, footer: str, style: Style, width: int) -> Image.Image:
    """``card`` at ``width`` as a palette image (the same picture, up to one step in 255)."""
    from PIL import ImageChops, ImageDraw  # noqa: PLC0415 - see the module's text

    state = style.font.stat()
    text, accent = _layers(site, footer, style, width, (state.st_mtime_ns, state.st_size))
    text = text.copy()
    _draw_title(ImageDraw.Draw(text), SHADES - 1, title, style, width)
    shades = ImageChops.lighter(text, accent)  # the two never overlap
    image = Image.frombytes("P", shades.size, shades.tobytes())
    image.putpalette(_palette(style))
    return image


def cover(source: Path) -> Image.Image:
    """An article's own image, cut to 1200×630 around its centre."""
    with Image.open(source) as original:
        upright = ImageOps.exif_transpose(original).convert("RGB")
    return ImageOps.fit(upright, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def jpeg(image: Image.Image) -> bytes:
    """A share image as JPEG, without anything but its pixels."""
    pixels_only(image)  # an own image's comment would go along otherwise
    encoded = io.BytesIO()
    # Fetched by social networks, not by visitors: no progressive pass and no second
    # pass for smaller Huffman tables (together half the encoding time, for 13 % more bytes)
    image.save(encoded, "JPEG", quality=84)
    return encoded.getvalue()
