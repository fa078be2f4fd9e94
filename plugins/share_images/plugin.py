"""A share image for every page, so a link sent in a chat shows what it leads to.

Templates call ``share_image()`` and get the image of the page being rendered: the
article's own ``image`` (cut to 1200×630) when it has one, else a card drawn from the
page title and the site's name in the site's colours and the theme's font
(``card.py``); list pages get the site's card. An image is drawn once per distinct
input and kept in the build cache (``CACHE_PATH``), so later builds only link it.
Missing images are drawn in background processes, on every core, while the build goes
on: from the moment a page has been read (``content_object_init``: its title is
known), so they fill the time in which the build process alone turns what was read
into pages; once every title is known (``all_generators_finalized``) the rest are sent,
and the processes end when they have drawn what they were sent. The images are put into
the output when every page is written (``pages_written``), before the build is swapped
in; the cache then keeps only the images of this build and the one before. Templates
only need the names.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import io
import logging
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import pass_context
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from PIL import Image

from plugins.images.variants import link_into
from plugins.site_settings import (
    Setting,
    SettingsError,
    absolute_siteurl,
    apply,
    build_workers,
    sitepath,
)
from plugins.site_settings.cache_files import keep_only, usable, write_sealed
from plugins.site_settings.forking import (
    forking,
    in_background,
    report_outcome,
    reuse_freed_memory,
)
from plugins.site_settings.paths import display_path
from plugins.site_settings.schema import mapping, text

from .card import HEIGHT, WIDTH, Style, card, cover, jpeg, png

logger = logging.getLogger(__name__)

COLOUR = text(required=True, pattern=r"#[0-9a-fA-F]{6}", allowed="eine Farbe wie #0a5a4e")
COLOUR_KEYS = ("background", "accent", "text")
CONTEXT_KEY = "share_images"
BUILD_KEY = "SHARE_IMAGES_BUILD"  # the same object in the settings, for pages being read
TEASER_WIDTH, TEASER_HEIGHT = 480, 252  # list cards: an own image's 1200×630 share image, small
CONTENT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
PARALLEL_FROM = 16  # fewer missing images are drawn in the build process itself
#: Room for jobs in the pipe to each drawing process: the build process reads faster
#: than they draw, and must not wait for them (the kernel's default holds 64 KB)
PIPE_ROOM = 1 << 20
VERSION = "6"  # raise when card.py draws or encodes differently, so caches are redrawn
#: How each kind of image is stored: a drawn card as a palette PNG, an own image (a
#: photo) as JPEG (``card.py``)
FORMATS = {"card": ("png", png), "cover": ("jpg", jpeg)}

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
    name: str = ""  # the file name in SHARE_IMAGES_PATH
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def type(self) -> str:
        """Its media type, for ``og:image:type``."""
        return "image/png" if self.name.endswith(".png") else "image/jpeg"


@dataclass(frozen=True)
class Cover:
    """A drawn card in a list card: set by the browser from its text, in the site's colours
    and font (text, not a picture of it: WCAG 1.4.5), so no file at all."""

    title: str
    site: str
    footer: str
    size: str  # the title's type size ("xl" to "s"): the longer, the smaller
    url: str = ""  # no picture to load


#: The type sizes of a card set as text, largest first: a title up to so many characters,
#: none of its words longer than so many, gets it (its longest word fits on a line)
COVER_SIZES = ((28, 16, "xl"), (50, 18, "l"), (80, 21, "m"))


def cover_size(title: str) -> str:
    longest = max((len(word) for word in title.split()), default=0)
    fitting = (size for most, word, size in COVER_SIZES if len(title) <= most and longest <= word)
    return next(fitting, "s")


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
        self.sitepath = sitepath(settings)
        self.site = settings["SITENAME"]
        host = urlsplit(settings.get("SITEURL") or "").hostname
        footer = host or settings.get("OWNER", {}).get("name") or settings.get("AUTHOR", "")
        # Without a name of her own (a new owner.yml), the author is the site's name: the
        # card says it once, above the title, and leaves the footer line empty.
        self.footer = "" if footer == self.site else footer
        self.subtitle = settings.get("SITESUBTITLE") or self.site
        self.ready: set[str] = set()  # names whose cache entries this build has checked
        self.planned: dict[str, Drawing] = {}  # drawn in the background (start, finish)
        self.planned_teasers: frozenset[str] = frozenset()
        self.drawing: list = []  # the background processes and their pipes
        self.workers = build_workers(settings)
        #: Pages read so far, as images sent to the drawing processes (name → with teaser)
        self.fed: dict[str, bool] = {}
        self.feeds: list = []  # pipes of jobs to the drawing processes, while pages are read
        self.sent = 0
        self.reading = True  # until ``start``: a page read is sent to be drawn at once

    def for_item(self, item, *, place: bool = True) -> Share:
        """The share image of an article or page (its own image first), or of the site."""
        share, drawing = self.plan(item)
        if place and share.name not in self.planned:
            self.place({share.name: drawing})
        return share

    def read(self, item, *, teaser: bool) -> None:
        """A page has been read: send its image to be drawn now, if the cache lacks it
        (``teaser``: a post, shown in lists too: an own image small as well)."""
        if not self.reading or self.workers < 2:  # noqa: PLR2004 - see start
            return
        share, drawing = self.plan(item)
        if share.name in self.fed:
            return
        drawings = {share.name: drawing}
        names = frozenset({share.name} if teaser and drawing.kind == "cover" else ())
        jobs = self._jobs(self._wanted(drawings, names), drawings, names)
        self.fed[share.name] = bool(names)
        for job in jobs:
            self._send(job)

    def _send(self, job) -> None:
        cached, drawing, painter, teaser = job
        if not self.feeds:  # each process gets the painter once, when it starts
            self.feeds = _start_feeds(self.workers, painter)
        sender = self.feeds[self.sent % len(self.feeds)][1]
        self.sent += 1
        with contextlib.suppress(OSError):  # that process ended with an error: finish says it
            # A job without its painter: some 250 bytes, so the pipes hold 8,000 pages; the
            # drawing processes run at a lower priority and may fall behind while pages are read
            sender.send((cached, drawing, teaser))

    def close_feeds(self) -> None:
        """No more jobs: the drawing processes end once they have drawn theirs."""
        self.reading = False
        feeds, self.feeds = self.feeds, []
        for process, sender, receiver in feeds:
            with contextlib.suppress(OSError):
                sender.send(None)
            sender.close()
            self.drawing.append((process, receiver))

    def start(self, drawings: dict[str, Drawing], teasers: frozenset) -> None:
        """Every title is known: send what the cache lacks of ``drawings`` and was not sent
        while the pages were read to the drawing processes, then let them end (with little
        to draw and none started, it is drawn here); ``finish`` waits and puts every file
        in the output."""
        self.reading = False
        self.planned, self.planned_teasers = dict(drawings), frozenset(teasers)
        jobs = self._jobs(self._wanted(drawings, teasers), drawings, teasers)
        if not self.feeds and (len(jobs) < PARALLEL_FROM or self.workers < 2):  # noqa: PLR2004
            for job in jobs:
                _draw_job(job)
            return
        for job in jobs:
            self._send(job)
        self.close_feeds()

    def finish(self) -> list[Path]:
        """Wait for the drawing processes; every planned file is then in the output."""
        drawing, self.drawing = self.drawing, []
        problems = []
        for _, pipe in drawing:
            try:
                problems.append(pipe.recv())
            except EOFError:  # ended without a word: its exit status tells
                problems.append("")
        for process, pipe in drawing:
            process.join()
            pipe.close()
        problems += [f"Status {p.exitcode}" for p, _ in drawing if p.exitcode]
        if any(problems):
            raise ShareImageError(next(p for p in problems if p))
        placed = self._link(self._wanted(self.planned, self.planned_teasers))
        keep_only(self.cache, set(self.ready))  # images of old titles go (two builds on)
        return placed

    def planned_files(self) -> list[Path]:
        """Where ``finish`` puts the planned files (known before they are drawn)."""
        wanted = self._wanted(self.planned, self.planned_teasers, all_of_them=True)
        return [self.output / self.folder / file for file in wanted]

    def plan(self, item) -> tuple[Share, Drawing]:
        """Where an item's image is served and how it is drawn (nothing is written)."""
        if item is None:
            title, slug, source = self.subtitle, "website", None
        else:
            title = " ".join(str(getattr(item, "title", "") or self.site).split())
            slug = getattr(item, "slug", "") or slug_of(title)
            source = own_image(item, self.content_root)
        if source is not None and source.is_file():
            digest = hashlib.blake2b(source.read_bytes(), digest_size=8).hexdigest()
            inputs, drawing = (VERSION, "cover", digest), Drawing("cover", str(source))
        else:
            inputs = (VERSION, "card", title, self.site, self.footer, *self._style_key())
            drawing = Drawing("card", title)
        digest = hashlib.blake2b("\0".join(inputs).encode(), digest_size=5).hexdigest()
        name = f"{slug_of(slug)}.{digest}.{FORMATS[drawing.kind][0]}"
        return Share(f"{self.base}/{self.folder}/{name}", title, name), drawing

    def teaser_for(self, item) -> Share | Cover:
        """An item's picture in list cards: its own image, small (made once, then cached;
        only when a list shows the item, so a build without lists makes none), or else its
        drawn card, set as text by the browser."""
        share, drawing = self.plan(item)
        if drawing.kind == "card":
            return Cover(share.alt, self.site, self.footer, cover_size(share.alt))
        if share.name not in self.planned_teasers:
            self.place({share.name: drawing}, teasers=frozenset({share.name}))
        name = teaser_name(share.name)
        path = f"{self.sitepath}/{self.folder}/{name}"
        return Share(path, share.alt, name, TEASER_WIDTH, TEASER_HEIGHT)

    def _style_key(self) -> tuple[str, ...]:
        return (self.style.background, self.style.accent, self.style.text, self.font_digest)

    def place(
        self, drawings: dict[str, Drawing], workers: int = 1, teasers: frozenset = frozenset()
    ) -> list[Path]:
        """Put the named images in the output, drawing the ones the cache lacks; for the
        names in ``teasers`` (posts with an own image, shown as list cards) the small WebP
        as well."""
        wanted = self._wanted(drawings, teasers)
        jobs = self._jobs(wanted, drawings, teasers, unsent=False)
        if len(jobs) >= PARALLEL_FROM and workers > 1:
            # An executor ends its workers by telling them, not by SIGTERM (Pool.terminate),
            # which the build turns into SystemExit: a worker could end holding the
            # queue's lock and leave its sibling, and the build, waiting for ever.
            with (
                forking() as context,
                ProcessPoolExecutor(
                    workers, mp_context=context, initializer=reuse_freed_memory
                ) as pool,
            ):
                list(pool.map(_draw_job, jobs, chunksize=8))
        else:
            for job in jobs:
                _draw_job(job)
        return self._link(wanted)

    def _wanted(self, drawings, teasers, *, all_of_them: bool = False) -> dict[str, str]:
        """Each file of ``drawings`` (the big image, and the small one for ``teasers``) →
        its image's name; without the ones this build has already placed."""
        return {
            file: name
            for name in drawings
            for file in ((name, teaser_name(name)) if name in teasers else (name,))
            if all_of_them or file not in self.ready
        }

    def _jobs(self, wanted: dict[str, str], drawings, teasers, *, unsent: bool = True) -> list:
        """The drawings whose files the cache lacks (or holds damaged); with ``unsent``,
        only those not sent to be drawn while the pages were read."""
        missing = {
            name: drawings[name]
            for file, name in wanted.items()
            if not (unsent and self._sent(file, name)) and not usable(self.cache / file)
        }
        painter = Painter(self.site, self.footer, self.style)
        return [(self.cache / n, d, painter, n in teasers) for n, d in missing.items()]

    def _sent(self, file: str, name: str) -> bool:
        """Whether ``file`` (image ``name`` or its small picture) was sent to be drawn."""
        return name in self.fed and (file == name or self.fed[name])

    def _link(self, wanted: dict[str, str]) -> list[Path]:
        placed = []
        for file in wanted:
            target = self.output / self.folder / file
            if not target.exists():
                link_into(self.cache / file, target)
            placed.append(target)
            self.ready.add(file)
        return placed


class ShareImageError(RuntimeError):
    """A share image could not be drawn (the message says why)."""


@dataclass(frozen=True)
class Painter:
    """What a worker needs to draw a card (small to send to it)."""

    site: str
    footer: str
    style: Style

    def draw(self, drawing: Drawing):
        if drawing.kind == "cover":
            return cover(Path(drawing.value))
        return card(drawing.value, self.site, self.footer, self.style)


@dataclass(frozen=True)
class Drawing:
    kind: str  # "card" (value: the title) or "cover" (value: the own image's path)
    value: str


def teaser_name(share_name: str) -> str:
    """The file of an own image's small picture for list cards."""
    return share_name.rsplit(".", 1)[0] + f"-{TEASER_WIDTH}.webp"


def teaser_webp(image) -> bytes:
    """The small WebP of an own image's share image, shrunk to the teaser's size."""
    small = image.convert("RGB")
    if small.size != (TEASER_WIDTH, TEASER_HEIGHT):
        # A box reduction by a whole factor first (never below the teaser's size), then
        # Lanczos for the rest: as sharp for these cards, in about half the time.
        factor = min(small.width // TEASER_WIDTH, small.height // TEASER_HEIGHT)
        if factor > 1:
            small = small.reduce(factor)
        small = small.resize((TEASER_WIDTH, TEASER_HEIGHT), Image.LANCZOS)
    encoded = io.BytesIO()
    small.save(encoded, "WEBP", quality=72, method=2)  # method 4: 3× the time, 5 % less
    return encoded.getvalue()


def _draw_job(job) -> None:
    """Draw one image into the cache (several processes may race: each file is written
    whole, ``write_sealed``), and with ``teaser`` (an own image) its small picture for
    list cards."""
    cached, drawing, painter, teaser = job
    image = painter.draw(drawing)
    write_sealed(cached, FORMATS[drawing.kind][1](image))
    if teaser:
        write_sealed(cached.with_name(teaser_name(cached.name)), teaser_webp(image))


def _start_feeds(workers: int, painter: Painter) -> list:
    """``workers`` drawing processes, each as (process, the pipe its jobs are sent through,
    the pipe it reports through)."""
    feeds = []
    with forking() as context:
        for _ in range(workers):
            jobs, sender = context.Pipe(duplex=False)
            with contextlib.suppress(OSError):  # more room than the kernel gives: less
                fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, PIPE_ROOM)
            receiver, report = context.Pipe(duplex=False)
            # The sending ends it inherits (its own, and those of the ones started before) are
            # closed there: its pipe ends when the build process closes it, or is gone.
            senders = [sender, *(feed[1] for feed in feeds)]
            process = context.Process(
                target=_draw_fed, args=(jobs, report, senders, painter), daemon=True
            )
            process.start()
            jobs.close()
            report.close()
            feeds.append((process, sender, receiver))
    return feeds


def _draw_fed(jobs, report, senders: list, painter: Painter) -> None:
    """A background process: draw every job sent through ``jobs`` until None (or the end
    of the pipe: the build stopped, or is gone); report a failure."""
    for sender in senders:
        sender.close()
    in_background()
    reuse_freed_memory()

    def work() -> None:
        while True:
            try:
                job = jobs.recv()
            except EOFError:
                return
            if job is None:
                return
            cached, drawing, teaser = job
            _draw_job((cached, drawing, painter, teaser))

    report_outcome(report, work)


def share_for(context, item) -> Share:
    """The share image of ``item`` (None: the site's) in this build."""
    return context[CONTEXT_KEY].for_item(item)


@pass_context
def teaser_image(context, item) -> Share | Cover:
    """Template global: ``item``'s picture in list cards (an own image's small picture,
    with its root-relative address; or its drawn card to set as text)."""
    return context[CONTEXT_KEY].teaser_for(item)


@pass_context
def share_image(context) -> Share:
    """Template global: the share image of the page being rendered."""
    return share_for(context, context.get("article") or context.get("page"))


def install(generator) -> None:
    """One ``ShareImages`` per build, in its context; ``share_image()`` for every template."""
    context = generator.context
    if CONTEXT_KEY not in context:
        previous = generator.settings.get(BUILD_KEY)
        if isinstance(previous, ShareImages):  # a build that stopped early: its processes end
            previous.close_feeds()
        context[CONTEXT_KEY] = ShareImages(generator.settings, Path(generator.output_path))
        generator.settings[BUILD_KEY] = context[CONTEXT_KEY]
    generator.env.globals["share_image"] = share_image
    generator.env.globals["teaser_image"] = teaser_image


def draw_when_read(content) -> None:
    """A post or page has been read: its image can be drawn now (``ShareImages.read``).

    Whether it is written at all (a draft in production is not) is not asked here: its
    address is made from its category's slug, which content_checks makes first, to report
    a category without one. An image drawn for nothing is gone from the cache two builds on.
    """
    images = content.settings.get(BUILD_KEY)
    if not isinstance(images, ShareImages):
        return
    if isinstance(content, Article):
        images.read(content, teaser=content.status in ("published", "draft"))
    elif isinstance(content, Page):
        images.read(content, teaser=False)


def planned_drawings(context: dict, images: ShareImages) -> tuple[dict, frozenset]:
    """Every written page's image (and the site's), and which of them lists show small."""
    drawings: dict[str, Drawing] = {}
    teasers = set()  # posts appear as cards in lists: an own image's small picture too
    for key in CONTENT_LISTS:
        for item in context.get(key, []):
            if getattr(item, "save_as", ""):  # a draft in production is not written
                share, drawing = images.plan(item)
                drawings[share.name] = drawing
                if key in ("articles", "drafts") and drawing.kind == "cover":
                    teasers.add(share.name)
    share, drawing = images.plan(None)
    drawings[share.name] = drawing
    return drawings, frozenset(teasers)


def start_drawing(generators) -> None:
    """Every title is known: draw the missing images while the build writes its pages."""
    if not generators or CONTEXT_KEY not in generators[0].context:
        return
    context = generators[0].context
    images: ShareImages = context[CONTEXT_KEY]
    drawings, teasers = planned_drawings(context, images)
    images.start(drawings, teasers)


class ShareImagesGenerator(Generator):
    """Tells the writer about every share image file of the build (the warm preview
    removes what a build no longer writes); drawn in the background (``start``)."""

    def generate_output(self, writer) -> None:
        images: ShareImages = self.context[CONTEXT_KEY]
        queue = getattr(writer, "queue", None)
        if queue is None:  # another writer: wait for the drawing here
            images.finish()
            return
        queue.written.update(str(path) for path in images.planned_files())
        queue.finishing.append(images.finish)  # after the pages, while Pagefind indexes


def add_generator(pelican):
    return ShareImagesGenerator


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
    signals.content_object_init.connect(draw_when_read)
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(start_drawing)
    signals.article_generator_finalized.connect(check_own_images)
    signals.page_generator_finalized.connect(check_own_images)
