"""The demo's pictures, drawn with Pillow: the placeholder portrait and one diagram.

The portrait is an illustration, clearly not a photo of anyone. Both live in the demo's
image folder ``images/demo/`` (of content/ and of the kit's copy in sitekit/demo/), which
``make strip-demo`` removes; the owner names her own photo in owner.yml (``portraet``).
The portrait also carries a JPEG comment that marks it as the demo's, so that
``make publish`` refuses it wherever it is copied.
``python -m sitekit.demo_images`` draws both files again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from plugins.images.variants import PLACEHOLDER_MARK
from sitekit.project import ROOT

SIZE = (960, 1200)
BACKGROUND = "#eef4f1"
ACCENT = "#0a5a4e"
SKIN = "#e7c3a4"
HAIR = "#3b2a22"
LEAF = "#6fae8e"
FONT = ROOT / "theme" / "fonts" / "DejaVuSans-Bold.ttf"


def leaf(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], colour: str) -> None:
    """A linden leaf, reduced to a rounded heart shape with a stem."""
    left, top, right, bottom = box
    middle = (left + right) // 2
    draw.ellipse((left, top, middle + 20, bottom - 60), fill=colour)
    draw.ellipse((middle - 20, top, right, bottom - 60), fill=colour)
    draw.polygon([(left + 8, top + 120), (right - 8, top + 120), (middle, bottom)], fill=colour)
    draw.line((middle, bottom - 10, middle, bottom + 60), fill=ACCENT, width=10)


def portrait() -> Image.Image:
    """Head and shoulders in the site's colours, with a label that says what it is."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    leaf(draw, (600, 120, 880, 460), LEAF)
    draw.ellipse((120, 760, 840, 1480), fill=ACCENT)  # shoulders
    draw.rectangle((410, 600, 550, 800), fill=SKIN)  # neck
    draw.ellipse((270, 230, 690, 700), fill=HAIR)  # hair behind the face
    draw.ellipse((315, 300, 645, 690), fill=SKIN)  # face
    draw.chord((300, 250, 660, 520), 180, 360, fill=HAIR)  # fringe
    draw.ellipse((395, 480, 425, 510), fill=HAIR)
    draw.ellipse((535, 480, 565, 510), fill=HAIR)
    draw.arc((420, 540, 540, 620), 20, 160, fill="#a0524a", width=8)
    font = ImageFont.truetype(str(FONT), 44)
    label = "Platzhalter-Illustration"
    width = draw.textlength(label, font=font)
    draw.rounded_rectangle((60, 60, 60 + width + 48, 136), radius=18, fill="#fdfcf9")
    draw.text((84, 74), label, font=font, fill=ACCENT)
    return image


def briefing() -> Image.Image:
    """The four core questions of a briefing as four labelled fields."""
    image = Image.new("RGB", (1600, 900), "#fdfcf9")
    draw = ImageDraw.Draw(image)
    title = ImageFont.truetype(str(FONT), 52)
    label = ImageFont.truetype(str(FONT), 46)
    small = ImageFont.truetype(str(FONT), 28)
    draw.text((80, 60), "Die vier Kernfragen eines Briefings", font=title, fill=ACCENT)
    fields = [
        ("1  Ergebnis", "Was soll am Ende vorliegen?"),
        ("2  Frist", "Bis wann – fest oder flexibel?"),
        ("3  Zweck", "Wofür wird es gebraucht?"),
        ("4  Spielraum", "Was darf selbst entschieden werden?"),
    ]
    for number, (head, text) in enumerate(fields):
        left = 80 + (number % 2) * 740
        top = 180 + (number // 2) * 340
        draw.rounded_rectangle((left, top, left + 700, top + 300), radius=28, fill=BACKGROUND)
        draw.rectangle((left, top + 40, left + 14, top + 260), fill=ACCENT)
        draw.text((left + 56, top + 70), head, font=label, fill="#1d2326")
        draw.text((left + 56, top + 160), text, font=small, fill="#1d2326")
    return image


def main() -> int:
    for folder in (ROOT / "content", ROOT / "sitekit" / "demo" / "content"):
        draw_into(folder / "images" / "demo")
    print("Gezeichnet: images/demo/portraet.jpg und images/demo/briefing-kernfragen.png")
    return 0


def draw_into(images: Path) -> None:
    images.mkdir(parents=True, exist_ok=True)
    portrait().save(
        images / "portraet.jpg",
        "JPEG",
        quality=86,
        optimize=True,
        progressive=True,
        comment=PLACEHOLDER_MARK,
    )
    briefing().save(images / "briefing-kernfragen.png", "PNG", optimize=True)


if __name__ == "__main__":
    sys.exit(main())
