"""Site-wide settings: the owner block, the site's address and the values derived from them.

Checks ``SITENAME``, ``SITEURL``, ``OWNER`` and friends once at start-up and derives
``SITEPATH`` (the path part of ``SITEURL``, for root-relative links),
``ABSOLUTE_SITEURL`` (``SITEURL``, or ``PREVIEW_SITEURL`` in the local preview, for
feeds and the sitemap) and ``OWNER['phone_uri']``. Derived values are computed here,
after every override (``-e SITEURL=…``), so they can never go stale.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from pelican import signals

from .schema import Setting, apply, boolean, integer, record, text

EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
PHONE = r"\+[0-9][0-9 ()/-]{5,}"
OWNER_FIELDS = {
    "placeholder": boolean,
    "name": text(required=True),
    "business": text(required=True),
    "street": text(),
    "postcode": text(),
    "city": text(),
    "country": text(),
    "email": text(required=True, pattern=EMAIL, allowed="eine E-Mail-Adresse wie name@firma.de"),
    "phone": text(pattern=PHONE, allowed="international mit +49, z. B. +49 30 1234567"),
    "phone_display": text(),
    "vat_id": text(),
    "hours": text(),
    "response_time": text(),
    "job_title": text(),
}
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
        record(OWNER_FIELDS, required=("name", "business", "email")),
        "die Angaben zur Inhaberin (name, business, email, …)",
    ),
    Setting("PUBLISH", False, boolean, "True oder False"),
    Setting(
        "BUILD_WORKERS",
        0,
        integer(minimum=0, maximum=64),
        "die Zahl der Prozesse beim Bauen (0: einer je Prozessorkern)",
    ),
    Setting("LIVERELOAD", False, boolean, "True oder False"),
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


def phone_uri(phone: str) -> str:
    """``+49 30 1234567`` → ``tel:+49301234567`` (RFC 3966: digits only after the plus)."""
    digits = "".join(char for char in phone if char.isdigit())
    return f"tel:+{digits}" if digits else ""


def check_settings(pelican) -> None:
    """Validate the site-wide settings and derive SITEPATH and the phone link."""
    settings = pelican.settings
    if isinstance(settings.get("SITEURL"), str):
        settings["SITEURL"] = settings["SITEURL"].rstrip("/")
    apply(settings, SCHEMA)
    settings["SITEPATH"] = sitepath(settings)
    settings["ABSOLUTE_SITEURL"] = absolute_siteurl(settings)
    owner = dict(settings["OWNER"])
    owner.setdefault("placeholder", False)
    owner["phone_uri"] = phone_uri(owner.get("phone", ""))
    settings["OWNER"] = owner


def owner_placeholders(settings: dict) -> list[str]:
    """Why the owner data still looks like the demo's (empty list: it looks real)."""
    reasons = []
    owner = settings.get("OWNER", {})
    if owner.get("placeholder"):
        reasons.append("OWNER['placeholder'] ist True")
    invented = [key for key, value in owner.items() if ".example" in str(value)]
    if invented:
        reasons.append(f"Adressen unter .example in OWNER: {', '.join(invented)}")
    if ".example" in settings.get("SITEURL", ""):
        reasons.append(f"SITEURL {settings['SITEURL']} liegt unter .example")
    return reasons


def register() -> None:
    signals.initialized.connect(check_settings)
