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
"""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2 import pass_context
from pelican import signals

from plugins.security import merge_sources
from plugins.site_settings import Setting, apply
from plugins.site_settings.schema import boolean
from plugins.site_writer import pages_written
from plugins.sitemap.plugin import is_indexable

from .indexer import FOLDER, IndexReport, SearchIndexError, language_code, write_index

logger = logging.getLogger(__name__)

SEARCH_TEMPLATE = "search"
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


def index_site(settings: dict, output: Path) -> IndexReport | None:
    """Index the pages in ``output`` (None when SEARCH_INDEX is off).

    The warm preview calls this after updating pages without a full build.
    """
    if not settings.get("SEARCH_INDEX", True):
        return None
    cache = Path(settings["CACHE_PATH"]) / "suchindex" if settings.get("CACHE_PATH") else None
    return write_index(Path(output), language_code(settings["DEFAULT_LANG"]), cache)


def build_index(pelican) -> None:
    """Index the finished pages (every page is written, the build not yet swapped in)."""
    try:
        report = index_site(pelican.settings, Path(pelican.output_path))
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
    pages_written.connect(build_index)
