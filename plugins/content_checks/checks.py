"""Checks that turn silent author mistakes into errors naming the file.

Pelican only notices a missing template when it writes the page, and then the
message does not say which content file asked for it.
"""

from __future__ import annotations

import logging

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator, PelicanTemplateNotFound

from .paths import display_path

logger = logging.getLogger(__name__)


def _contents(generator):
    if isinstance(generator, ArticlesGenerator):
        return generator.articles + generator.drafts + generator.hidden_articles
    if isinstance(generator, PagesGenerator):
        return generator.pages + generator.draft_pages + generator.hidden_pages
    return []


def check_templates(generator) -> None:
    """Every ``template`` named in metadata must exist in the theme."""
    for content in _contents(generator):
        name = content.metadata.get("template")
        if not name:
            continue
        try:
            generator.get_template(name)
        except PelicanTemplateNotFound:
            logger.error(
                "%s: Feld 'template': Die Vorlage '%s' gibt es im Theme nicht "
                "(gesucht: theme/templates/%s.html).",
                display_path(content.source_path),
                name,
                name,
            )


def register() -> None:
    signals.article_generator_finalized.connect(check_templates)
    signals.page_generator_finalized.connect(check_templates)
