"""Services and FAQ: page types with their own URLs, checks and shared data.

- Every file in ``content/services/`` is a service page at ``/leistungen/<slug>/``;
  its metadata (summary, order, price, audience) is checked and the sorted list is
  available to all templates as ``services`` (Leistungen overview, home page).
- The FAQ page (template ``faq``) is parsed once into groups and questions with
  stable anchors; templates get it as ``faq``, and the same structure yields the
  JSON-LD for search engines.
"""

from __future__ import annotations

import logging

from content_checks.paths import display_path
from pelican import signals

from .faq import FaqError, faq_json_ld, parse_faq
from .services import SERVICE_DIR, check_service, service_sort_key

logger = logging.getLogger(__name__)


def _is_service(content) -> bool:
    path = (getattr(content, "relative_source_path", "") or "").replace("\\", "/")
    return path.startswith(f"{SERVICE_DIR}/")


def place_service(content) -> None:
    """Give service pages their /leistungen/<slug>/ address and template."""
    if not _is_service(content) or not hasattr(content, "slug"):
        return
    settings = content.settings
    content.override_url = settings["SERVICE_URL"].format(slug=content.slug)
    content.override_save_as = settings["SERVICE_SAVE_AS"].format(slug=content.slug)
    if "template" not in content.metadata:
        content.template = "service"


def collect(generator) -> None:
    """Check and sort services; parse the FAQ; share both with every template."""
    services = []
    for page in generator.pages + generator.hidden_pages:
        if _is_service(page):
            problems = check_service(page.metadata)
            for problem in problems:
                logger.error("%s: %s", display_path(page.source_path), problem)
            if page.status == "published":
                services.append(page)
    services.sort(key=service_sort_key)
    generator.context["services"] = services

    faq_pages = [p for p in generator.pages if getattr(p, "template", "") == "faq"]
    for page in faq_pages:
        try:
            page.faq = parse_faq(page.content, page.url)
        except FaqError as error:
            logger.error("%s: %s", display_path(page.source_path), error)
            continue
        page.faq_json_ld = faq_json_ld(page.faq)
    generator.context["faq"] = (
        faq_pages[0].faq if faq_pages and hasattr(faq_pages[0], "faq") else None
    )


def register() -> None:
    signals.content_object_init.connect(place_service)
    signals.page_generator_finalized.connect(collect)
