"""Images without what a camera or an editor wrote into them: EXIF, GPS, XMP, IPTC, comments.

A published image must not tell where, when or with which device a photo was taken.
Variants and share images are drawn anew and keep only what their pixels need
(``pixels_only``). The originals Pelican copies from content/ verbatim are checked after
the copy; one that carries metadata is replaced by a copy without, turned upright first
(the EXIF orientation becomes pixels), in its own format and, for JPEG, with its own
quantisation tables. A file without metadata stays byte for byte as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import struct
from pathlib import Path

from PIL import Image, ImageOps, JpegImagePlugin

from plugins.site_settings.cache_files import seal, usable

#: Raster files the site may serve; others (SVG, PDF) are left as they are.
SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".avif")
#: JPEG segments that describe the pixels: JFIF, the colour profile, Adobe's colour transform.
PIXEL_SEGMENTS = (("APP0", b"JFIF\0"), ("APP2", b"ICC_PROFILE\0"), ("APP14", b"Adobe"))
#: PNG chunks about the picture, not its pixels (text may hold XMP or EXIF as well).
PNG_METADATA = frozenset((b"tEXt", b"iTXt", b"zTXt", b"eXIf", b"tIME"))
#: What a picture's ``info`` may keep: it changes how the pixels look.
PIXEL_INFO = ("icc_profile", "transparency")
SAVE_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "AVIF": "AVIF"}
#: WebP and AVIF keep no record of their quality: high enough that a new encoding shows none.
QUALITY = 90
VERSION = "1"  # raise when without_metadata writes differently, so cached copies are made anew


def pixels_only(image: Image.Image) -> dict:
    """Forget all but the colour profile and transparency; the save options that keep them."""
    image.info = {key: image.info[key] for key in PIXEL_INFO if key in image.info}
    profile = image.info.get("icc_profile")
    return {"icc_profile": profile} if profile else {}


def _png_metadata(path: Path) -> bool:
    """Whether a PNG has a text, EXIF or time chunk (also after the pixels, unlike Pillow's
    ``info`` before decoding)."""
    with path.open("rb") as file:
        file.seek(8)
        while len(header := file.read(8)) == 8:  # noqa: PLR2004 - length and type
            length, kind = struct.unpack(">I4s", header)
            if kind in PNG_METADATA:
                return True
            if kind == b"IEND":
                break
            file.seek(length + 4, os.SEEK_CUR)  # data and CRC
    return False


def _webp_lossless(path: Path) -> bool:
    """Whether a WebP file's picture is stored losslessly (a ``VP8L`` chunk)."""
    data = path.read_bytes()
    position = 12
    while position + 8 <= len(data):
        kind = data[position : position + 4]
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        if kind in (b"VP8 ", b"VP8L"):
            return kind == b"VP8L"
        position += 8 + size + (size & 1)
    return False


def carries_metadata(path: Path) -> bool:
    """Whether an image file holds anything beyond its pixels (read from its headers only)."""
    with Image.open(path) as image:
        kind = image.format
        if kind in ("JPEG", "MPO"):
            return any(
                not any(marker == m and data.startswith(start) for m, start in PIXEL_SEGMENTS)
                for marker, data in image.applist
            )
        if kind == "PNG":
            return _png_metadata(path)
        return any(key in image.info for key in ("exif", "xmp", "comment"))


def _save_options(original: Image.Image, source: Path) -> dict:
    """How to save a stripped copy so that it looks like the original."""
    kind = original.format
    if kind in ("JPEG", "MPO"):
        options = {"qtables": original.quantization, "optimize": True}
        options["progressive"] = "progressive" in original.info or "progression" in original.info
        sampling = JpegImagePlugin.get_sampling(original)
        return options | ({"subsampling": sampling} if sampling != -1 else {})
    if kind == "PNG":
        return {"optimize": True}
    if kind == "WEBP" and _webp_lossless(source):
        return {"lossless": True}
    return {"quality": QUALITY}


def without_metadata(source: Path, target: Path) -> None:
    """Write ``source`` upright, in its format, without metadata to ``target`` (atomically)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    with Image.open(source) as original:
        kind = original.format
        if kind not in SAVE_AS:
            raise ValueError(f"Format {kind or 'unbekannt'}")
        options = _save_options(original, source)
        if kind != "MPO" and getattr(original, "is_animated", False):
            # Every frame as it is (Pillow writes no text or EXIF unless asked to); an
            # animation is not turned by an EXIF orientation.
            profile = original.info.get("icc_profile")
            options |= {"icc_profile": profile} if profile else {}
            original.save(partial, SAVE_AS[kind], save_all=True, **options)
            partial.replace(target)
            return
        upright = ImageOps.exif_transpose(original)  # MPO: the main picture only
    options |= pixels_only(upright)
    upright.save(partial, SAVE_AS[kind], **options)
    partial.replace(target)


def _cached(source: Path, cache: Path) -> Path:
    digest = hashlib.blake2b(source.read_bytes(), digest_size=8).hexdigest()
    return cache / f"ohne-metadaten-v{VERSION}-{digest}{source.suffix.lower()}"


def copy_missing(source: Path, cache: Path) -> bool:
    """Whether ``source`` carries metadata and the cache lacks its copy without."""
    try:
        return carries_metadata(source) and not usable(_cached(source, cache))
    except (OSError, SyntaxError, ValueError):  # unreadable: publish_without_metadata says so
        return False


def make_copies(sources: list[Path], cache: Path) -> None:
    """The copies without metadata of ``sources`` into ``cache`` (one that fails is left
    out: ``publish_without_metadata`` meets the same error and reports it)."""
    for source in sources:
        with contextlib.suppress(OSError, SyntaxError, ValueError):
            cached = _cached(source, cache)
            without_metadata(source, cached)
            seal(cached)


def publish_without_metadata(source: Path, target: Path, cache: Path) -> bool:
    """Replace ``target``, Pelican's copy of ``source``, by one without metadata (False:
    there was none). The stripped file is made once per content and kept in ``cache``.

    ``target`` gets a file of its own, never a link: an in-place build copies the original
    over it again, which must change neither the cache nor, with STATIC_CREATE_LINKS, the
    author's file.
    """
    if not carries_metadata(source):
        return False
    cached = _cached(source, cache)
    if not usable(cached):
        without_metadata(source, cached)
        seal(cached)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    shutil.copyfile(cached, partial)
    partial.replace(target)
    return True
