"""Menus and links between pages by identity, never by typed addresses.

- ``MAIN_MENU`` and ``FOOTER_MENU`` list ``(label, target)`` pairs. A target is a
  content file (``"pages/kontakt.md"``, as in Pelican's ``{filename}`` links) or one
  of Pelican's list pages (``"index"`` for the blog, ``"archives"``, ``"categories"``,
  ``"tags"``). A target that does not exist is a build error naming the entry. A draft
  target, and the blog's list pages of a site without a published post, are left out.
- Templates get ``main_menu`` and ``footer_menu`` (lists of ``MenuItem``) and the
  global ``page_for(template)``: the published page rendered with that template
  (``page_for('faq')``), or None when the site has none. The theme links to the FAQ,
  the services overview or the questionnaire that way, wherever their files live.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from jinja2 import pass_context
from pelican import signals

from plugins.site_settings import Setting, apply, sitepath
from plugins.site_settings.schema import sequence

logger = logging.getLogger(__name__)

LIST_PAGES = {
    "index": "INDEX_SAVE_AS",
    "archives": "ARCHIVES_SAVE_AS",
    "categories": "CATEGORIES_SAVE_AS",
    "tags": "TAGS_SAVE_AS",
}


def _entry(value: object) -> str:
    if isinstance(value, (tuple, list)) and [type(part) for part in value] == [str, str]:
        return "" if all(part.strip() for part in value) else "enthält einen leeren Text"
    return f'{value!r} ist kein Paar ("Beschriftung", "pages/datei.md")'


SCHEMA = (
    Setting("MAIN_MENU", [], sequence(_entry), 'Paare wie ("Kontakt", "pages/kontakt.md")'),
    Setting("FOOTER_MENU", [], sequence(_entry), 'Paare wie ("Impressum", "pages/impressum.md")'),
)


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str  # root-relative, e.g. "/kontakt/"
    path: str  # the output path it leads to, e.g. "kontakt/index.html"

    def current(self, output_file: str) -> str:
        """aria-current for the page being written: "page", "true" (a sub-page) or ""."""
        if output_file == self.path:
            return "page"
        folder = self.path.removesuffix("index.html")
        return "true" if folder and output_file.startswith(folder) else ""


def check_settings(pelican) -> None:
    """Declare the menus."""
    apply(pelican.settings, SCHEMA)


def _published(context: dict) -> list:
    return [*context.get("pages", []), *context.get("articles", [])]


def resolve(target: str, context: dict, settings: dict) -> tuple[str, str] | None:
    """(url, output path) of a menu target, or None when it does not exist."""
    if target in LIST_PAGES:
        save_as = settings.get(LIST_PAGES[target]) or ""
        return (save_as.removesuffix("index.html"), save_as) if save_as else None
    source = target.strip("/")
    for content in _published(context):
        if content.relative_source_path.replace("\\", "/") == source:
            return content.url, content.save_as
    return None


def is_draft(target: str, context: dict) -> bool:
    """Whether ``target`` is a page or post that exists as a draft (not yet published)."""
    source = target.strip("/")
    drafts = [*context.get("draft_pages", []), *context.get("drafts", [])]
    return any(d.relative_source_path.replace("\\", "/") == source for d in drafts)


def build_menus(generators) -> None:
    """Resolve both menus once every page is known; report targets that do not exist.

    A target that is still a draft (the starter's "Über mich") is left out until published,
    and the blog's list pages until the first post is: a visitor never follows "Blog" to
    an empty page.
    """
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    base = sitepath(settings)
    for name in ("MAIN_MENU", "FOOTER_MENU"):
        items = []
        for label, target in settings[name]:
            if target in LIST_PAGES and not context.get("articles"):
                continue  # the blog joins the menu with its first published post
            found = resolve(target, context, settings)
            if found is None and is_draft(target, context):
                continue  # a draft joins the menu the day it is published
            if found is None:
                logger.error(
                    "pelicanconf.py: %s: Der Eintrag „%s“ verweist auf %s, das es nicht gibt "
                    "oder das nicht veröffentlicht ist – bitte eine Datei unter content/ "
                    "(z. B. pages/kontakt.md) oder index, archives, categories, tags angeben.",
                    name,
                    label,
                    target,
                )
                continue
            items.append(MenuItem(label, f"{base}/{found[0]}", found[1]))
        context[name.lower()] = items
    context["page_for_template"] = first_by_template(context)


def pages_by_template(context: dict, template: str) -> list:
    """Published pages rendered with ``template``, by their ``order`` and then source path."""
    pages = [p for p in context.get("pages", []) if getattr(p, "template", "") == template]

    def key(page):
        try:
            order = int(str(page.metadata.get("order", 1000)))
        except ValueError:
            order = 1000
        return order, page.relative_source_path

    return sorted(pages, key=key)


def first_by_template(context: dict) -> dict:
    """Template name → the page ``page_for`` returns, computed once per build."""
    templates = {getattr(p, "template", "") for p in context.get("pages", [])}
    return {name: pages_by_template(context, name)[0] for name in templates if name}


@pass_context
def page_for(context, template: str):
    """Template global: the page with that template, or None (see the module docstring)."""
    return context.get("page_for_template", {}).get(template)


def install(generator) -> None:
    """Offer ``page_for()`` to every template."""
    generator.env.globals["page_for"] = page_for


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.generator_init.connect(install)
    signals.all_generators_finalized.connect(build_menus)
