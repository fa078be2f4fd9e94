"""Checks that turn silent author mistakes into errors naming the file and the fix.

- As soon as a file is read (``content_object_init``): links with ``{static}``,
  ``{attach}`` or ``{filename}`` to files that do not exist (``links.py``), tags and
  categories from which no address can be made.
- When a generator is done: a ``template`` that is empty or not in the theme (Pelican
  only notices it while writing, without naming the content file).
- When every generator is done, before anything is written
  (``all_generators_finalized``): two outputs with one file or address
  (``outputs.py``), a title without a slug, the same id twice on a page
  (``anchors.py``), placeholders of ``make new`` left in a published file
  (``placeholders.py``), links to addresses of the site that no file answers
  (``links.py``) and, without the images plugin, images that show no file.

YAML mistakes in front matter are explained by ``site_settings/yaml_errors.py`` (used by the
front_matter_reader plugin while it reads).

Every problem is one German line ``content/x.md: Feld …: what is wrong – what to do``.
When this plugin reported anything, it stops the build itself (``safe_output``), so the
result does not depend on the order in which plugins receive the signal.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, PagesGenerator, PelicanTemplateNotFound

from plugins.safe_output.swap import current
from plugins.site_settings import Setting, apply, sitepath
from plugins.site_settings.facts import empty_fact_lines, empty_facts
from plugins.site_settings.paths import display_path
from plugins.site_settings.schema import sequence, text

from .anchors import ThemeIds, check_page, questionnaire_ids
from .links import (
    SERVED_ELSEWHERE,
    check_images,
    check_internal_links,
    check_links,
    is_content,
    source_lines,
)
from .outputs import all_outputs, collisions, contents, served
from .placeholders import check_placeholders
from .sentences import no_address_from_name, no_address_from_title

logger = logging.getLogger(__name__)

#: Pelican's warning about an empty slug; the check below reports it with the file instead.
SLUG_LOGGER = "pelican.urlwrappers"
#: Templates that are parts of others, never named in ``template:``.
PARTS = ("base", "partials/", "macros/")
#: Pelican's templates for its list pages, never a content file's.
LIST_TEMPLATES = frozenset(
    ("index", "archives", "period_archives", "categories", "category", "tags", "tag")
    + ("authors", "author", "pagination", "translations")
)

SCHEMA = (
    Setting(
        SERVED_ELSEWHERE,
        ["/api/"],
        sequence(text(required=True, pattern=r"/\S*", allowed="ein Pfad ab /")),
        'Pfade wie ["/api/"], die der Webserver selbst beantwortet (nicht der Build)',
    ),
)


def check_settings(pelican) -> None:
    """Declare the plugin's settings once, with their defaults."""
    apply(pelican.settings, SCHEMA)


class Reporter:
    """Logs each problem as an error and remembers how many there were."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, message: str) -> None:
        self.count += 1
        logger.error("%s", message)


@contextmanager
def _quiet(name: str) -> Iterator[None]:
    """Silence one logger for a moment (its message is replaced by a better one)."""
    target = logging.getLogger(name)
    before, target.disabled = target.disabled, True
    try:
        yield
    finally:
        target.disabled = before


# --- when a file has been read -------------------------------------------------------


#: The slug of each tag and category name of a build, kept in its settings (so it goes with
#: the build: a module variable would keep the last build, and all it holds, alive)
SLUGS = "TAXONOMY_SLUGS"


def slug_of(wrapper) -> str:
    """The slug of a tag or category, made by Pelican once per name and build (it makes a
    tag object for each post that names the tag, and each would make its slug again:
    3,500 times for 1,000 posts). Silently: an empty slug is reported with its file."""
    known, key = wrapper.settings.setdefault(SLUGS, {}), (type(wrapper), wrapper.name)
    if key in known:
        wrapper.slug = known[key]  # Pelican's own setter: the slug as it would make it
    else:
        with _quiet(SLUG_LOGGER):
            known[key] = wrapper.slug
    return known[key]


def check_taxonomy(item, report) -> None:
    """A tag or category must give an address (Pelican would write it as ``…//index.html``)."""
    if not isinstance(item, Article):
        return
    path = display_path(item.source_path)
    named = [("tags", tag) for tag in getattr(item, "tags", None) or []]
    category = getattr(item, "category", None)
    if category is not None:
        named.append(("category", category))
    for field, wrapper in named:
        slug = slug_of(wrapper)
        if not slug:
            report(f"{path}: Feld '{field}': {no_address_from_name(field, wrapper.name)}")


def check_read(item) -> None:
    report = Reporter()
    check_links(item, report)
    check_taxonomy(item, report)


# --- when a generator is done -------------------------------------------------------


def _contents(generator) -> list:
    if isinstance(generator, ArticlesGenerator):
        return generator.articles + generator.drafts + generator.hidden_articles
    if isinstance(generator, PagesGenerator):
        return generator.pages + generator.draft_pages + generator.hidden_pages
    return []


def _template_names(generator) -> str:
    """The page templates of the theme, for a message (without base, partials, macros)."""
    folder = Path(generator.theme) / "templates"
    names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.html"))
    names = [n.removesuffix(".html") for n in names if not n.startswith(PARTS)]
    return ", ".join(n for n in names if n not in LIST_TEMPLATES)


def check_templates(generator) -> None:
    """Every ``template`` named in metadata must exist in the theme."""
    for content in _contents(generator):
        if "template" not in content.metadata:
            continue
        name = str(content.metadata.get("template") or "").strip()
        path = display_path(content.source_path)
        if not name:
            logger.error(
                "%s: Feld 'template' ist leer – bitte den Namen einer Vorlage eintragen "
                "(z. B. page) oder die Zeile löschen.",
                path,
            )
            continue
        try:
            generator.get_template(name)
        except PelicanTemplateNotFound:
            logger.error(
                "%s: Feld 'template': die Vorlage '%s' gibt es im Theme nicht "
                "(gesucht: theme/templates/%s.html) – bitte eine vorhandene eintragen "
                "(%s) oder die Zeile löschen.",
                path,
                name,
                name,
                _template_names(generator),
            )


# --- when every generator is done -----------------------------------------------------


def check_site(generators) -> None:
    """Outputs, slugs, ids and images of the whole build, before anything is written."""
    if not generators:
        return
    settings, context = generators[0].settings, generators[0].context
    report = Reporter()
    items = contents(generators)
    usable = []
    for item in items:
        if getattr(item, "slug", None) == "" and "save_as" not in item.metadata:
            report(
                f"{display_path(item.source_path)}: "
                f"{no_address_from_title(item.title, 'mein-beitrag')}"
            )
        elif getattr(item, "save_as", ""):
            usable.append(item)
    outputs = all_outputs(generators, context, settings, usable)
    files = collisions(outputs, report)
    check_ids(generators, usable, report)
    pages = [item for item in usable if is_content(item)]
    empty = empty_facts(settings.get("OWNER") or {})
    for item in pages:
        lines = source_lines(item)
        check_placeholders(item, lines, report)
        for line in empty_fact_lines(lines, empty, display_path(item.source_path)):
            logger.warning("%s", line)
    base = sitepath(settings)
    check_internal_links(pages, served(outputs, context, settings), settings, base, report)
    check_images(pages, files, settings, base, report)
    if report.count:
        state = current(settings)
        if state is not None:
            state.stop_on_errors()  # whichever plugin runs next: nothing gets written


def check_ids(generators, items: list, report) -> None:
    generator = next((g for g in generators if isinstance(g, PagesGenerator)), generators[0])
    theme = ThemeIds(generator)
    for item in items:
        if not is_content(item):
            continue
        template = getattr(item, "template", "") or ""
        if template == "faq":
            from plugins.site_sections import faq_of  # noqa: PLC0415 - it imports this package

            faq_of(generator)  # parsed once, whichever plugin gets the signal first
        if template == "faq" and getattr(item, "faq", None) is None:
            continue  # the FAQ's own check has reported what is wrong with its headings
        ids = {**theme(template), **questionnaire_ids(item)}
        check_page(item, ids, lambda item=item: source_lines(item), report)


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.content_object_init.connect(check_read)
    signals.article_generator_finalized.connect(check_templates)
    signals.page_generator_finalized.connect(check_templates)
    signals.all_generators_finalized.connect(check_site)
