"""Create a new content file (post, page, service) or FAQ question from a title.

Used by ``invoke new`` (``make new``); slugs come from the same German transliteration
as the site (ä→ae, ß→ss), so the file name matches the page's address. Everything it
writes starts as a draft: posts, pages and services with ``status: draft``, an FAQ
question with ``.entwurf`` in its heading (see plugins/site_sections/faq.py), so a
placeholder text is never published.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from plugins.content_checks import placeholders
from plugins.german_typography import german_slugify
from plugins.site_sections.faq import DRAFT_CLASS, PLACEHOLDER_ANSWER

from .project import shown

KINDS = ("post", "page", "service", "faq")

_PUBLISH_LATER = "Zum Veröffentlichen die Zeile „status: draft“ löschen."
#: What to do next; ``invoke new`` prints it after the file's name.
NEXT_STEP = {
    "post": f"Ein Entwurf, nur in der Vorschau zu sehen. {_PUBLISH_LATER}",
    "page": f"Ein Entwurf, nur in der Vorschau zu sehen. {_PUBLISH_LATER}",
    "service": f"Ein Entwurf: Preis, Zielgruppe und Text ausfüllen. {_PUBLISH_LATER}",
    "faq": (
        "Eine Frage als Entwurf, am Ende der Datei und der FAQ-Seite in der Vorschau: Antwort "
        "schreiben, die Frage unter die passende Gruppe (##) schieben, dann „.entwurf“ aus "
        "der Überschrift löschen."
    ),
}


def check_title(title: str) -> str:
    """The title with its spaces tidied; a German ValueError for what cannot be a title."""
    title = " ".join((title or "").split())
    if not title:
        raise ValueError(
            'Bitte einen Titel angeben, z. B.: make new KIND=post TITLE="Mein erster Beitrag"'
        )
    if title.startswith("-"):
        raise ValueError(
            f"„{title}“ ist kein Titel, sondern sieht aus wie eine Option. "
            "Hilfe zeigt: make new ARGS=--help"
        )
    if not german_slugify(title):
        raise ValueError(f"Der Titel „{title}“ enthält keine Buchstaben oder Ziffern.")
    return title


#: The setting with the draft's address, per kind (an FAQ draft is on the FAQ page).
_DRAFT_URL = {"post": "DRAFT_URL", "page": "DRAFT_PAGE_URL", "service": "DRAFT_PAGE_URL"}


def draft_address(kind: str, title: str, settings: dict) -> str:
    """Where the local preview shows the new draft (relative), or "" when not known."""
    try:
        return settings[_DRAFT_URL[kind]].format(slug=german_slugify(check_title(title)))
    except (KeyError, IndexError, ValueError):  # an FAQ question, or a pattern with more fields
        return ""


_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.*?)\s*(?:\{(?P<attrs>[^}]*)\})?\s*$", re.MULTILINE)


def _anchors(markdown: str) -> set[str]:
    """The heading anchors of a Markdown text: ``{#anker}`` or the one made from the text."""
    anchors = set()
    for match in _HEADING.finditer(markdown):
        ids = [a[1:] for a in (match["attrs"] or "").split() if a.startswith("#")]
        anchors.add(ids[-1] if ids else german_slugify(match["text"]))
    return anchors


def _front_matter(fields: dict) -> str:
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{text}---\n"


def _new_file(path: Path, text: str) -> Path:
    if path.exists():
        raise FileExistsError(f"{shown(path)} gibt es schon; bitte einen anderen Titel wählen.")
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
    if kind not in KINDS:
        raise ValueError(f"Unbekannte Art „{kind}“; erlaubt sind: {', '.join(KINDS)}.")
    title = check_title(title)
    slug = german_slugify(title)
    now = (now or dt.datetime.now(ZoneInfo(timezone))).replace(microsecond=0)
    if kind == "post":
        fields = {
            "title": title,
            "slug": slug,
            "date": now.isoformat(sep=" "),
            "category": "Allgemein",
            "tags": [],
            "summary": placeholders.SUMMARY,
            "status": "draft",
        }
        body = placeholders.POST_BODY + "\n"
        return _new_file(content / "blog" / f"{slug}.md", _front_matter(fields) + "\n" + body)
    if kind == "page":
        fields = {
            "title": title,
            "slug": slug,
            "summary": placeholders.PAGE_SUMMARY,
            "status": "draft",
        }
        body = placeholders.PAGE_BODY + "\n"
        return _new_file(content / "pages" / f"{slug}.md", _front_matter(fields) + "\n" + body)
    if kind == "service":
        fields = {
            "title": title,
            "slug": slug,
            "summary": placeholders.SUMMARY,
            "icon": "aufgaben",
            "order": 99,
            "price": placeholders.PRICE,
            "audience": placeholders.AUDIENCE,
            "tags": [],
            "status": "draft",
        }
        body = placeholders.SERVICE_BODY + "\n"
        return _new_file(content / "services" / f"{slug}.md", _front_matter(fields) + "\n" + body)
    # kind == "faq": a draft question at the end of the FAQ, published once answered
    faq = content / "faq" / "faq.md"
    if not faq.is_file():
        raise FileNotFoundError(f"{shown(faq)} gibt es nicht; dort stehen die Fragen der FAQ.")
    text = faq.read_text(encoding="utf-8")
    if slug in _anchors(text):
        raise FileExistsError(f"{shown(faq)}: Eine Frage mit dem Anker #{slug} gibt es schon.")
    question = title if title.endswith("?") else f"{title.rstrip(' .:;!')}?"
    heading = f"### {question} {{#{slug} .{DRAFT_CLASS}}}"
    faq.write_text(text.rstrip("\n") + f"\n\n{heading}\n\n{PLACEHOLDER_ANSWER}\n", encoding="utf-8")
    return faq
