"""A share image for every page, so a link sent in a chat shows what it leads to.

Templates call ``share_image()`` and get the image of the page being rendered: the
article's own ``image`` (cut to 1200×630) when it has one, else a card drawn from the
page title and the site's name in the site's colours and the theme's font
(``card.py``); list pages get the site's card. An image is drawn once per distinct
input and kept in the build cache (``CACHE_PATH``), so later builds only link it.
Drawing happens while pages render, on every core the writer uses.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from plugins.content_checks.paths import display_path
from plugins.site_settings import Setting, SettingsError, absolute_siteurl, apply
from plugins.site_settings.schema import mapping, text

from .card import HEIGHT, WIDTH, Style, card, cover, save_jpeg

logger = logging.getLogger(__name__)

COLOUR = text(required=True, pattern=r"#[0-9a-fA-F]{6}", allowed="eine Farbe wie #0a5a4e")
COLOUR_KEYS = ("background", "accent", "text")
CONTEXT_KEY = "share_images"
VERSION = "1"  # raise when card.py draws differently, so cached images are redrawn

SCHEMA = (
    Setting(
        "SHARE_IMAGES_PATH",
        "images/teilen",
        text(required=True, pattern=r"[^/\s][^\s]*[^/\s]", allowed="ein Ordner ohne / am Rand"),
        "einen Ordner wie images/teilen",
    ),
    Setting(
        "SHARE_IMAGES_COLOURS",
        {"background": "#fdfcf9", "accent": "#0a5a4e", "text": "#1d2326"},
        mapping(
            COLOUR,
            keys=lambda key: "" if key in COLOUR_KEYS else f"{key!r} gibt es nicht",
        ),
        "background, accent und text als Farben wie #0a5a4e",
    ),
    Setting(
        "SHARE_IMAGES_FONT",
        "fonts/DejaVuSans-Bold.ttf",
        text(required=True),
        "den Pfad einer TrueType-Schrift im Theme-Ordner",
    ),
)


def check_settings(pelican) -> None:
    """Fill in defaults and reject unusable values once, at start-up."""
    settings = pelican.settings
    apply(settings, SCHEMA)
    font = Path(settings["THEME"]) / settings["SHARE_IMAGES_FONT"]
    if not font.is_file():
        raise SettingsError(
            f"pelicanconf.py: SHARE_IMAGES_FONT: {font} gibt es nicht – bitte den Pfad "
            "einer .ttf-Datei im Theme-Ordner eintragen."
        )


@dataclass(frozen=True)
class Share:
    """One share image: where it is served and what it shows."""

    url: str
    alt: str
    width: int = WIDTH
    height: int = HEIGHT


def own_image(item, content_root: Path) -> Path | None:
    """The file named by an item's ``image`` field (``{static}/…`` or relative to content/)."""
    value = str(getattr(item, "metadata", {}).get("image") or "").strip()
    if not value:
        return None
    relative = re.sub(r"^\{static\}/?|^/", "", value)
    return (content_root / relative).resolve()


def slug_of(text_value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text_value.lower()).strip("-")[:48] or "seite"


class ShareImages:
    """The share images of one build: names from their inputs, files drawn on demand."""

    def __init__(self, settings: dict, output: Path) -> None:
        colours = settings["SHARE_IMAGES_COLOURS"]
        theme = Path(settings["THEME"])
        font = theme / settings["SHARE_IMAGES_FONT"]
        self.style = Style(colours["background"], colours["accent"], colours["text"], font)
        self.font_digest = hashlib.blake2b(font.read_bytes(), digest_size=8).hexdigest()
        self.folder = settings["SHARE_IMAGES_PATH"]
        self.output = output
        self.cache = Path(settings["CACHE_PATH"]) / "share-images"
        self.content_root = Path(settings["PATH"])
        self.base = absolute_siteurl(settings)
        self.site = settings["SITENAME"]
        host = urlsplit(settings.get("SITEURL") or "").hostname
        self.footer = host or settings.get("OWNER", {}).get("name") or settings.get("AUTHOR", "")
        self.subtitle = settings.get("SITESUBTITLE") or self.site

    def for_item(self, item) -> Share:
        """The share image of an article or page (its own image first), or of the site."""
        if item is None:
            return self._card(self.subtitle, "website")
        title = " ".join(str(getattr(item, "title", "") or self.site).split())
        source = own_image(item, self.content_root)
        if source is not None and source.is_file():
            return self._cover(source, title, getattr(item, "slug", "") or slug_of(title))
        return self._card(title, getattr(item, "slug", "") or slug_of(title))

    def _card(self, title: str, slug: str) -> Share:
        inputs = "\0".join((VERSION, "card", title, self.site, self.footer, *self._style_key()))
        name = self._name(slug, inputs)
        self._ensure(name, lambda: card(title, self.site, self.footer, self.style))
        return Share(self._url(name), title)

    def _cover(self, source: Path, title: str, slug: str) -> Share:
        digest = hashlib.blake2b(source.read_bytes(), digest_size=8).hexdigest()
        name = self._name(slug, "\0".join((VERSION, "cover", digest)))
        self._ensure(name, lambda: cover(source))
        return Share(self._url(name), title)

    def _style_key(self) -> tuple[str, ...]:
        return (self.style.background, self.style.accent, self.style.text, self.font_digest)

    def _name(self, slug: str, inputs: str) -> str:
        digest = hashlib.blake2b(inputs.encode(), digest_size=5).hexdigest()
        return f"{slug_of(slug)}.{digest}.jpg"

    def _url(self, name: str) -> str:
        return f"{self.base}/{self.folder}/{name}"

    def _ensure(self, name: str, draw) -> None:
        """Draw into the cache unless it is there, then link it into the output."""
        target = self.output / self.folder / name
        if target.exists():
            return
        cached = self.cache / name
        if not cached.exists():
            save_jpeg(draw(), cached)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(cached, target)
        except FileExistsError:
            pass  # another worker linked it a moment ago
        except OSError:  # another file system: copy
            copy_atomically(cached, target)


def copy_atomically(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    partial.write_bytes(source.read_bytes())
    partial.replace(target)


def share_for(context, item) -> Share:
    """The share image of ``item`` (None: the site's) in this build."""
    return context[CONTEXT_KEY].for_item(item)


@pass_context
def share_image(context) -> Share:
    """Template global: the share image of the page being rendered."""
    return share_for(context, context.get("article") or context.get("page"))


def install(generator) -> None:
    """One ``ShareImages`` per build, in its context; ``share_image()`` for every template."""
    context = generator.context
    if CONTEXT_KEY not in context:
        context[CONTEXT_KEY] = ShareImages(generator.settings, Path(generator.output_path))
    generator.env.globals["share_image"] = share_image


def check_own_images(generator) -> None:
    """An ``image`` field must name a file in content/ (a typo would lose the picture)."""
    if isinstance(generator, ArticlesGenerator):
        items = generator.articles + generator.drafts + generator.hidden_articles
    elif isinstance(generator, PagesGenerator):
        items = generator.pages + generator.draft_pages + generator.hidden_pages
    else:
        return
    root = Path(generator.settings["PATH"])
    for item in items:
        source = own_image(item, root)
        if source is not None and not source.is_file():
            logger.error(
                "%s: Feld 'image': Das Bild %s gibt es nicht – bitte die Datei in "
                "content/images/ ablegen oder den Pfad korrigieren (z. B. images/bild.jpg).",
                display_path(item.source_path),
                display_path(str(source)),
            )


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.article_generator_finalized.connect(check_own_images)
    signals.page_generator_finalized.connect(check_own_images)
