"""The texts ``make new`` writes as placeholders, and the check that none is published.

A new post, page or service starts as a draft full of placeholders (``sitekit.scaffold``
writes them from here). When the author deletes ``status: draft`` but leaves one of
them, the build refuses with the file and line instead of publishing "Ein bis zwei Sätze,
worum es geht." as the page's description. Drafts may keep them.
"""

from __future__ import annotations

from plugins.site_settings.paths import display_path

SUMMARY = "Ein bis zwei Sätze, worum es geht."
PAGE_SUMMARY = "Ein Satz für Suchmaschinen."
POST_BODY = "Hier beginnt der Text. Überschriften mit `##`, Listen mit `-`."
PAGE_BODY = "Text der Seite."
PRICE = "ab … € pro Stunde"
AUDIENCE = "Für wen diese Leistung passt."
SERVICE_BODY = "## Was dazugehört\n\n- …\n\n## So läuft es ab\n\n…"

#: What the check looks for, line by line in the source: the fields' placeholders as a
#: field's value, and every placeholder as a whole line (of SERVICE_BODY only the lines
#: that are placeholders themselves; its headings are fine to keep).
FIELD_VALUES = (SUMMARY, PAGE_SUMMARY, PRICE, AUDIENCE)
LINES = (*FIELD_VALUES, POST_BODY, PAGE_BODY, "- …", "…")


def _placeholder(line: str) -> str:
    """The placeholder this source line still holds, or ""."""
    text = line.strip()
    if ":" in text and not text.startswith("- "):  # a field: compare its value
        value = text.split(":", 1)[1].strip().strip("\"'")
        if value in FIELD_VALUES:
            return value
    return text if text in LINES else ""


def check_placeholders(item, lines: list[str], report) -> None:
    """Report every line of a published item that still holds a ``make new`` placeholder."""
    if getattr(item, "status", "published") != "published":
        return
    path = display_path(item.source_path)
    for number, line in enumerate(lines, start=1):
        found = _placeholder(line)
        if found:
            report(
                f"{path}, Zeile {number}: hier steht noch der Platzhalter „{found}“ von "
                "make new – bitte durch eigenen Text ersetzen oder die Zeile löschen "
                "(oder mit status: draft wieder zum Entwurf machen)."
            )
