"""Site search with Pagefind: an index of the finished pages, rebuilt with every build.

- ``search_indexed()`` (template global) says whether the page being rendered puts its
  main content into the index (``base.html`` then marks ``<main data-pagefind-body>``):
  published articles and pages that search engines may index. Lists, drafts, hidden
  pages (404), pages marked ``robots: noindex``, pages written with ``noindex=True``
  (thank-you pages) and the search page itself are never found.
- The page rendered with template ``search`` may compile WebAssembly, which Pagefind
  needs: its ``csp_page_sources`` add ``'wasm-unsafe-eval'`` to ``script-src`` for that
  address only (see ``plugins/security``).
- When every page is on disk (site_writer's ``pages_written``, before safe_output swaps
  the build in), Pagefind indexes the output folder in the site's language
  (``DEFAULT_LANG``, for its stemming) into ``pagefind/``. A failure is a build error.
  Pagefind already starts when the articles and pages are written
  (``content_pages_written``), while the lists render; the index is the same.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from plugins.security import merge_sources
from plugins.site_settings import Setting, apply
from plugins.site_settings.schema import boolean
from plugins.site_writer import content_pages_written, pages_written
from plugins.sitemap.plugin import is_indexable

from .indexer import (
    FOLDER,
    IndexReport,
    SearchIndexError,
    Started,
    finish_index,
    language_code,
    start_index,
    write_index,
)

logger = logging.getLogger(__name__)

SEARCH_TEMPLATE = "search"
#: In the build's settings: the index begun while the lists are written (``start_early``)
STARTED = "SEARCH_INDEX_STARTED"
#: What the search page may do beyond the site policy: compile Pagefind's WebAssembly.
WASM_SOURCES = {"script-src": ["'wasm-unsafe-eval'"]}
SCHEMA = (
    Setting(
        "SEARCH_INDEX",
        True,
        boolean,
        "True (Suchindex mit jedem Build) oder False (keine Suche)",
    ),
)


def check_settings(pelican) -> None:
    """Declare SEARCH_INDEX."""
    apply(pelican.settings, SCHEMA)


def is_search_page(content) -> bool:
    return getattr(content, "template", "") == SEARCH_TEMPLATE


@pass_context
def search_indexed(context) -> bool:
    """Template global: whether the page being rendered belongs in the search index."""
    if context.get("noindex"):
        return False
    content = context.get("article") or context.get("page")
    return content is not None and is_indexable(content) and not is_search_page(content)


def install(generator) -> None:
    """Offer ``search_indexed()`` to every template."""
    generator.env.globals["search_indexed"] = search_indexed


def allow_wasm(generator) -> None:
    """The search page, and only it, may compile Pagefind's WebAssembly."""
    for key in ("pages", "hidden_pages", "draft_pages"):
        for page in getattr(generator, key, []):
            if is_search_page(page):
                own = getattr(page, "csp_page_sources", None)
                page.csp_page_sources = merge_sources(own, WASM_SOURCES)


def _cache(settings: dict) -> Path | None:
    return Path(settings["CACHE_PATH"]) / "suchindex" if settings.get("CACHE_PATH") else None


def index_site(settings: dict, output: Path, started: Started | None = None) -> IndexReport | None:
    """Index the pages in ``output`` (None when SEARCH_INDEX is off), finishing the run
    ``started`` while the lists were written, if there is one.

    The warm preview calls this after updating pages without a full build.
    """
    if not settings.get("SEARCH_INDEX", True):
        return None
    language = language_code(settings["DEFAULT_LANG"])
    if started is not None:
        return finish_index(Path(output), language, _cache(settings), started)
    return write_index(Path(output), language, _cache(settings))


def start_early(pelican, pages: list[str]) -> None:
    """The articles and pages are written, the lists not yet: Pagefind starts on them
    now and runs beside the rendering of the lists (``build_index`` finishes it)."""
    settings = pelican.settings
    settings.pop(STARTED, None)
    if not settings.get("SEARCH_INDEX", True):
        return
    # The writer names each page by os.path.abspath (one outside the output folder is
    # left out here, and found carrying the mark at the end: the index is then made anew)
    prefix = os.path.join(os.path.abspath(pelican.output_path), "")
    relative = [p[len(prefix) :].replace(os.sep, "/") for p in pages if p.startswith(prefix)]
    language = language_code(settings["DEFAULT_LANG"])
    try:
        settings[STARTED] = start_index(
            Path(pelican.output_path), language, _cache(settings), relative
        )
    except (OSError, SearchIndexError):  # made at the end, which reports it
        settings[STARTED] = None


def build_index(pelican) -> None:
    """Index the finished pages (every page is written, the build not yet swapped in)."""
    started = pelican.settings.pop(STARTED, None)
    try:
        report = index_site(pelican.settings, Path(pelican.output_path), started)
    except SearchIndexError as error:
        logger.error(
            "%s/: Der Suchindex (Pagefind) ließ sich nicht erstellen (%s) – "
            "ist das Paket pagefind-bin installiert (make)?",
            FOLDER,
            error,
        )
        return
    if report is not None:
        logger.info(
            "%s/: %d Seiten durchsuchbar, %d KB, in %.2f s",
            FOLDER,
            report.pages,
            report.size // 1024,
            report.seconds,
        )


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.page_generator_finalized.connect(allow_wasm)
    content_pages_written.connect(start_early)
    pages_written.connect(build_index)
