"""The 16 German states and the data-protection authority for private businesses in each.

The privacy page names the authority that supervises the owner's business, which follows
from the state of her seat (``bundesland`` in owner.yml). Names are the offices' own,
without the holder's name or gender, so they stay true when the holder changes.
"""

from __future__ import annotations

from typing import NamedTuple


class Authority(NamedTuple):
    name: str
    seat: str  # the city, for the privacy text


AUTHORITIES: dict[str, Authority] = {
    "Baden-Württemberg": Authority(
        "Landesbeauftragte/r für den Datenschutz und die Informationsfreiheit Baden-Württemberg",
        "Stuttgart",
    ),
    "Bayern": Authority("Bayerisches Landesamt für Datenschutzaufsicht (BayLDA)", "Ansbach"),
    "Berlin": Authority(
        "Berliner Beauftragte/r für Datenschutz und Informationsfreiheit", "Berlin"
    ),
    "Brandenburg": Authority(
        "Landesbeauftragte/r für den Datenschutz und für das Recht auf Akteneinsicht Brandenburg",
        "Kleinmachnow",
    ),
    "Bremen": Authority(
        "Landesbeauftragte/r für Datenschutz und Informationsfreiheit der Freien Hansestadt Bremen",
        "Bremen",
    ),
    "Hamburg": Authority(
        "Hamburgische/r Beauftragte/r für Datenschutz und Informationsfreiheit", "Hamburg"
    ),
    "Hessen": Authority(
        "Hessische/r Beauftragte/r für Datenschutz und Informationsfreiheit", "Wiesbaden"
    ),
    "Mecklenburg-Vorpommern": Authority(
        "Landesbeauftragte/r für Datenschutz und Informationsfreiheit Mecklenburg-Vorpommern",
        "Schwerin",
    ),
    "Niedersachsen": Authority("Landesbeauftragte/r für den Datenschutz Niedersachsen", "Hannover"),
    "Nordrhein-Westfalen": Authority(
        "Landesbeauftragte/r für Datenschutz und Informationsfreiheit Nordrhein-Westfalen",
        "Düsseldorf",
    ),
    "Rheinland-Pfalz": Authority(
        "Landesbeauftragte/r für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz",
        "Mainz",
    ),
    "Saarland": Authority("Unabhängiges Datenschutzzentrum Saarland", "Saarbrücken"),
    "Sachsen": Authority("Sächsische/r Datenschutz- und Transparenzbeauftragte/r", "Dresden"),
    "Sachsen-Anhalt": Authority(
        "Landesbeauftragte/r für den Datenschutz Sachsen-Anhalt", "Magdeburg"
    ),
    "Schleswig-Holstein": Authority(
        "Unabhängiges Landeszentrum für Datenschutz Schleswig-Holstein (ULD)", "Kiel"
    ),
    "Thüringen": Authority(
        "Thüringer Landesbeauftragte/r für den Datenschutz und die Informationsfreiheit",
        "Erfurt",
    ),
}
STATES = tuple(AUTHORITIES)
