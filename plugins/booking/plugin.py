"""An optional booking tool for the free first call, privacy-friendly by default.

With ``BOOKING_URL`` empty nothing changes. When it is set, the home and contact pages
link to it and the privacy page names ``BOOKING_PROVIDER``. With ``BOOKING_EMBED`` the
contact page can show the calendar inside the page, but only after the visitor clicks
(before that, the browser contacts nobody); only then, and only on the contact page,
does the Content-Security-Policy allow the tool's address as a frame.
"""

from __future__ import annotations

from pelican import signals

from plugins.security.csp import origin_of
from plugins.site_settings import Setting, SettingsError, apply
from plugins.site_settings.schema import boolean, text

SCHEMA = (
    Setting(
        "BOOKING_URL",
        "",
        text(
            pattern=r"(https://[A-Za-z0-9.-]+|http://(127\.0\.0\.1|localhost))(:\d+)?"
            r"(/[^\s;,'\"<>]*)?",
            allowed="nur https:// (http:// nur für 127.0.0.1 oder localhost)",
        ),
        'die Adresse Ihrer Terminbuchung wie "https://termine.beispiel.de/erstgespraech" '
        "(leer: keine)",
    ),
    Setting("BOOKING_PROVIDER", "", text(), "den Anbieter mit Sitz, z. B. „Beispiel GmbH, Köln“"),
    Setting("BOOKING_EMBED", False, boolean, "True oder False"),
)


def check_settings(pelican) -> None:
    """Fill in defaults; a booking address needs the provider's name for the privacy text."""
    settings = pelican.settings
    apply(settings, SCHEMA)
    if settings["BOOKING_URL"] and not settings["BOOKING_PROVIDER"].strip():
        raise SettingsError(
            "owner.yml: buchung: anbieter: fehlt – wer den Buchungsdienst betreibt, muss in der "
            "Datenschutzerklärung stehen; bitte den Anbieter mit Sitz eintragen."
        )


def allow_frame(generator) -> None:
    """The contact page may frame the booking tool (only there, only when embedding)."""
    settings = generator.settings
    if not (settings.get("BOOKING_URL") and settings.get("BOOKING_EMBED")):
        return
    for page in generator.pages + generator.hidden_pages + generator.draft_pages:
        if getattr(page, "template", "") == "contact":
            own = dict(getattr(page, "csp_page_sources", None) or {})
            own["frame-src"] = [*own.get("frame-src", []), origin_of(settings["BOOKING_URL"])]
            page.csp_page_sources = own


def register() -> None:
    signals.initialized.connect(check_settings)
    signals.page_generator_finalized.connect(allow_frame)
