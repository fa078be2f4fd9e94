"""Draw a share image: the page title on the site's colours, the site's name above it.

Pure functions over Pillow, so a test can draw one without building a site. The
title is set as large as it fits in at most four lines; a longer one ends in "…".
(A list card shows the same card set as text by the browser: ``.card__cover``.)

A card has three colours and their blends along the edges of its letters, so it is
drawn with one byte per pixel, each a step of the palette (``palette``): the text
colour's coverage over the background, or the accent colour's. That is a third of the
memory and the blending of RGB, and a palette PNG holds it exactly, with crisp letters,
in less than half the bytes of a JPEG. An article's own image (``cover``) is a photo: JPEG.

The PNG's pixels are compressed by ISA-L (``isal``), not by the zlib inside Pillow's
encoder: the same zlib format, read by every PNG decoder, at a tenth of the time and in
fewer bytes. Pillow writes the chunks around them (``PngImagePlugin.putchunk``).

Pillow's drawing and font modules and ISA-L are imported where a card is drawn, in the
processes that draw them (``plugin.py``): with FreeType they are 1.5 MB the build process
never needs.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image, ImageColor, ImageOps
from PIL.PngImagePlugin import putchunk

if TYPE_CHECKING:
    from PIL import ImageDraw, ImageFont

from plugins.images.metadata import pixels_only

WIDTH, HEIGHT = 1200, 630
MARGIN = 88
BAR = 28  # the accent band along the left edge
TITLE_SIZES = (76, 68, 60, 54, 48)
MAX_LINES = 4
SMALL = 30  # site name and footer
#: The palette's steps: 0–127 the background blended into the text colour (127: the text
#: colour), 128–255 the background blended into the accent colour (255: the accent).
TEXT, ACCENT_GROUND, ACCENT = 127, 128, 255


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


LEFT = BAR + MARGIN  # where the text begins


def _draw_frame(draw: ImageDraw.ImageDraw, site: str, footer: str, style: Style) -> None:
    """Everything but the title: the band, the site's name and the rule in the accent
    colour, the footer in the text colour (as palette steps)."""
    draw.rectangle((0, 0, BAR, HEIGHT), fill=ACCENT)
    small = font_at(style.font, SMALL)
    # The name's letters blend from the accent's own background step, so their edges
    # stay among the accent's steps.
    draw.rectangle(draw.textbbox((LEFT, 72), site, font=small), fill=ACCENT_GROUND)
    draw.text((LEFT, 72), site, font=small, fill=ACCENT)
    rule_top = HEIGHT - 104
    draw.rectangle((LEFT, rule_top, LEFT + 96, rule_top + 6), fill=ACCENT)
    draw.text((LEFT, HEIGHT - 84), footer, font=small, fill=TEXT)


def _draw_title(draw: ImageDraw.ImageDraw, title: str, style: Style) -> None:
    """The title, as large as it fits, centred between the site's name and the footer."""
    font, lines = fit_title(title, style.font, WIDTH - LEFT - MARGIN)
    line_height = round(font.size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2 + 12
    for number, line in enumerate(lines):
        draw.text((LEFT, top + number * line_height), line, font=font, fill=TEXT)


@lru_cache(maxsize=8)
def _frame(site: str, footer: str, style: Style, stamp: tuple) -> Image.Image:
    from PIL import ImageDraw  # noqa: PLC0415 - see the module's text

    image = Image.new("L", (WIDTH, HEIGHT), 0)
    _draw_frame(ImageDraw.Draw(image), site, footer, style)
    return image


@lru_cache(maxsize=8)
def palette(style: Style) -> tuple[int, ...]:
    """The card's 256 colours: see ``TEXT`` and ``ACCENT``."""
    background, accent, text = (
        ImageColor.getrgb(c) for c in (style.background, style.accent, style.text)
    )
    colours = []
    for step in range(256):
        target, share = (
            (text, step / TEXT) if step <= TEXT else (accent, (step - ACCENT_GROUND) / TEXT)
        )
        colours += [round(b + share * (t - b)) for b, t in zip(background, target, strict=True)]
    return tuple(colours)


def card(title: str, site: str, footer: str, style: Style) -> Image.Image:
    """A 1200×630 palette image: site name, title, footer line."""
    from PIL import ImageDraw  # noqa: PLC0415 - see the module's text

    state = style.font.stat()
    image = _frame(site, footer, style, (state.st_mtime_ns, state.st_size)).copy()
    _draw_title(ImageDraw.Draw(image), title, style)
    image.putpalette(palette(style))
    return image


def cover(source: Path) -> Image.Image:
    """An article's own image, cut to 1200×630 around its centre."""
    with Image.open(source) as original:
        upright = ImageOps.exif_transpose(original).convert("RGB")
    return ImageOps.fit(upright, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: IHDR after the size: 8 bits per pixel, a palette image (colour type 3), compression
#: and filter method 0 (the only ones PNG defines), not interlaced.
PALETTE_8BIT = bytes((8, 3, 0, 0, 0))


def png(image: Image.Image) -> bytes:
    """A drawn card (a palette image) as PNG. Every row unfiltered (its runs of one
    colour compress best as they are), compressed at ISA-L's level 1: smaller than
    zlib's fastest level, ten times as fast."""
    from isal import isal_zlib  # noqa: PLC0415 - see the module's text

    width, height = image.size
    pixels = memoryview(image.tobytes())
    # each row: its filter type (0: none), then its pixels
    rows = b"\0" + b"\0".join([pixels[row * width : (row + 1) * width] for row in range(height)])
    encoded = io.BytesIO()
    encoded.write(PNG_SIGNATURE)
    putchunk(encoded, b"IHDR", struct.pack(">II", width, height), PALETTE_8BIT)
    putchunk(encoded, b"PLTE", bytes(image.getpalette()))
    putchunk(encoded, b"IDAT", isal_zlib.compress(rows, 1))
    putchunk(encoded, b"IEND")
    return encoded.getvalue()


def jpeg(image: Image.Image) -> bytes:
    """An own image's share image as JPEG, without anything but its pixels."""
    pixels_only(image)  # an own image's comment would go along otherwise
    encoded = io.BytesIO()
    # Fetched by social networks, not by visitors: no progressive pass and no second
    # pass for smaller Huffman tables (together half the encoding time, for 13 % more bytes)
    image.save(encoded, "JPEG", quality=84)
    return encoded.getvalue()
