"""A held-out owner: not the demo's. Another city and state, a Kleinunternehmerin, another
colour, her own portrait (tests/plugins/site_settings/test_owner.py builds her site)."""

from __future__ import annotations

from pathlib import Path

import yaml

HELD_OUT = {
    "name": "Mara Feldmann",
    "firma": "Feldmann Office",
    "taetigkeit": "Virtuelle Assistentin",
    "strasse": "Lindenauer Markt 7",
    "plz": "04177",
    "ort": "Leipzig",
    "bundesland": "Sachsen",
    "telefon": "0341 9876543",
    "email": "kontakt@feldmann-office.de",
    "website": "https://www.feldmann-office.de",
    "kleinunternehmer": True,
    "zeiten": "Dienstag bis Freitag, 8 bis 13 Uhr",
    "antwortzeit": "innerhalb von zwei Werktagen",
    "farbe": "#8a3b12",
    "portraet": "images/mara.jpg",
    "portraet_alt": "Mara Feldmann am Schreibtisch, lächelnd",
    "hosting": {"name": "Hostkraft GmbH", "anschrift": "Hafenstraße 3, 20457 Hamburg"},
    "mailversand": {"name": "Postwerk AG", "anschrift": "Am Kanal 9, 10999 Berlin"},
}


def write_owner(folder: Path, **changes) -> Path:
    """``folder``/owner.yml with the held-out owner's facts (``changes`` replace some)."""
    data = {**HELD_OUT, **changes}
    path = folder / "owner.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
