"""A reproducible German blog corpus for the benchmark.

``write_corpus(folder, n)`` writes ``n`` articles with Pelican's own ``Key: value``
headers, so this kit and plain Pelican read the same files. The text has what real
posts have: umlauts, gender stars, quotes, headings, lists, links, tags, categories
and dates spread over several years. The same ``n`` and seed give the same files.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

CATEGORIES = ["Organisation", "Zusammenarbeit", "Datenschutz", "Werkzeuge", "Kundschaft", "Alltag"]
TAGS = [
    "Delegieren",
    "Termine",
    "E-Mail",
    "Ablage",
    "Buchhaltung",
    "Rechnungen",
    "Datenschutz",
    "Vertraulichkeit",
    "Erreichbarkeit",
    "Kundenservice",
    "Recherche",
    "Präsentationen",
    "Social Media",
    "Newsletter",
    "Planung",
    "Routinen",
    "Checklisten",
    "Werkzeuge",
    "Passwörter",
    "Übergaben",
    "Urlaub",
    "Vertretung",
    "Budget",
    "Stundenkonto",
    "Selbstständigkeit",
    "Praxis",
    "Agentur",
    "Onlineshop",
    "Büroalltag",
    "Qualität",
]
SUBJECTS = [
    "Ablage",
    "Posteingang",
    "Terminkalender",
    "Belegsammlung",
    "Kundenanfrage",
    "Wochenplanung",
    "Übergabe",
    "Rechnungsprüfung",
    "Protokollvorlage",
    "Reiseplanung",
    "Angebotsmappe",
    "Passwortliste",
    "Newsletter-Redaktion",
    "Jahresplanung",
    "Urlaubsvertretung",
]
ADVERBS = [
    "ruhig",
    "klar",
    "gründlich",
    "schnell",
    "verlässlich",
    "übersichtlich",
    "ehrlich",
    "einfach",
    "gut vorbereitet",
    "geprüft",
]
SENTENCES = [
    "Viele Selbstständige schieben diese Aufgabe vor sich her, bis sie dringend wird.",
    "Eine kurze Checkliste spart später Rückfragen und Ärger über Missverständnisse.",
    "Kund*innen merken sofort, ob eine Anfrage nach zwei Stunden oder nach zwei Tagen "
    "beantwortet wird.",
    "Ich frage lieber einmal mehr nach, statt „irgendwie“ zu raten.",
    "Größere Übergaben planen wir gemeinsam, kleine laufen über die vereinbarten Regeln.",
    "Mit festen Zeiten für Rückmeldungen bleibt jede*r Auftraggeber*in entspannt erreichbar.",
    "Vertrauliche Unterlagen bleiben dort, wo sie hingehören: in Ihren Systemen.",
    "Die erste Woche ist oft die aufwendigste; danach greift die Routine.",
    "Ein gutes Briefing beantwortet drei Fragen: Was, bis wann und wofür?",
    "Wer delegiert, gewinnt Zeit – aber nur, wenn die Übergabe sauber ist.",
    "Übermäßig lange E-Mails kürze ich auf das Wesentliche, bevor ich sie weiterleite.",
    "Die Kollegin übernimmt im Urlaub, und Sie merken davon möglichst wenig.",
]


def _title(rng: random.Random, index: int) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(ADVERBS)} organisieren (Teil {index})"


def _paragraph(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(SENTENCES) for _ in range(n))


def _body(rng: random.Random, index: int, total: int) -> str:
    other = (index * 7919) % total
    parts = [
        _paragraph(rng, 4),
        "",
        f"## {rng.choice(SUBJECTS)} im Alltag",
        "",
        _paragraph(rng, 5),
        "",
    ]
    parts += [f"- {rng.choice(SUBJECTS)}: {rng.choice(SENTENCES)}" for _ in range(4)]
    parts += [
        "",
        f"Mehr dazu im [Beitrag Nummer {other}](https://www.beispiel.example/blog/{other}/) "
        "und in den *häufigen Fragen*.",
        "",
        f"### Warum „{rng.choice(ADVERBS)}“ besser ist",
        "",
        _paragraph(rng, 6),
        "",
        f"> {rng.choice(SENTENCES)}",
        "",
        "1. Erst klären, was anfällt.",
        "2. Dann festlegen, wie oft und wie schnell.",
        "3. Zum Schluss: **wer** entscheidet was.",
        "",
        _paragraph(rng, 5),
    ]
    return "\n".join(parts) + "\n"


def article(rng: random.Random, index: int, total: int, start: dt.datetime) -> str:
    """One article as Markdown with Pelican headers."""
    date = start + dt.timedelta(hours=index * 61 % 24, days=index * 2500 // max(total, 1))
    tags = ", ".join(rng.sample(TAGS, rng.randint(1, 4)))
    headers = [
        f"Title: {_title(rng, index)}",
        f"Slug: beitrag-{index:05d}",
        f"Date: {date:%Y-%m-%d %H:%M}",
        f"Category: {rng.choice(CATEGORIES)}",
        f"Tags: {tags}",
        f"Summary: {rng.choice(SENTENCES)}",
    ]
    return "\n".join(headers) + "\n\n" + _body(rng, index, total)


def write_corpus(folder: Path, count: int, seed: int = 2026) -> list[Path]:
    """Write ``count`` articles into ``folder``; return their paths."""
    rng = random.Random(seed)
    start = dt.datetime(2019, 1, 7, 8, 0)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"beitrag-{index:05d}.md"
        path.write_text(article(rng, index, count, start), encoding="utf-8")
        paths.append(path)
    return paths
