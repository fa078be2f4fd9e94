"""Responsive variants of one image: a few widths, in WebP (or AVIF) and the original format.

``plan`` decides the files from the source's size and bytes (no pixels are decoded);
``start_making`` draws them in the background and ``Making.finish`` puts them in the
output, each drawn only once: variants are kept in the build cache under a name that
holds a hash of the source, so an unchanged image costs a link. A variant keeps nothing
of what the camera wrote (EXIF, GPS, XMP, comments: ``metadata``).
"""

from __future__ import annotations

import functools
import hashlib
import os
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

from PIL import Image, ImageOps

from plugins.site_settings.cache_files import seal, usable
from plugins.site_settings.forking import started_apart

from .metadata import pixels_only

FALLBACK = {"JPEG": "jpg", "PNG": "png", "WEBP": "jpg", "GIF": "png", "MPO": "jpg"}
SAVE_AS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP", "avif": "AVIF"}
MIME = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "avif": "image/avif"}
VERSION = "2"  # raise when draw() encodes differently, so cached variants are drawn anew


#: The JPEG comment of the demo's placeholder portrait (``sitekit.demo_images``): the
#: release refuses it until the owner has put her own photo in its place.
PLACEHOLDER_MARK = b"va-sitekit: Platzhalter-Illustration der Demo, bitte ersetzen"


def is_placeholder(source: Path) -> bool:
    """Whether ``source`` is still one of the demo's placeholder images."""
    try:
        with Image.open(source) as image:
            return image.info.get("comment") == PLACEHOLDER_MARK
    except OSError:
        return False


class ImageError(ValueError):
    """The file cannot be used as an image (the message says why, in German)."""


@dataclass(frozen=True)
class Variant:
    name: str  # path in the output, e.g. images/portraet-480.1a2b3c4d.webp
    width: int
    height: int
    ext: str


@dataclass(frozen=True)
class Plan:
    source: Path
    width: int  # intrinsic size after EXIF rotation
    height: int
    sources: tuple[tuple[str, tuple[Variant, ...]], ...]  # (mime, variants), modern first
    fallback: tuple[Variant, ...]


def probe(source: Path) -> tuple[int, int, str]:
    """Width, height (upright) and Pillow's format name, from the file header only."""
    try:
        with Image.open(source) as image:
            width, height = image.size
            orientation = image.getexif().get(0x0112, 1)
            kind = image.format or ""
    except (OSError, SyntaxError) as error:
        raise ImageError(f"ist kein lesbares Bild ({error})") from None
    if kind not in FALLBACK:
        raise ImageError(f"hat das Format {kind or 'unbekannt'} (möglich: JPEG, PNG, WebP)")
    if orientation in (5, 6, 7, 8):  # stored on its side: shown turned by 90°
        width, height = height, width
    return width, height, kind


def plan(source: Path, relative: str, widths: tuple[int, ...], formats: tuple[str, ...]) -> Plan:
    """The variants of ``source`` (``relative``: its path below the output, e.g. images/a.jpg)."""
    width, height, kind = probe(source)
    digest = hashlib.blake2b(source.read_bytes(), digest_size=4).hexdigest()
    steps = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    stem = relative.rsplit(".", 1)[0]

    def variants(ext: str) -> tuple[Variant, ...]:
        return tuple(
            Variant(f"{stem}-{w}.{digest}.{ext}", w, round(height * w / width), ext) for w in steps
        )

    fallback = FALLBACK[kind]
    modern = tuple((MIME[ext], variants(ext)) for ext in formats if ext != fallback)
    return Plan(source, width, height, modern, variants(fallback))


def all_variants(image_plan: Plan) -> list[Variant]:
    return [v for _, group in image_plan.sources for v in group] + list(image_plan.fallback)


def draw(source: Path, variant: Variant, quality: int, target: Path) -> None:
    """Resize and encode one variant, written atomically."""
    with Image.open(source) as original:
        image = ImageOps.exif_transpose(original)
        if variant.ext == "jpg" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        resized = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
    options: dict = {"quality": quality}
    if variant.ext == "jpg":
        options.update(optimize=True, progressive=True)
    elif variant.ext == "png":
        options = {"optimize": True}
    elif variant.ext == "webp":
        options["method"] = 5
    pixels_only(resized)  # Pillow would pass a JPEG comment on
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    resized.save(partial, SAVE_AS[variant.ext], **options)
    partial.replace(target)


@dataclass
class Making:
    """The variants of one image, drawn in a background process while the build goes on;
    ``finish`` waits for it and puts them in the output."""

    source: Path
    quality: int
    output: Path
    variants: list[tuple[Variant, Path]]  # each variant and its file in the cache
    process: BaseProcess | None = None

    def finish(self) -> None:
        """Every variant in the output. One the background process did not draw (it
        failed) is drawn here, so its error is raised in the build."""
        if self.process is not None:
            self.process.join()
            self.process = None
        wanted = [(v, cached) for v, cached in self.variants if not (self.output / v.name).exists()]
        missing = [(variant, cached) for variant, cached in wanted if not usable(cached)]
        if missing:
            draw_sealed(self.source, missing, self.quality)
        for variant, cached in wanted:
            link_into(cached, self.output / variant.name)


def start_making(image_plan: Plan, output: Path, cache: Path, quality: int) -> Making:
    """Begin putting every variant of the plan in ``output``: from the cache, or drawn
    into it when new. New ones are drawn in a process of their own, in the background: the
    decoded picture, and the encoders Pillow loads for AVIF and WebP (3 MB of modules),
    stay out of the build process, and the build reads on meanwhile. Nothing is written
    to ``output`` before ``finish``."""
    variants = [
        (variant, cache / f"v{VERSION}-q{quality}-{Path(variant.name).name}")
        for variant in all_variants(image_plan)
    ]
    making = Making(image_plan.source, quality, output, variants)
    missing = [
        (variant, cached)
        for variant, cached in variants
        if not (output / variant.name).exists() and not usable(cached)
    ]
    if missing:
        making.process = started_apart(
            functools.partial(draw_sealed, image_plan.source, missing, quality)
        )
    return making


def draw_sealed(source: Path, missing: list[tuple[Variant, Path]], quality: int) -> None:
    for variant, cached in missing:
        draw(source, variant, quality, cached)
        seal(cached)


def link_into(cached: Path, target: Path) -> None:
    """Put a cached file in the output; safe when several processes place the same file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, target)
    except FileExistsError:
        pass  # another worker placed it a moment ago
    except OSError:  # another file system: copy, atomically
        partial = target.with_name(f".{target.name}.{os.getpid()}.part")
        partial.write_bytes(cached.read_bytes())
        partial.replace(target)
