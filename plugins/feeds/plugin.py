"""RSS 2.0 and Atom 1.0 feeds written with python-feedgen.

Replaces Pelican's own feeds (switched off in pelicanconf.py): full article HTML
with absolute links, the summary, stable ids (tag: URIs from the source file),
dates with the Europe/Berlin offset, categories and tags, an XSLT stylesheet so
a browser shows a readable page. Settings carry the prefix FEEDS_.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from plugins.site_settings import Setting, absolute_siteurl, apply, sitepath
from plugins.site_settings.forking import result_apart
from plugins.site_settings.planned import Planned, by_setting, by_taxonomy
from plugins.site_settings.schema import integer, text
from plugins.site_writer import Rendered

from .entries import absolute_html, entry_id, page_url, xml_safe

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

logger = logging.getLogger(__name__)

FEED_PATH = text(pattern=r"[^/\s][^\s]*", allowed="ein Pfad ohne / am Anfang; leer: aus")
CATEGORY_PATH = text(pattern=r"[^/\s][^\s]*\{slug\}[^\s]*", allowed="mit dem Platzhalter {slug}")


def iso_date(value: object) -> str:
    try:
        dt.date.fromisoformat(str(value))
    except ValueError:
        return f"{value!r} ist kein Datum"
    return ""


SCHEMA = (
    Setting("FEEDS_ALL_RSS", "feeds/all.rss.xml", FEED_PATH, "einen Pfad wie feeds/all.rss.xml"),
    Setting("FEEDS_ALL_ATOM", "feeds/all.atom.xml", FEED_PATH, "einen Pfad wie feeds/all.atom.xml"),
    Setting(
        "FEEDS_CATEGORY_RSS", "feeds/{slug}.rss.xml", CATEGORY_PATH, 'einen Pfad mit {slug} oder ""'
    ),
    Setting(
        "FEEDS_CATEGORY_ATOM",
        "feeds/{slug}.atom.xml",
        CATEGORY_PATH,
        'einen Pfad mit {slug} oder ""',
    ),
    Setting(
        "FEEDS_STYLESHEET",
        "feeds/feed.xsl",
        text(required=True, pattern=r"[^/\s][^\s]*", allowed="ein Pfad ohne / am Anfang"),
        "einen Pfad wie feeds/feed.xsl",
    ),
    Setting("FEEDS_MAX_ITEMS", 20, integer(minimum=1), "eine ganze Zahl ab 1"),
    Setting(
        "FEEDS_LANGUAGE",
        "de-DE",
        text(required=True, pattern=r"[a-z]{2}(-[A-Z]{2})?", allowed="z. B. de-DE"),
        "einen Sprachcode wie de-DE",
    ),
    Setting("FEEDS_DESCRIPTION", "", text(), "einen Satz (leer: SITESUBTITLE)"),
    Setting("FEEDS_ICON", "images/feed-icon.png", text(required=True), "den Pfad eines PNG-Bildes"),
    Setting(
        "FEEDS_ID_AUTHORITY",
        "",
        text(required=True, pattern=r"[a-z0-9.-]+", allowed="nur die Domain"),
        "die Domain für Eintrags-ids (nach dem Start nie mehr ändern)",
    ),
    Setting("FEEDS_ID_SINCE", "2026-01-01", iso_date, "ein Datum wie 2026-01-01"),
)


def check_settings(pelican) -> None:
    """Fill in defaults and reject unusable values once, at start-up."""
    apply(pelican.settings, SCHEMA)


def feed_base(settings: dict) -> str:
    """The absolute site URL feeds are written against."""
    return absolute_siteurl(settings)


def updated_of(article) -> dt.datetime:
    """When an article last changed: ``modified`` if given, else its date."""
    return getattr(article, "modified", None) or article.date


def feedable(articles, now: dt.datetime, limit: int) -> list:
    """Published, not future-dated, newest first, at most ``limit``."""
    current = [a for a in articles if a.status == "published" and a.date <= now]
    return sorted(current, key=lambda a: a.date, reverse=True)[:limit]


class FeedsGenerator(Generator):
    """Writes the site-wide and per-category feeds and their stylesheet."""

    def planned_outputs(self) -> list[Planned]:
        """The feeds of all posts, of each category with current posts, and the XSLT."""
        settings = self.settings
        found = [
            by_setting(settings[name], "der Feed aller Beiträge", name)
            for name in ("FEEDS_ALL_RSS", "FEEDS_ALL_ATOM")
            if settings.get(name)
        ]
        if settings.get("FEEDS_STYLESHEET"):
            found.append(
                by_setting(settings["FEEDS_STYLESHEET"], "die Feed-Ansicht", "FEEDS_STYLESHEET")
            )
        now = dt.datetime.now(ZoneInfo(settings["TIMEZONE"]))
        for category, items in self.context.get("categories", []):
            if not category.slug or not feedable(items, now, settings["FEEDS_MAX_ITEMS"]):
                continue
            for name in ("FEEDS_CATEGORY_RSS", "FEEDS_CATEGORY_ATOM"):
                if settings.get(name):
                    path = str(settings[name]).format(slug=category.slug)
                    found.append(by_taxonomy("categories", category, items, path, name))
        return found

    def generate_output(self, writer, changed: list | None = None) -> None:
        """Every feed; with ``changed`` (the warm preview after a text edit) only the
        feeds that show one of those articles."""
        self.writer = writer
        self.changed = None if changed is None else {id(article) for article in changed}
        settings = self.settings
        now = dt.datetime.now(ZoneInfo(settings["TIMEZONE"]))
        limit = settings["FEEDS_MAX_ITEMS"]
        articles = feedable(self.context.get("articles", []), now, limit)
        title = settings["SITENAME"]
        blog = settings["INDEX_SAVE_AS"].removesuffix("index.html")
        feeds = [
            (settings["FEEDS_ALL_RSS"], "rss", title, blog, articles),
            (settings["FEEDS_ALL_ATOM"], "atom", title, blog, articles),
        ]
        for category, items in self.context.get("categories", []):
            current = feedable(items, now, limit)
            if not current:
                continue
            name = f"{title} – {category.name}"
            for key, kind in (("FEEDS_CATEGORY_RSS", "rss"), ("FEEDS_CATEGORY_ATOM", "atom")):
                if settings[key]:
                    path = settings[key].format(slug=category.slug)
                    feeds.append((path, kind, name, category.url, current))
        self.write_all([feed for feed in feeds if self.wanted(feed[0], feed[4])])
        if self.changed is None:
            self.write_stylesheet()

    def wanted(self, path: str, articles: list) -> bool:
        if not path:
            return False
        # in the warm preview, a feed that shows none of the edited articles stays as it is
        return self.changed is None or any(id(a) in self.changed for a in articles)

    def write_all(self, feeds: list[tuple]) -> None:
        """Write the feeds, made in a process of their own: feedgen and lxml (4 MB of
        modules) never enter the build process."""
        if not feeds:
            return
        documents = result_apart(functools.partial(self.render_all, feeds))
        for (path, *_, articles), data in zip(feeds, documents, strict=True):
            self.writer.write_file(path, Rendered(data.decode("utf-8")), self.context)
            logger.debug("Feed geschrieben: %s (%d Einträge)", path, len(articles))

    def render_all(self, feeds: list[tuple]) -> list[bytes]:
        return [self.render(*feed) for feed in feeds]

    def render(self, path: str, kind: str, title: str, home: str, articles: list) -> bytes:
        """The feed document as bytes, with the stylesheet instruction."""
        from feedgen.feed import FeedGenerator  # noqa: PLC0415 - see write_all

        settings = self.settings
        base = feed_base(settings)
        author = {"name": settings["AUTHOR"]}
        if settings["OWNER"].get("email"):
            author["email"] = settings["OWNER"]["email"]
        fg = FeedGenerator()
        fg.id(page_url(base, home))
        fg.title(xml_safe(title))
        fg.subtitle(xml_safe(settings["FEEDS_DESCRIPTION"] or settings["SITESUBTITLE"]))
        media_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        fg.link(href=page_url(base, path), rel="self", type=media_type)
        fg.link(href=page_url(base, home), rel="alternate")  # feedgen: last link = RSS <link>
        fg.language(settings["FEEDS_LANGUAGE"])
        fg.author(author)
        fg.rights(f"© {settings['OWNER'].get('firma') or settings['SITENAME']}")
        icon = page_url(base, settings["FEEDS_ICON"])
        fg.icon(icon)
        fg.logo(icon)
        fg.image(url=icon, title=xml_safe(title), link=page_url(base, home))
        newest = max((updated_of(a) for a in articles), default=None)
        if newest is not None:
            fg.updated(newest)
            fg.lastBuildDate(newest)
        for article in articles:  # newest first
            self.add_entry(fg, article, base, author)
        data = fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
        return self.with_stylesheet(data)

    def add_entry(self, fg: FeedGenerator, article, base: str, author: dict) -> None:
        settings = self.settings
        url = page_url(base, article.url)
        fe = fg.add_entry(order="append")
        uid = entry_id(
            settings["FEEDS_ID_AUTHORITY"],
            settings["FEEDS_ID_SINCE"],
            article.relative_source_path,
            str(article.metadata.get("feed_id", "")),
        )
        fe.id(uid)
        fe.guid(uid, permalink=False)
        fe.title(xml_safe(str(article.title)))
        fe.link(href=url, rel="alternate")
        fe.content(absolute_html(article.content, url), type="html")
        fe.summary(absolute_html(str(article.summary), url), type="html")
        fe.published(article.date)
        fe.updated(updated_of(article))
        fe.author(author)
        category = article.category
        fe.category(
            term=xml_safe(category.name),
            scheme=page_url(base, settings["CATEGORY_URL"].format(slug=category.slug)),
            label=xml_safe(category.name),
        )
        for tag in getattr(article, "tags", []) or []:
            fe.category(
                term=xml_safe(tag.name),
                scheme=page_url(base, settings["TAG_URL"].format(slug=tag.slug)),
                label=xml_safe(tag.name),
            )

    def with_stylesheet(self, data: bytes) -> bytes:
        """Insert the xml-stylesheet instruction right after the XML declaration."""
        href = f"{sitepath(self.settings)}/{self.settings['FEEDS_STYLESHEET']}"
        declaration, rest = data.split(b"?>", 1)
        instruction = f'<?xml-stylesheet type="text/xsl" href="{Markup.escape(href)}"?>'
        return declaration + b"?>\n" + instruction.encode() + rest

    def write_stylesheet(self) -> None:
        template = self.env.get_template("feed.xsl")
        self.writer.write_file(self.settings["FEEDS_STYLESHEET"], template, self.context)


def add_generator(pelican):
    """Register the feed writer."""
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
