"""German typography for every Markdown text of the site, and German slugs.

At start-up the plugin adds its Markdown extension (quotes, apostrophes, gender
star) and the German heading anchors to ``MARKDOWN``, German line breaking to every
written HTML page (``HTML_PAGE_FILTERS``, see ``html.py``), and makes Pelican slugify
posts, pages, tags and categories with the same transliteration (ä→ae, ß→ss).
``GERMAN_TYPOGRAPHY = False`` leaves Markdown and slugs as Pelican has them.
"""

from __future__ import annotations

from pelican import signals

from plugins.site_settings import Setting, apply
from plugins.site_settings.schema import boolean

from .html import typeset_html
from .slugs import SLUG_SUBSTITUTIONS, toc_slugify

EXTENSION = "plugins.german_typography.markdown_ext"
SCHEMA = (Setting("GERMAN_TYPOGRAPHY", True, boolean, "True oder False"),)


def markdown_settings(markdown: dict) -> dict:
    """``MARKDOWN`` with the German extension and heading anchors added (a new dict)."""
    extensions = list(markdown.get("extensions", []))
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    configs = {name: dict(config) for name, config in markdown.get("extension_configs", {}).items()}
    toc = configs.setdefault("markdown.extensions.toc", {})
    toc.setdefault("slugify", toc_slugify)
    return {**markdown, "extensions": extensions, "extension_configs": configs}


def configure(pelican) -> None:
    """Switch Markdown and slugs to German rules."""
    apply_german_rules(pelican.settings)


def apply_german_rules(settings: dict) -> None:
    """Change ``settings`` in place: German Markdown extension, anchors and slugs."""
    apply(settings, SCHEMA)
    if not settings["GERMAN_TYPOGRAPHY"]:
        return
    settings["MARKDOWN"] = markdown_settings(settings.get("MARKDOWN") or {})
    filters = list(settings.get("HTML_PAGE_FILTERS") or [])
    if typeset_html not in filters:
        settings["HTML_PAGE_FILTERS"] = [*filters, typeset_html]
    settings["SLUGIFY_USE_UNICODE"] = True
    for flavour in ("SLUG", "CATEGORY", "TAG", "AUTHOR"):
        settings[f"{flavour}_REGEX_SUBSTITUTIONS"] = list(SLUG_SUBSTITUTIONS)


def register() -> None:
    signals.initialized.connect(configure)
