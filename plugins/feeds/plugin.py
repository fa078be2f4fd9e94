"""RSS 2.0 and Atom 1.0 feeds written with python-feedgen.

Replaces Pelican's own feeds (switched off in pelicanconf.py): full article HTML
with absolute links, the summary, stable ids (tag: URIs from the source file),
dates with the Europe/Berlin offset, categories and tags, an XSLT stylesheet so
a browser shows a readable page. Settings carry the prefix FEEDS_.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator
from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from .entries import absolute_html, entry_id, page_url, xml_safe

logger = logging.getLogger(__name__)

DEFAULTS = {
    "FEEDS_ALL_RSS": "feeds/all.rss.xml",
    "FEEDS_ALL_ATOM": "feeds/all.atom.xml",
    "FEEDS_CATEGORY_RSS": "feeds/{slug}.rss.xml",
    "FEEDS_CATEGORY_ATOM": "feeds/{slug}.atom.xml",
    "FEEDS_STYLESHEET": "feeds/feed.xsl",
    "FEEDS_MAX_ITEMS": 20,
    "FEEDS_LANGUAGE": "de-DE",
    "FEEDS_DESCRIPTION": "",  # empty: SITESUBTITLE
    "FEEDS_ICON": "images/feed-icon.png",  # PNG, at most 144 px wide (RSS rule)
    "FEEDS_ID_AUTHORITY": "",  # domain in entry ids; never change it after launch
    "FEEDS_ID_SINCE": "2026-01-01",  # date in entry ids; never change it after launch
    "FEEDS_LOCAL_SITEURL": "http://127.0.0.1:8000",  # base for feeds when SITEURL is ""
}


class FeedSettingsError(ValueError):
    """A FEEDS_ setting has a value the plugin cannot use."""


def check_settings(pelican) -> None:
    """Fill in defaults and reject unusable values once, at start-up."""
    settings = pelican.settings
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    limit = settings["FEEDS_MAX_ITEMS"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        raise FeedSettingsError(f"FEEDS_MAX_ITEMS muss eine ganze Zahl ab 1 sein, nicht {limit!r}.")
    if not settings["FEEDS_ID_AUTHORITY"]:
        raise FeedSettingsError("FEEDS_ID_AUTHORITY fehlt (die Domain für Eintrags-ids).")
    try:
        dt.date.fromisoformat(settings["FEEDS_ID_SINCE"])
    except ValueError:
        raise FeedSettingsError("FEEDS_ID_SINCE muss ein Datum wie 2026-01-01 sein.") from None
    for key in ("FEEDS_CATEGORY_RSS", "FEEDS_CATEGORY_ATOM"):
        if settings[key] and "{slug}" not in settings[key]:
            raise FeedSettingsError(f"{key} braucht den Platzhalter {{slug}}.")


def feed_base(settings: dict) -> str:
    """The absolute site URL feeds are written against."""
    return (settings.get("SITEURL") or settings["FEEDS_LOCAL_SITEURL"]).rstrip("/")


def updated_of(article) -> dt.datetime:
    """When an article last changed: ``modified`` if given, else its date."""
    return getattr(article, "modified", None) or article.date


def feedable(articles, now: dt.datetime, limit: int) -> list:
    """Published, not future-dated, newest first, at most ``limit``."""
    current = [a for a in articles if a.status == "published" and a.date <= now]
    return sorted(current, key=lambda a: a.date, reverse=True)[:limit]


class FeedsGenerator(Generator):
    """Writes the site-wide and per-category feeds and their stylesheet."""

    def generate_output(self, writer) -> None:
        settings = self.settings
        now = dt.datetime.now(ZoneInfo(settings["TIMEZONE"]))
        limit = settings["FEEDS_MAX_ITEMS"]
        articles = feedable(self.context.get("articles", []), now, limit)
        title = settings["SITENAME"]
        self.write(settings["FEEDS_ALL_RSS"], "rss", title, "blog/", articles)
        self.write(settings["FEEDS_ALL_ATOM"], "atom", title, "blog/", articles)
        for category, items in self.context.get("categories", []):
            current = feedable(items, now, limit)
            if not current:
                continue
            name = f"{title} – {category.name}"
            for key, kind in (("FEEDS_CATEGORY_RSS", "rss"), ("FEEDS_CATEGORY_ATOM", "atom")):
                if settings[key]:
                    path = settings[key].format(slug=category.slug)
                    self.write(path, kind, name, category.url, current)
        self.write_stylesheet()

    def write(self, path: str, kind: str, title: str, home: str, articles: list) -> None:
        if not path:
            return
        data = self.render(path, kind, title, home, articles)
        target = Path(self.output_path) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        logger.debug("Feed geschrieben: %s (%d Einträge)", path, len(articles))

    def render(self, path: str, kind: str, title: str, home: str, articles: list) -> bytes:
        """The feed document as bytes, with the stylesheet instruction."""
        settings = self.settings
        base = feed_base(settings)
        author = {"name": settings["AUTHOR"], "email": settings["OWNER"]["email"]}
        fg = FeedGenerator()
        fg.id(page_url(base, home))
        fg.title(xml_safe(title))
        fg.subtitle(xml_safe(settings["FEEDS_DESCRIPTION"] or settings["SITESUBTITLE"]))
        media_type = "application/rss+xml" if kind == "rss" else "application/atom+xml"
        fg.link(href=page_url(base, path), rel="self", type=media_type)
        fg.link(href=page_url(base, home), rel="alternate")  # feedgen: last link = RSS <link>
        fg.language(settings["FEEDS_LANGUAGE"])
        fg.author(author)
        fg.rights(f"© {settings['OWNER']['business']}")
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
        href = f"{self.settings.get('SITEPATH', '')}/{self.settings['FEEDS_STYLESHEET']}"
        declaration, rest = data.split(b"?>", 1)
        instruction = f'<?xml-stylesheet type="text/xsl" href="{Markup.escape(href)}"?>'
        return declaration + b"?>\n" + instruction.encode() + rest

    def write_stylesheet(self) -> None:
        template = self.env.get_template("feed.xsl")
        target = Path(self.output_path) / self.settings["FEEDS_STYLESHEET"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(template.render(self.context), encoding="utf-8")


def add_generator(pelican):
    """Register the feed writer."""
    return FeedsGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.get_generators.connect(add_generator)
