"""Responsive images: every content image and the theme's pictures as ``<picture>``.

Images written in Markdown (``![Beschreibung]({static}/images/bild.jpg)``) are
rewritten when a page is read; templates call ``picture("images/portraet.jpg", alt,
sizes)``. Each image gets variants of a few widths in WebP (``IMAGES_FORMATS``) and in
its own format, explicit width and height, and lazy loading below the first heading.
An image without alt text, one from another server and a missing file are errors
naming the content file and line. Variants are drawn once and kept in the build cache.
The originals Pelican copies from content/ lose what the camera wrote into them (EXIF
with GPS, XMP, IPTC) once they are copied (``metadata.py``).
"""

from __future__ import annotations

import functools
import logging
import os
import re
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican import signals

from plugins.site_settings import Setting, SettingsError, absolute_siteurl, apply, sitepath
from plugins.site_settings.forking import apart
from plugins.site_settings.owner import is_removed_demo_image, removed_demo_image_note
from plugins.site_settings.paths import display_path
from plugins.site_settings.pelican_internals import set_html
from plugins.site_settings.schema import integer, one_of, sequence, text

from .markup import picture as picture_html
from .markup import rewrite
from .metadata import SUFFIXES, copy_missing, make_copies, publish_without_metadata
from .variants import ImageError, Making, Plan, all_variants, plan, start_making

logger = logging.getLogger(__name__)

FOREIGN = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
STATIC = re.compile(r"^\{static\}/?")

SCHEMA = (
    Setting(
        "IMAGES_WIDTHS",
        [480, 800, 1200],
        sequence(integer(minimum=120, maximum=4000)),
        "Breiten in Pixeln wie [480, 800, 1200]",
    ),
    Setting(
        "IMAGES_FORMATS",
        ["webp"],
        sequence(one_of("webp", "avif")),
        '["webp"] oder ["avif", "webp"]',
    ),
    Setting(
        "PORTRAIT",
        "",
        text(pattern=r"[^/\s][^\s]*\.(jpe?g|png|webp)", allowed="z. B. images/portraet.jpg"),
        'den Pfad des Fotos unter content/ wie "images/portraet.jpg" (leer: keins)',
    ),
    Setting("PORTRAIT_ALT", "", text(), "einen Satz, der das Foto beschreibt"),
    Setting("IMAGES_QUALITY", 78, integer(minimum=30, maximum=95), "eine Zahl von 30 bis 95"),
    Setting(
        "IMAGES_SIZES",
        "(min-width: 46rem) 42rem, calc(100vw - 2rem)",
        text(required=True),
        "eine sizes-Angabe wie (min-width: 46rem) 42rem, 100vw",
    ),
)


class WithoutEmptyAltFilter(logging.Filter):
    """Drops Pelican's English warning about an image without alt text: this plugin
    reports the same image as an error, with the line and what to do."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != "Empty alt attribute for image %s in %s"


def check_settings(pelican) -> None:
    """Fill in defaults and reject unusable values once, at start-up."""
    settings = pelican.settings
    apply(settings, SCHEMA)
    readers = logging.getLogger("pelican.readers")
    if not any(isinstance(f, WithoutEmptyAltFilter) for f in readers.filters):
        readers.addFilter(WithoutEmptyAltFilter())
    portrait = settings["PORTRAIT"]
    if not portrait:
        return
    if is_removed_demo_image(portrait, settings["PATH"]):  # right after make strip-demo
        logger.warning("%s", removed_demo_image_note("portraet", portrait, "ohne Foto"))
        settings["PORTRAIT"] = ""
        return
    if not (Path(settings["PATH"]) / portrait).is_file():
        raise SettingsError(
            f"owner.yml: portraet: content/{portrait} gibt es nicht – bitte das Foto dort "
            'ablegen, den Pfad korrigieren oder portraet: "" eintragen (dann ohne Foto).'
        )
    if not settings["PORTRAIT_ALT"].strip():
        raise SettingsError(
            "owner.yml: portraet_alt: fehlt – bitte in einem Satz beschreiben, was das "
            "Foto zeigt (für Menschen, die es nicht sehen)."
        )


class Pipeline:
    """Plans and variants of one build (kept on the build's settings)."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.content_root = Path(settings["PATH"]).resolve()
        self.cache = Path(settings["CACHE_PATH"]) / "images"
        self.plans: dict[Path, Plan] = {}
        self.made: set[Path] = set()
        #: Variants being drawn in the background, put in the output by ``finish``
        self.making: list[Making] = []
        self.owner = os.getpid()  # a render worker (forked) places its own at once
        self.originals: list[tuple[Path, str]] = []  # (source, save_as) Pelican copies as is

    @property
    def output(self) -> Path:
        return Path(self.settings["OUTPUT_PATH"])  # the folder this build writes to

    def planned_files(self) -> set[str]:
        """Every variant of this build's plans (paths below the output), for link checks."""
        return {v.name for image_plan in self.plans.values() for v in all_variants(image_plan)}

    def locate(self, src: str, source_file: str | None) -> Path | str:
        """The image file a ``src`` names, or a German problem."""
        if FOREIGN.match(src):
            return (
                "Bilder von anderen Servern lädt die Website nicht (keine Anfragen an Dritte) "
                "– bitte das Bild in content/images/ ablegen und mit "
                "![Beschreibung]({static}/images/name.jpg) einbinden."
            )
        written = src.split("?", 1)[0].split("#", 1)[0]
        relative = STATIC.sub("", written)
        candidates = [self.content_root / relative.lstrip("/")]
        if source_file and not STATIC.match(written) and not written.startswith("/"):
            candidates.insert(0, Path(source_file).parent / relative)
        for candidate in candidates:
            path = candidate.resolve()
            if path.is_file() and path.is_relative_to(self.content_root):
                return path
        return (
            f"Das Bild {src} gibt es nicht – bitte die Datei in content/images/ ablegen und "
            "mit ![Beschreibung]({static}/images/name.jpg) einbinden."
        )

    def plan_for(self, path: Path) -> Plan:
        """The plan for an image file; its variants are drawn (in the background) and put in
        the output once the build has written its pages (``finish``; in a render worker: at
        once)."""
        if path not in self.plans:
            relative = path.relative_to(self.content_root).as_posix()
            settings = self.settings
            self.plans[path] = plan(
                path, relative, tuple(settings["IMAGES_WIDTHS"]), tuple(settings["IMAGES_FORMATS"])
            )
        if path not in self.made:
            self.made.add(path)
            quality = self.settings["IMAGES_QUALITY"]
            making = start_making(self.plans[path], self.output, self.cache, quality)
            if os.getpid() == self.owner:
                self.making.append(making)
            else:
                making.finish()
        return self.plans[path]

    def finish(self) -> None:
        """Every planned variant in the output (waiting for the ones being drawn)."""
        making, self.making = self.making, []
        for each in making:
            each.finish()

    def planner(self, source_file: str | None):
        def plan_src(src: str) -> Plan | str:
            located = self.locate(src, source_file)
            if isinstance(located, str):
                return located
            try:
                return self.plan_for(located)
            except ImageError as error:
                name = display_path(str(located))
                return f"Die Datei {name} {error} – bitte als JPEG oder PNG speichern."

        return plan_src


def pipeline(settings: dict) -> Pipeline:
    """This build's pipeline (one per settings dict, i.e. per build)."""
    if not isinstance(settings.get("IMAGE_PIPELINE"), Pipeline):
        settings["IMAGE_PIPELINE"] = Pipeline(settings)
    return settings["IMAGE_PIPELINE"]


def line_of(source_file: str, src: str) -> str:
    """``Zeile 12`` for the first line of the source that names the image, else ""."""
    try:
        lines = Path(source_file).read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    needle = STATIC.sub("", src).lstrip("/") or src
    number = next((n for n, line in enumerate(lines, start=1) if needle in line), 0)
    return f"Zeile {number}" if number else ""


def rewrite_content(content) -> None:
    """Turn the images of a page or article into ``<picture>``; report what is wrong."""
    html = getattr(content, "_content", None)
    if not html or "<img" not in html:
        return
    settings = content.settings
    source = getattr(content, "source_path", None)
    new, problems = rewrite(
        html, pipeline(settings).planner(source), settings["IMAGES_SIZES"], sitepath(settings)
    )
    set_html(content, new)
    for problem in problems:
        where = line_of(source, problem.src) if source else ""
        logger.error(
            "%s%s: %s",
            display_path(source) if source else "?",
            f", {where}" if where else f": Bild {problem.src or '(ohne Adresse)'}",
            problem.text,
        )


@pass_context
def picture(context, path: str, alt: str, sizes: str = "", eager: bool = False) -> Markup:
    """Template global: ``<picture>`` for an image below content/ (e.g. the portrait)."""
    images: Pipeline = context["IMAGE_PIPELINE"]
    located = images.locate(path, None)
    if isinstance(located, str):
        raise ImageError(located)
    settings = images.settings
    sizes = sizes or settings["IMAGES_SIZES"]
    html = picture_html(
        images.plan_for(located), {"alt": alt}, sizes, sitepath(settings), eager=eager
    )
    return Markup(html)


def install(generator) -> None:
    """Offer ``picture()`` to every template; the build's pipeline is in the context."""
    context, settings = generator.context, generator.settings
    images = context["IMAGE_PIPELINE"] = pipeline(settings)
    generator.env.globals["picture"] = picture
    portrait = settings["PORTRAIT"]
    if portrait and "OWNER_PORTRAIT_URL" not in context:
        source = images.content_root.joinpath(portrait).resolve()
        largest = images.plan_for(source).fallback[-1]  # drawn while the build reads
        context["OWNER_PORTRAIT_URL"] = f"{absolute_siteurl(settings)}/{largest.name}"


def remember_originals(generator) -> None:
    """The images Pelican will copy from content/ as they are (checked once they are copied)."""
    pipeline(generator.settings).originals = [
        (Path(static.source_path), static.save_as)
        for static in generator.staticfiles
        if static.save_as.lower().endswith(SUFFIXES)
    ]


def place_variants(pelican) -> None:
    """Every page is written: the variants drawn in the background go into the output."""
    settings = pelican.settings
    if isinstance(settings.get("IMAGE_PIPELINE"), Pipeline):
        settings["IMAGE_PIPELINE"].finish()


def strip_originals(pelican) -> None:
    """Every copied original without EXIF, GPS, XMP and IPTC (Pelican copied them verbatim)."""
    images = pipeline(pelican.settings)
    copied = [(s, images.output / save_as) for s, save_as in images.originals]
    copied = [(source, target) for source, target in copied if target.is_file()]
    new = [source for source, _ in copied if copy_missing(source, images.cache)]
    if new:  # decoded in a process of their own: photos would swell the build's memory
        apart(functools.partial(make_copies, new, images.cache))
    for source, target in copied:
        try:
            publish_without_metadata(source, target, images.cache)
        except (OSError, SyntaxError, ValueError):
            logger.error(
                "%s: die Datei ist kein lesbares JPEG-, PNG-, WebP- oder AVIF-Bild, so lassen "
                "sich Kamera- und Ortsangaben (EXIF, GPS) nicht entfernen – bitte das Bild neu "
                "als JPEG oder PNG speichern.",
                display_path(str(source)),
            )


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.content_object_init.connect(rewrite_content)
    signals.static_generator_finalized.connect(remember_originals)
    signals.finalized.connect(place_variants)
    signals.finalized.connect(strip_originals)
