"""Create a new content file (post, page, service) or FAQ question from a title.

Used by ``invoke new``; slugs come from the same German transliteration as the
site (ä→ae, ß→ss), so the file name matches the page's address.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from plugins.german_typography import german_slugify

KINDS = ("post", "page", "service", "faq")


def _front_matter(fields: dict) -> str:
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n"


def _new_file(path: Path, text: str) -> Path:
    if path.exists():
        raise FileExistsError(f"{path} gibt es schon; bitte einen anderen Titel wählen.")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def scaffold(
    kind: str,
    title: str,
    content: Path,
    timezone: str = "Europe/Berlin",
    now: dt.datetime | None = None,
) -> Path:
    """Write the skeleton for ``kind`` and return the file that was written or changed."""
    title = title.strip()
    slug = german_slugify(title)
    if not title or not slug:
        raise ValueError("Der Titel ist leer oder enthält keine Buchstaben.")
    now = (now or dt.datetime.now(ZoneInfo(timezone))).replace(microsecond=0)
    if kind == "post":
        fields = {
            "title": title,
            "slug": slug,
            "date": now.isoformat(sep=" "),
            "category": "Allgemein",
            "tags": [],
            "summary": "Ein bis zwei Sätze, worum es geht.",
            "status": "draft",
        }
        body = "Hier beginnt der Text. Überschriften mit `##`, Listen mit `-`.\n"
        return _new_file(content / "blog" / f"{slug}.md", _front_matter(fields) + "\n" + body)
    if kind == "page":
        fields = {
            "title": title,
            "slug": slug,
            "summary": "Ein Satz für Suchmaschinen.",
            "status": "draft",
        }
        return _new_file(
            content / "pages" / f"{slug}.md", _front_matter(fields) + "\nText der Seite.\n"
        )
    if kind == "service":
        fields = {
            "title": title,
            "slug": slug,
            "summary": "Ein bis zwei Sätze, worum es geht.",
            "order": 99,
            "price": "ab … € pro Stunde (netto)",
            "audience": "Für wen diese Leistung passt.",
            "tags": [],
            "status": "draft",
        }
        body = "## Was dazugehört\n\n- …\n\n## So läuft es ab\n\n…\n"
        return _new_file(content / "services" / f"{slug}.md", _front_matter(fields) + "\n" + body)
    if kind == "faq":
        faq = content / "faq" / "faq.md"
        text = faq.read_text(encoding="utf-8")
        if f"{{#{slug}}}" in text:
            raise FileExistsError(f"{faq}: Eine Frage mit dem Anker #{slug} gibt es schon.")
        question = title if title.endswith("?") else f"{title}?"
        faq.write_text(
            text.rstrip("\n") + f"\n\n### {question} {{#{slug}}}\n\nHier steht die Antwort.\n",
            encoding="utf-8",
        )
        return faq
    raise ValueError(f"Unbekannte Art '{kind}'; erlaubt sind: {', '.join(KINDS)}.")
