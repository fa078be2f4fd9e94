"""Site-wide settings: the site's address and the values derived from it.

The owner's facts come from owner.yml (``owner.py``, read by pelicanconf.py). This plugin
checks ``SITENAME``, ``SITEURL`` and friends once at start-up and derives ``SITEPATH``
(the path part of ``SITEURL``, for root-relative links) and ``ABSOLUTE_SITEURL``
(``SITEURL``, or ``PREVIEW_SITEURL`` in the local preview, for feeds and the sitemap).
Derived values are computed here, after every override (``-e SITEURL=…``), so they can
never go stale.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

from pelican import signals

from .facts import EXTENSION as FACTS_EXTENSION
from .facts import fact_values
from .owner import empty_field_lines, empty_fields_note
from .paths import display_path
from .schema import Setting, SettingsError, apply, boolean, integer, mapping, text

logger = logging.getLogger(__name__)

SCHEMA = (
    Setting("SITENAME", "", text(required=True), "den Namen der Website"),
    Setting("SITESUBTITLE", "", text(), "einen Untertitel (Text)"),
    Setting("AUTHOR", "", text(required=True), "den Namen der Autorin"),
    Setting(
        "SITEURL",
        "",
        text(pattern=r"https?://[A-Za-z0-9.-]+(:\d+)?(/[^\s;,'\"]*)?", allowed="ohne / am Ende"),
        'die Adresse der Website wie "https://www.beispiel.de" (lokal: "")',
    ),
    Setting(
        "PREVIEW_SITEURL",
        "http://127.0.0.1:8000",
        text(required=True, pattern=r"http://(127\.0\.0\.1|localhost)(:\d+)?", allowed="lokal"),
        'die Adresse der lokalen Vorschau wie "http://127.0.0.1:8000"',
    ),
    Setting(
        "OWNER",
        {},
        mapping(lambda value: ""),
        "die Angaben aus owner.yml (pelicanconf.py liest sie mit owner_settings())",
    ),
    Setting("PUBLISH", False, boolean, "True oder False"),
    Setting(
        "BUILD_WORKERS",
        0,
        integer(minimum=0, maximum=64),
        "die Zahl der Prozesse beim Bauen (0: einer je Prozessorkern)",
    ),
    Setting("LIVERELOAD", False, boolean, "True oder False"),
    Setting(
        "ARCHIVE_LIST_MAX",
        300,
        integer(minimum=1),
        "die Zahl der Beiträge, bis zu der das Archiv alle auflistet (darüber: je Jahr ein "
        "Eintrag mit Link auf seine Jahresseite)",
    ),
)


def sitepath(settings: dict) -> str:
    """The path part of SITEURL ("" at a domain's root, "/repo" below it)."""
    return urlsplit(str(settings.get("SITEURL") or "")).path.rstrip("/")


def absolute_siteurl(settings: dict) -> str:
    """SITEURL, or the preview's address while SITEURL is empty (feeds, sitemap)."""
    url = str(settings.get("SITEURL") or settings.get("PREVIEW_SITEURL") or "")
    return url.rstrip("/") or "http://127.0.0.1:8000"


def build_workers(settings: dict) -> int:
    """How many processes read and render in parallel (BUILD_WORKERS, 0: one per core)."""
    wanted = settings.get("BUILD_WORKERS") or 0
    return wanted if wanted > 0 else min(os.cpu_count() or 1, 4)


def check_settings(pelican) -> None:
    """Validate the site-wide settings and derive SITEPATH."""
    settings = pelican.settings
    if isinstance(settings.get("SITEURL"), str):
        settings["SITEURL"] = settings["SITEURL"].rstrip("/")
    apply(settings, SCHEMA)
    settings["SITEPATH"] = sitepath(settings)
    settings["ABSOLUTE_SITEURL"] = absolute_siteurl(settings)
    settings["MARKDOWN"] = with_facts(settings.get("MARKDOWN") or {}, settings["OWNER"])
    check_empty_fields(settings)


def check_empty_fields(settings: dict) -> None:
    """Her facts still empty in owner.yml: a production build refuses (naming the first),
    the preview warns once and leaves them out."""
    owner = settings["OWNER"]
    name = display_path(str(settings.get("OWNER_FILE") or "owner.yml"))
    if settings["PUBLISH"]:
        empty = empty_field_lines(owner, name)
        if empty:
            raise SettingsError(empty[0])
    elif note := empty_fields_note(owner, name):
        logger.warning("%s", note)


def with_facts(markdown: dict, owner: dict) -> dict:
    """``MARKDOWN`` with the owner-facts extension added (a new dict), so ``{{ zeiten }}``
    works in every Markdown text and the read cache changes when a fact does."""
    extensions = [ext for ext in markdown.get("extensions", []) if ext != FACTS_EXTENSION]
    configs = dict(markdown.get("extension_configs", {}))
    configs[FACTS_EXTENSION] = {"facts": fact_values(owner)}
    return {**markdown, "extensions": [*extensions, FACTS_EXTENSION], "extension_configs": configs}


def register() -> None:
    signals.initialized.connect(check_settings)
