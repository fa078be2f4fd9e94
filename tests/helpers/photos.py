"""Photos as a phone or camera writes them (EXIF with make, model, orientation and GPS
position, XMP, IPTC, a comment), and what a published image still says about the photo."""

from __future__ import annotations

import struct
from pathlib import Path

from PIL import ExifTags, Image, PngImagePlugin

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
