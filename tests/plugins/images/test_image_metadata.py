"""No image the site serves tells where or with which camera a photo was taken.

Photos from a phone or camera carry EXIF (make, model, serial number, GPS position),
XMP and IPTC. The build publishes every image without them: the responsive variants,
the share images and the originals that Pelican copies from content/images/.
"""

from __future__ import annotations

import struct
import zlib

from helpers import build_site
from helpers.photos import (
    MODEL,
    XMP,
    camera_exif,
    camera_jpeg,
    camera_png,
    metadata_of,
    photo,
    published_images,
)
from PIL import Image, ImageCms

from plugins.images.metadata import carries_metadata, without_metadata

POST = """---
title: Ein Tag im Büro
date: 2026-06-01 09:00:00+02:00
category: Organisation
image: images/urlaub.jpg
---
So sieht mein Schreibtisch aus:

![Schreibtisch mit Laptop]({static}/images/urlaub.jpg)

## Eine Skizze

![Skizze des Ablaufs]({static}/images/skizze.png)
"""


def test_no_published_image_carries_camera_or_location_data(content_copy, tmp_path):
    camera_jpeg(content_copy / "images" / "urlaub.jpg")
    camera_png(content_copy / "images" / "skizze.png")
    photo().save(content_copy / "images" / "ohne-angaben.jpg", "JPEG")
    (content_copy / "blog" / "ein-tag-im-buero.md").write_text(POST, encoding="utf-8")
    out = tmp_path / "output"
    build = build_site(content_copy, out)
    assert build.ok, build.output
    images = published_images(out)
    names = {p.relative_to(out).as_posix() for p in images}
    assert {"images/urlaub.jpg", "images/skizze.png"} <= names  # the originals, copied
    assert any(n.startswith("images/urlaub-") and n.endswith(".webp") for n in names)
    assert any(n.startswith("images/teilen/") for n in names)
    for path in images:
        assert metadata_of(path) == [], path.relative_to(out)
    with Image.open(out / "images" / "urlaub.jpg") as original:
        assert original.size == (700, 1000)  # turned upright: orientation 6 is 90° clockwise
        red, green, _ = original.convert("RGB").getpixel((690, 10))
        assert red > 180 and green < 80  # the red corner is now top right
    for name in ("ohne-angaben.jpg", "feed-icon.png", "demo/briefing-kernfragen.png"):
        source = (content_copy / "images" / name).read_bytes()
        assert (out / "images" / name).read_bytes() == source, name  # nothing to strip


def test_an_unreadable_image_is_a_german_error_and_keeps_the_earlier_output(
    content_copy, earlier_output
):
    (content_copy / "images" / "kaputt.jpg").write_bytes(b"kein Bild")
    build = build_site(content_copy, earlier_output)
    assert not build.ok
    [line] = [line for line in build.output.splitlines() if "kaputt.jpg" in line]
    assert line.startswith("FEHLER: ") and line.endswith(
        "images/kaputt.jpg: die Datei ist kein lesbares JPEG-, PNG-, WebP- oder AVIF-Bild, so "
        "lassen sich Kamera- und Ortsangaben (EXIF, GPS) nicht entfernen – bitte das Bild neu "
        "als JPEG oder PNG speichern."
    ), line
    assert "Traceback" not in build.output
    assert (earlier_output / "index.html").read_text(encoding="utf-8") == "frühere gute Ausgabe"


def test_stripping_is_deterministic_and_keeps_the_colour_profile(tmp_path):
    source = tmp_path / "mit-profil.jpg"
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo().save(source, "JPEG", exif=camera_exif(1), xmp=XMP.encode(), icc_profile=profile)
    assert carries_metadata(source)
    first, second = tmp_path / "eins.jpg", tmp_path / "zwei.jpg"
    without_metadata(source, first)
    without_metadata(source, second)
    assert first.read_bytes() == second.read_bytes()
    assert not carries_metadata(first)
    assert metadata_of(first) == []
    with Image.open(first) as stripped, Image.open(source) as original:
        assert stripped.info.get("icc_profile") == profile
        assert stripped.quantization == original.quantization  # no visible loss


def test_a_png_with_text_after_its_pixels_is_found(tmp_path):
    source = tmp_path / "spaet.png"
    photo(40, 30).save(source, "PNG")
    data = source.read_bytes()
    text = b"Comment\0" + MODEL.encode()
    chunk = (
        struct.pack(">I", len(text))
        + b"tEXt"
        + text
        + struct.pack(">I", zlib.crc32(b"tEXt" + text))
    )
    source.write_bytes(data[:-12] + chunk + data[-12:])  # before IEND
    assert carries_metadata(source)
    without_metadata(source, tmp_path / "sauber.png")
    assert metadata_of(tmp_path / "sauber.png") == []
