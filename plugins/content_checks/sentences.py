"""Sentences said in two places, written once.

content_checks reports these problems itself; Pelican reports some of the same ones
first, in English, and ``sitekit/pelican_german.py`` turns those into German with the
functions here, so an author reads the same sentence whichever noticed it. Each returns
the sentence without the file it is about; the caller puts ``content/x.md: `` in front.
"""

from __future__ import annotations

#: How a sentence names the value of a field that becomes a list page (tag, category, author).
WRAPPER_LABELS = {"tags": "dem Schlagwort", "category": "der Kategorie", "author": "dem Namen"}


def unknown_marker(written: str, marker: str) -> str:
    """A link ``written`` with ``{marker}``, which Pelican does not know (``{statik}``)."""
    return (
        f"Verweis '{written}': {{{marker}}} gibt es nicht – bitte {{static}} (Bilder, "
        "Dateien) oder {filename} (Seiten, Beiträge) schreiben."
    )


def no_address_from_name(field: str, name: str) -> str:
    """A tag, category or author ``name`` from which no slug can be made."""
    label = WRAPPER_LABELS.get(field, "dem Namen")
    return (
        f"aus {label} '{name}' entsteht keine Adresse (keine Buchstaben oder Ziffern) – "
        "bitte ein Wort mit Buchstaben oder Ziffern verwenden."
    )


def no_address_from_title(title: str, example: str) -> str:
    """A title from which no slug can be made; ``example`` is the slug to suggest."""
    return (
        f"Feld 'title': aus „{title}“ entsteht keine Adresse (keine Buchstaben oder Ziffern) "
        f"– bitte einen slug eintragen, z. B. slug: {example}."
    )
