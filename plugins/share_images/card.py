"""Draw a share image: the page title on the site's colours, the site's name above it.

Pure functions over Pillow, so a test can draw one without building a site. The
title is set as large as it fits in at most four lines; a longer one ends in "…".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from plugins.images.metadata import pixels_only

WIDTH, HEIGHT = 1200, 630
MARGIN = 88
BAR = 28  # the accent band along the left edge
TITLE_SIZES = (76, 68, 60, 54, 48)
MAX_LINES = 4


@dataclass(frozen=True)
class Style:
    background: str
    accent: str
    text: str
    font: Path


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


def fit_title(text: str, font_path: Path, width: int) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the title fits in ``MAX_LINES`` lines (else shortened)."""
    for size in TITLE_SIZES:
        font = ImageFont.truetype(str(font_path), size)
        lines = wrap(text, font, width)
        if len(lines) <= MAX_LINES and all(font.getlength(line) <= width for line in lines):
            return font, lines
    lines = wrap(text, font, width)[:MAX_LINES]
    while lines[-1] and font.getlength(lines[-1] + " …") > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return font, lines


def card(title: str, site: str, footer: str, style: Style) -> Image.Image:
    """A 1200×630 image: site name, title, and a footer line (the site's address)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), style.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, BAR, HEIGHT), fill=style.accent)
    width = WIDTH - MARGIN - BAR - MARGIN
    left = BAR + MARGIN
    small = ImageFont.truetype(str(style.font), 30)
    draw.text((left, 72), site, font=small, fill=style.accent)
    font, lines = fit_title(title, style.font, width)
    line_height = round(font.size * 1.2)
    top = (HEIGHT - line_height * len(lines)) // 2 + 12
    for number, line in enumerate(lines):
        draw.text((left, top + number * line_height), line, font=font, fill=style.text)
    draw.rectangle((left, HEIGHT - 104, left + 96, HEIGHT - 98), fill=style.accent)
    draw.text((left, HEIGHT - 84), footer, font=small, fill=style.text)
    return image


def cover(source: Path) -> Image.Image:
    """An article's own image, cut to 1200×630 around its centre."""
    with Image.open(source) as original:
        upright = ImageOps.exif_transpose(original).convert("RGB")
    return ImageOps.fit(upright, (WIDTH, HEIGHT), Image.Resampling.LANCZOS)


def save_jpeg(image: Image.Image, target: Path) -> None:
    """Write atomically, so two processes making the same image never see half a file."""
    pixels_only(image)  # an own image's comment would go along otherwise
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{id(image)}.part")
    # Fetched by social networks, not by visitors: no progressive pass (half the time)
    image.save(partial, "JPEG", quality=84, optimize=True)
    partial.replace(target)
