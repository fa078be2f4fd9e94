"""sitemap.xml from the content model, and the robots.txt that points to it.

Listed are the published pages and articles, the first page of the blog and every
category and tag page. Left out are drafts, hidden pages, anything whose front
matter says ``robots: noindex`` and anything a plugin writes with ``noindex=True``
(it never becomes a content object here). ``lastmod`` is the content's
``modified`` or ``date``; a list page takes its newest article's; pages with
neither leave it out rather than claim the build time.
"""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape

from jinja2 import pass_context
from pelican import signals
from pelican.generators import Generator

from plugins.site_settings import Setting, absolute_siteurl, apply
from plugins.site_settings.planned import Planned, by_setting
from plugins.site_settings.schema import text
from plugins.site_writer import Rendered

SCHEMA = (
    Setting("ROBOTS_SAVE_AS", "robots.txt", text(), 'den Pfad "robots.txt" (leer: keine)'),
    Setting(
        "SITEMAP_SAVE_AS",
        "sitemap.xml",
        text(pattern=r"[^/\s]\S*\.xml", allowed="ein .xml-Pfad ohne / am Anfang"),
        'einen Pfad wie "sitemap.xml" (leer: keine Sitemap)',
    ),
)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def check_settings(pelican) -> None:
    """Declare SITEMAP_SAVE_AS."""
    apply(pelican.settings, SCHEMA)


def is_indexable(content) -> bool:
    """Published, and not marked ``robots: noindex`` by its author."""
    robots = str(content.metadata.get("robots", "")).lower()
    return content.status == "published" and "noindex" not in robots


@pass_context
def robots_noindex(context) -> bool:
    """Template global: whether the page being rendered tells search engines to skip it."""
    if not context.get("PUBLISH") or context.get("noindex"):
        return True
    content = context.get("article") or context.get("page")
    return content is not None and not is_indexable(content)


def install(generator) -> None:
    """Offer ``robots_noindex()`` to every template."""
    generator.env.globals["robots_noindex"] = robots_noindex


def changed(content) -> dt.datetime | None:
    return getattr(content, "modified", None) or getattr(content, "date", None)


def newest(articles) -> dt.datetime | None:
    return max((changed(a) for a in articles if changed(a)), default=None)


def sitemap_entries(context: dict, settings: dict) -> list[tuple[str, dt.datetime | None]]:
    """(url path, lastmod or None) for every page to list, sorted by path."""
    entries: dict[str, dt.datetime | None] = {}
    for content in [*context.get("pages", []), *context.get("articles", [])]:
        if is_indexable(content):
            entries[content.url] = changed(content)
    articles = context.get("articles", [])
    if articles and settings.get("INDEX_SAVE_AS"):
        entries[settings["INDEX_SAVE_AS"].removesuffix("index.html")] = newest(articles)
    for key in ("categories", "tags"):
        for wrapper, items in context.get(key, []):
            if wrapper.save_as:
                entries[wrapper.url] = newest(items)
    return sorted(entries.items())


def sitemap_xml(entries, siteurl: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{NAMESPACE}">']
    for path, lastmod in entries:
        lines.append(f"  <url><loc>{escape(f'{siteurl}/{path}')}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat(timespec='seconds')}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str) -> str:
    """Everything may be crawled; the sitemap says what is worth it."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"


class SitemapGenerator(Generator):
    """Writes the sitemap and robots.txt once every generator has built its context."""

    def planned_outputs(self) -> list[Planned]:
        names = (("SITEMAP_SAVE_AS", "die Sitemap"), ("ROBOTS_SAVE_AS", "robots.txt"))
        return [by_setting(self.settings[n], owner, n) for n, owner in names if self.settings[n]]

    def generate_output(self, writer) -> None:
        settings = self.settings
        save_as = settings["SITEMAP_SAVE_AS"]
        base = absolute_siteurl(settings)
        if save_as:
            xml = sitemap_xml(sitemap_entries(self.context, settings), base)
            writer.write_file(save_as, Rendered(xml), self.context)
        if settings["ROBOTS_SAVE_AS"]:
            # Only a published site announces its sitemap to crawlers.
            sitemap_url = f"{base}/{save_as}" if save_as and settings["SITEURL"] else ""
            writer.write_file(
                settings["ROBOTS_SAVE_AS"], Rendered(robots_txt(sitemap_url)), self.context
            )


def add_generator(pelican):
    """Register the sitemap writer."""
    return SitemapGenerator


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.get_generators.connect(add_generator)
