"""Every file the build writes, and who writes it: two writers of one file are an error.

Pelican lets a page with ``save_as`` silently replace another page (the one written
later is skipped), and stops with a traceback when two pages without it meet. Here every
output is listed before anything is written: articles, drafts, pages (hidden and draft
too), services, the questionnaires' thank-you pages and PDFs, Pelican's list pages
(blog, categories, tags, archives, with their pagination), feeds, sitemap, robots.txt,
the host configuration files and static files. Two outputs with the same file, or with
the same address (``url``), are reported at the one an author most likely has to change
(an explicit ``save_as`` before an explicit ``url`` before a ``slug`` before a title),
naming the other.

``served`` adds what the build writes under names it makes only while writing (image
variants, the search index, the theme's assets, share images): together, every file a
link may lead to.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, fields

from pelican.generators import ArticlesGenerator, PagesGenerator, StaticGenerator
from pelican.paginator import Paginator

from plugins.assets.fingerprint import ASSET_DIR
from plugins.assets.fingerprint import CONTEXT_KEY as ASSETS
from plugins.search.indexer import FOLDER as SEARCH_FOLDER
from plugins.site_settings.paths import display_path
from plugins.site_settings.planned import TAXONOMY, Planned, by_setting, by_taxonomy

from .links import IMAGES_PLUGIN

#: Pelican's list pages (DIRECT_TEMPLATES) as messages name them.
LIST_PAGES = {
    "index": "die Blog-Übersicht",
    "archives": "das Archiv",
    "categories": "die Kategorienübersicht",
    "tags": "die Schlagwortübersicht",
    "authors": "die Autorenübersicht",
}
PERIODS = {"year": "das Jahresarchiv", "month": "das Monatsarchiv", "day": "das Tagesarchiv"}
PELICAN_FEEDS = ("FEED_ATOM", "FEED_RSS", "FEED_ALL_ATOM", "FEED_ALL_RSS")
TAXONOMY_FEEDS = {
    "categories": ("CATEGORY_FEED_ATOM", "CATEGORY_FEED_RSS"),
    "tags": ("TAG_FEED_ATOM", "TAG_FEED_RSS"),
    "authors": ("AUTHOR_FEED_ATOM", "AUTHOR_FEED_RSS"),
}


@dataclass
class Output(Planned):
    """One file of the build and what a message says about it (see ``Planned``)."""

    url_file: str = ""  # the file its address names, when that is not ``path``
    url_where: str = ""  # ... and how a message about the address starts
    url_fix: str = ""


def normalized(path: str) -> str:
    """``blog//x/./index.html`` → ``blog/x/index.html`` (what the writer makes of it)."""
    clean = posixpath.normpath(str(path).replace("\\", "/"))
    return "" if clean == "." else clean


def url_file(url: str) -> str:
    """The file an address is served from: ``blog/x/`` → ``blog/x/index.html``."""
    url = str(url or "").split("#", 1)[0].split("?", 1)[0]
    if "://" in url or url.startswith("//"):
        return ""
    url = url.lstrip("/")
    if not url or url.endswith("/") or "." not in posixpath.basename(url):
        url = f"{url.rstrip('/')}/index.html".lstrip("/")
    return normalized(url)


def address(path: str) -> str:
    """How messages show the address of an output file: ``/blog/x/``, ``/feeds/a.xml``."""
    if path == "index.html":
        return "/"
    if path.endswith("/index.html"):
        return "/" + path.removesuffix("index.html")
    return "/" + path


# --- content ----------------------------------------------------------------------


def content_output(item) -> Output | None:
    """The output of an article or page (None when it is not written)."""
    save_as = getattr(item, "save_as", "")
    if not save_as:
        return None
    shown = display_path(item.source_path)
    meta = item.metadata
    slug = getattr(item, "slug", "")
    if "slug" in meta:
        by_slug = (3.0 if "/" in slug else 2.0, f"{shown}: Feld 'slug'")
        other = slug.replace("/", "-") if "/" in slug else f"{slug}-2"
        fix = f"bitte einen anderen slug eintragen, z. B. slug: {other}"
    else:
        by_slug = (1.0, f"{shown}: Feld 'title' (daraus der slug '{slug}')")
        fix = f"bitte einen eigenen slug eintragen, z. B. slug: {slug}-2"
    blame, where = by_slug
    output = Output(normalized(save_as), shown, where, fix, blame, item.source_path)
    if "save_as" in meta:
        output.blame, output.where = 4.0, f"{shown}: Feld 'save_as'"
        output.fix = "bitte save_as löschen oder einen freien Pfad eintragen"
    served = url_file(getattr(item, "url", ""))
    if served and served != output.path:
        output.url_file = served
        if "url" in meta:
            output.blame = max(output.blame, 3.0)
            output.url_where = f"{shown}: Feld 'url'"
            output.url_fix = "bitte url löschen oder eine freie Adresse eintragen"
        else:
            output.url_where, output.url_fix = where, fix
    return output


def contents(generators) -> list:
    """Every article and page of the build, translations, hidden ones and drafts included."""
    found = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            names = ("articles", "translations", "hidden_articles", "hidden_translations")
            names += ("drafts", "drafts_translations")
        elif isinstance(generator, PagesGenerator):
            names = ("pages", "translations", "hidden_pages", "hidden_translations")
            names += ("draft_pages", "draft_translations")
        else:
            continue
        for name in names:
            found.extend(getattr(generator, name, []))
    return found


# --- what Pelican and the plugins write besides content ---------------------------------


def as_output(planned: Planned) -> Output:
    """A generator's declared output as the collision check handles it."""
    values = {field.name: getattr(planned, field.name) for field in fields(Planned)}
    return Output(**{**values, "path": normalized(planned.path)})


def _generated(path: str, owner: str, setting: str) -> Output:
    return as_output(by_setting(path, owner, setting))


def _paginated(settings: dict, template: str, first: Output, url: str, items: list):
    """The pages of a list page whose first page is ``first`` (more if paginated)."""
    if template not in settings.get("PAGINATED_TEMPLATES", {}):
        return [first]
    per_page = settings["PAGINATED_TEMPLATES"][template] or settings.get("DEFAULT_PAGINATION")
    paginator = Paginator(first.path, url, items, settings, per_page)
    name = first.owner.split(" (", 1)[0]
    pages = [first]
    for number in range(2, paginator.num_pages + 1):
        path = normalized(paginator.page(number).save_as)
        owner = f"{name}, Seite {number} (PAGINATION_PATTERNS)"
        pages.append(Output(path, owner, first.where, first.fix, first.blame, first.order))
    return pages


def _taxonomy_output(key: str, wrapper, items: list, path: str, setting: str) -> Output:
    return as_output(by_taxonomy(key, wrapper, items, path, setting))


def _taxonomy(generator: ArticlesGenerator, key: str, template: str) -> list[Output]:
    settings = generator.settings
    taxonomy = getattr(generator, key, None) or []
    pairs = list(taxonomy.items()) if isinstance(taxonomy, dict) else list(taxonomy)
    setting = TAXONOMY[key][1]
    found: list[Output] = []
    for wrapper, items in pairs:
        if not wrapper.slug or not wrapper.save_as:
            continue  # an empty slug is reported by check_taxonomy
        first = _taxonomy_output(key, wrapper, items, wrapper.save_as, setting)
        found += _paginated(settings, template, first, wrapper.url, items)
        for feed in TAXONOMY_FEEDS[key]:
            if settings.get(feed):
                path = str(settings[feed]).format(slug=wrapper.slug)
                found.append(_taxonomy_output(key, wrapper, items, path, feed))
    return found


def pelican_lists(generator: ArticlesGenerator) -> list[Output]:
    """The blog's list pages, archives, category, tag and author pages, Pelican's feeds."""
    settings = generator.settings
    found: list[Output] = []
    for template in settings.get("DIRECT_TEMPLATES", []):
        name = template.upper()
        save_as = settings.get(f"{name}_SAVE_AS", f"{template}.html")
        if not save_as:
            continue
        url = settings.get(f"{name}_URL", f"{template}.html")
        first = _generated(
            save_as, LIST_PAGES.get(template, f"die Seite {template}"), f"{name}_SAVE_AS"
        )
        found += _paginated(settings, template, first, url, generator.articles)
    for granularity, archives in (getattr(generator, "period_archives", None) or {}).items():
        setting = f"{granularity.upper()}_ARCHIVE_SAVE_AS"
        for archive in archives:
            period = " ".join(str(part) for part in archive["period"])
            owner = f"{PERIODS.get(granularity, 'das Archiv')} {period}"
            first = _generated(archive["save_as"], owner, setting)
            found += _paginated(
                settings, "period_archives", first, archive["url"], archive["articles"]
            )
    for key, template in (("categories", "category"), ("tags", "tag"), ("authors", "author")):
        found += _taxonomy(generator, key, template)
    for feed in PELICAN_FEEDS:
        if settings.get(feed):
            found.append(_generated(settings[feed], "der Feed", feed))
    return found


def kit_outputs(generators, context: dict, settings: dict) -> list[Output]:
    """What the kit's generators write: each declares it (``planned_outputs``, see
    ``plugins.site_settings.planned``), and the template pages of the settings."""
    found: list[Output] = []
    for generator in generators:
        found += [as_output(p) for p in getattr(generator, "planned_outputs", list)()]
    for source, destination in (settings.get("TEMPLATE_PAGES") or {}).items():
        found.append(_generated(destination, f"die Vorlagenseite {source}", "TEMPLATE_PAGES"))
    return found


def static_outputs(generators) -> list[Output]:
    found = []
    for generator in generators:
        if not isinstance(generator, StaticGenerator):
            continue
        for static in getattr(generator, "staticfiles", []):
            shown = display_path(static.source_path)
            fix = "bitte die Datei umbenennen oder löschen"
            output = Output(normalized(static.save_as), f"die Datei {shown}", shown, fix, 1.0)
            output.order = static.source_path
            found.append(output)
    return found


# --- collisions ---------------------------------------------------------------------


def _rank(output: Output) -> tuple[float, str]:
    return output.blame, output.order


def collisions(outputs: list[Output], report) -> set[str]:
    """Report every output whose file or address another output already has.

    Returns the set of files the build writes.
    """
    by_key: dict[str, list[tuple[Output, bool]]] = {}
    for output in outputs:
        if not output.path or output.path.startswith(("/", "../")):
            continue  # not written, or refused by Pelican already
        by_key.setdefault(output.path, []).append((output, False))
        if output.url_file:
            by_key.setdefault(output.url_file, []).append((output, True))
    reported: set[int] = set()
    said: set[tuple[str, str]] = set()  # one message per cause (a category's page and feeds)
    for key, entries in by_key.items():
        distinct = list({id(o): (o, by_url) for o, by_url in entries}.values())
        if len(distinct) < 2:  # noqa: PLR2004 - a collision needs two
            continue
        distinct.sort(key=lambda entry: _rank(entry[0]))
        keeper = distinct[0][0]
        for output, by_url in distinct[1:]:
            if id(output) in reported:
                continue
            reported.add(id(output))
            where = output.url_where if by_url else output.where
            fix = output.url_fix if by_url else output.fix
            if (where, fix) not in said:
                said.add((where, fix))
                report(f"{where}: die Adresse {address(key)} hat schon {keeper.owner} – {fix}.")
    files = {o.path for o in outputs if o.path}
    _folders(outputs, files, reported, report)
    return files


def _folders(outputs: list[Output], files: set[str], reported: set[int], report) -> None:
    """A file where another output needs a folder (``save_as: blog`` and ``blog/…``)."""
    owners = {}
    for output in outputs:
        owners.setdefault(output.path, output)
    for output in outputs:
        parts = output.path.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            blocker = owners.get(folder)
            if blocker is None or id(output) in reported or id(blocker) in reported:
                continue
            if _rank(output) >= _rank(blocker):
                reported.add(id(output))
                report(
                    f"{output.where}: die Adresse {address(output.path)} braucht einen Ordner "
                    f"/{folder}/, doch dort schreibt {blocker.owner} eine Datei – {output.fix}."
                )
            else:
                reported.add(id(blocker))
                report(
                    f"{blocker.where}: die Datei /{folder} steht im Weg, dort braucht "
                    f"{output.owner} einen Ordner für {address(output.path)} – {blocker.fix}."
                )


def all_outputs(generators, context: dict, settings: dict, items: list) -> list[Output]:
    found = [o for o in (content_output(item) for item in items) if o is not None]
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found += pelican_lists(generator)
    found += kit_outputs(generators, context, settings)
    return found + static_outputs(generators)


# --- what a link may lead to ----------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """The files of a build (paths below the output folder) and the folders it fills."""

    files: frozenset[str]
    folders: tuple[str, ...]  # "pagefind/": every file below is the build's

    def __contains__(self, path: str) -> bool:
        return path in self.files or path.startswith(self.folders)


def served(outputs: list[Output], context: dict, settings: dict) -> Served:
    """Every file a visitor can fetch from this build: the planned outputs (and the files
    their addresses name), the images plugin's variants, and the folders whose names are
    made while writing (search index, theme assets, share images)."""
    files = {o.path for o in outputs if o.path} | {o.url_file for o in outputs if o.url_file}
    images = settings.get(IMAGES_PLUGIN)
    if hasattr(images, "planned_files"):
        files |= images.planned_files()
    folders = [
        f"{folder}/"
        for folder, active in (
            (SEARCH_FOLDER, settings.get("SEARCH_INDEX")),
            (ASSET_DIR, ASSETS in context),
            (normalized(settings.get("SHARE_IMAGES_PATH") or ""), "SHARE_IMAGES_PATH" in settings),
        )
        if active and folder
    ]
    return Served(frozenset(files), tuple(folders))
