"""Services and FAQ: page types with their own URLs, checks and shared data.

- Every file in ``content/services/`` is a service page at ``/leistungen/<slug>/``;
  its metadata (summary, order, price, audience) is checked and the sorted list is
  available to all templates as ``services`` (Leistungen overview, home page).
- The FAQ page (template ``faq``) is parsed once into groups and questions with
  stable anchors; templates get it as ``faq``, and the same structure yields the
  JSON-LD for search engines. Draft questions (``### Frage? {#anker .entwurf}``) appear
  only in the local preview, marked; a production build (``PUBLISH``) leaves them out.
"""

from __future__ import annotations

import functools
import logging

from pelican import signals
from pelican.generators import PagesGenerator

from plugins.safe_output.swap import current
from plugins.site_settings.forking import result_apart
from plugins.site_settings.paths import display_path

from .faq import FaqError, parse_faq
from .services import SERVICE_DIR, check_service, service_sort_key

logger = logging.getLogger(__name__)


def _is_service(content) -> bool:
    path = (getattr(content, "relative_source_path", "") or "").replace("\\", "/")
    return path.startswith(f"{SERVICE_DIR}/")


def place_service(content) -> None:
    """Give service pages their /leistungen/<slug>/ address and template.

    A draft service keeps the address of a draft page (``DRAFT_PAGE_SAVE_AS``): shown in
    the local preview, never written by a production build.
    """
    if not _is_service(content) or not hasattr(content, "slug"):
        return
    settings = content.settings
    if getattr(content, "status", "") != "draft":
        content.override_url = settings["SERVICE_URL"].format(slug=content.slug)
        content.override_save_as = settings["SERVICE_SAVE_AS"].format(slug=content.slug)
    if "template" not in content.metadata:
        content.template = "service"


def services_of(generator) -> list:
    """The published services of this build, checked and sorted; computed once.

    Other plugins (the questionnaire's recommendations) call this instead of relying
    on the order in which plugins handle ``page_generator_finalized``.
    """
    context = generator.context
    if "services" not in context:
        services = []
        for page in generator.pages + generator.hidden_pages + generator.draft_pages:
            if not _is_service(page):
                continue
            for problem in check_service(page.metadata):
                logger.error("%s: %s", display_path(page.source_path), problem)
            if page.status == "published":
                services.append(page)
        context["services"] = sorted(services, key=service_sort_key)
    return context["services"]


def faq_of(generator):
    """The FAQ of this build, parsed once (None when the site has no FAQ page)."""
    context = generator.context
    if "faq" not in context:
        context["faq"] = None
        for page in generator.pages + generator.hidden_pages + generator.draft_pages:
            if getattr(page, "template", "") != "faq":
                continue
            try:
                publish = bool(generator.settings.get("PUBLISH"))
                work = functools.partial(parse_faq, page.content, page.url, publish=publish)
                page.faq = result_apart(work)  # its errors come from here (see faq._lxml)
            except FaqError as error:
                logger.error("%s: %s", display_path(page.source_path), error)
                page.faq = None
                state = current(generator.settings)
                if state is not None:
                    state.stop_on_errors()  # nothing is written with a broken FAQ
                continue
            if context["faq"] is None and page.status == "published":
                context["faq"] = page.faq
    return context["faq"]


def collect_services(generator) -> None:
    """Check and sort the services once the pages are read; share them with every template."""
    services_of(generator)


def collect_faq(generators) -> None:
    """Parse the FAQ once every generator is done: its links (``{static}``, ``{filename}``)
    can only be resolved when all files are known, and Pelican keeps the first result."""
    for generator in generators:
        if isinstance(generator, PagesGenerator):
            faq_of(generator)


def register() -> None:
    signals.content_object_init.connect(place_service)
    signals.page_generator_finalized.connect(collect_services)
    signals.all_generators_finalized.connect(collect_faq)
