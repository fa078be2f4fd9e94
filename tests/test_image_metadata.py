"""No image the site serves tells where or with which camera a photo was taken.

Photos from a phone or camera carry EXIF (make, model, serial number, GPS position),
XMP and IPTC. The build publishes every image without them: the responsive variants,
the share images and the originals that Pelican copies from content/images/.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from helpers import build_site
from PIL import ExifTags, Image, ImageCms, PngImagePlugin

from plugins.images.metadata import carries_metadata, without_metadata

MODEL = "Spiegelreflex X9000"
MAKE = "Kamerawerk"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    'xmlns:exif="http://ns.adobe.com/exif/1.0/" xmlns:tiff="http://ns.adobe.com/tiff/1.0/" '
    f'tiff:Model="{MODEL}" exif:GPSLatitude="52,31.2N" exif:GPSLongitude="13,24.6E"/>'
    "</rdf:RDF></x:xmpmeta>"
)
#: What must not be in any published file, byte for byte (long enough never to occur
#: by chance in compressed image data).
NEEDLES = (MODEL.encode(), MAKE.encode(), b"GPSLatitude", b"GPSLongitude", b"Exif\0\0")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif")
#: JPEG segments that describe pixels, not the photo: JFIF, the colour profile, Adobe.
PIXEL_SEGMENTS = (("APP0", b"JFIF"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe"))


def camera_exif(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = MAKE
    exif[ExifTags.Base.Model] = MODEL
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, 12.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (13.0, 24.0, 36.0)
    return exif


def iptc_segment() -> bytes:
    """An APP13 segment with an IPTC by-line, as Photoshop and Lightroom write it."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(MAKE)) + MAKE.encode()
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def photo(width: int = 1000, height: int = 700) -> Image.Image:
    """A picture whose top-left corner is red, so a test can tell how it is turned."""
    image = Image.new("RGB", (width, height), "#2f6f8f")
    image.paste((220, 30, 30), (0, 0, width // 4, height // 4))
    return image


def camera_jpeg(path: Path, orientation: int = 6) -> None:
    """A JPEG as a phone writes it: EXIF with camera, position and orientation, XMP, IPTC,
    a comment."""
    photo().save(
        path,
        "JPEG",
        quality=90,
        exif=camera_exif(orientation),
        xmp=XMP.encode(),
        extra=iptc_segment(),
        comment=f"Aufgenommen mit {MODEL}",
    )


def camera_png(path: Path) -> None:
    """A PNG with an eXIf chunk and text chunks (a comment, XMP)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"Aufgenommen mit {MODEL}")
    info.add_itxt("XML:com.adobe.xmp", XMP)
    photo(800, 600).save(path, "PNG", pnginfo=info, exif=camera_exif(1))


def metadata_of(path: Path) -> list[str]:
    """What ``path`` still says about the photo (empty: nothing)."""
    found = []
    with Image.open(path) as image:
        image.load()
        exif = image.getexif()
        if exif:
            found.append(f"EXIF {dict(exif)}")
        if exif.get_ifd(ExifTags.IFD.GPSInfo):
            found.append("GPS")
        found += [
            key for key in ("exif", "xmp", "XML:com.adobe.xmp", "photoshop") if key in image.info
        ]
        found += [f"PNG-Text {key}" for key in getattr(image, "text", {})]
        for marker, data in getattr(image, "applist", []):
            if not any(marker == m and data.startswith(start) for m, start in PIXEL_SEGMENTS):
                found.append(f"JPEG-Segment {marker} {data[:16]!r}")
    raw = path.read_bytes()
    found += [f"Bytes {needle!r}" for needle in NEEDLES if needle in raw]
    return found


def published_images(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES)


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
