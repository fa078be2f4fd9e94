"""``invoke inbox``: the owner's view of stored submissions (list, show, export, delete)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from .config import ReceiverConfig
from .mail import answers_text, owner_notes
from .site import Site, load_site
from .store import Store, Stored


@dataclass
class Inbox:
    store: Store
    site: Site

    @classmethod
    def open(cls, config: ReceiverConfig) -> Inbox:
        return cls(Store(config.db), load_site(config))

    def records(self) -> list[dict]:
        """Every submission as plain data (the JSON export's objects)."""
        return [record(item) for item in self.store.submissions()]

    def listing(self) -> str:
        items = self.store.submissions()
        if not items:
            return "Keine Einsendungen gespeichert."
        lines = [f"{len(items)} Einsendung(en):"]
        for item in items:
            who = item.answers.get("name") or item.answers.get("email") or "–"
            lines.append(f"  {item.reference}  {item.received}  {item.questionnaire}  {who}")
        counts = self.store.outbox_counts()
        lines.append(f"Postausgang: {counts['wartend']} wartend, {counts['gesendet']} gesendet.")
        spam = self.store.spam_counts()
        if spam:
            lines.append("Abgewiesen: " + ", ".join(f"{k} {v}" for k, v in sorted(spam.items())))
        return "\n".join(lines)

    def show(self, reference: str) -> str | None:
        item = self.store.submission(reference)
        if item is None:
            return None
        form = self.site.forms.get(item.questionnaire)
        if form is None:  # a questionnaire the site no longer publishes: the raw answers
            body = json.dumps(item.answers, ensure_ascii=False, indent=2)
        else:
            notes = owner_notes(form.questionnaire, item.answers, self.site)
            body = "\n".join([*notes, answers_text(form.questionnaire, item, self.site)])
        return f"{item.reference} · {item.questionnaire} · {item.received}\n\n{body}"

    def export(self, kind: str) -> str:
        records = self.records()
        if kind == "json":
            return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        return to_csv(records)


def record(item: Stored) -> dict:
    return {
        "id": item.reference,
        "questionnaire": item.questionnaire,
        "received": item.received,
        "answers": item.answers,
        "recommended": item.recommended,
    }


def to_csv(records: list[dict]) -> str:
    """One row per submission, one column per answer (lists joined with "; ")."""
    fields: list[str] = []
    for item in records:
        fields += [name for name in item["answers"] if name not in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "questionnaire", "received", *fields, "recommended"])
    for item in records:
        answers = item["answers"]
        row = [_cell(answers.get(name, "")) for name in fields]
        writer.writerow(
            [
                item["id"],
                item["questionnaire"],
                item["received"],
                *row,
                "; ".join(item["recommended"]),
            ]
        )
    return buffer.getvalue()


def _cell(value) -> str:
    text = "; ".join(value) if isinstance(value, list) else str(value)
    # A spreadsheet must never run a formula a visitor typed (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
