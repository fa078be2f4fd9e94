"""``invoke inbox``: the owner's view of stored submissions (list, show, export, delete,
send again).

What a visitor typed reaches the owner's terminal only through ``for_terminal``: an
escape sequence is shown as ``\x1b``, never obeyed. The CSV export quotes every cell
and puts a ``'`` before anything a spreadsheet could read as a formula or a link: at
the start of a cell and after every character a spreadsheet may take as a separator
(comma, semicolon, tab, line break), whichever separator it chooses on opening.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from dataclasses import dataclass

from .config import ReceiverConfig
from .mail import answers_text, owner_notes
from .site import Site, load_site
from .store import UNCLEAR, UNDELIVERABLE, Store, Stored
from .text import for_terminal


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
            form = self.site.forms.get(item.questionnaire)
            name, address = form.questionnaire.contact_of(item.answers) if form else ("", "")
            who = for_terminal(name or address or "–")
            lines.append(
                f"  {item.reference}  {item.received}  {for_terminal(item.questionnaire)}  {who}"
            )
        counts = self.store.outbox_counts()
        lines.append(f"Postausgang: {counts['wartend']} wartend, {counts['gesendet']} gesendet.")
        for problem in self.store.problems():
            state = (
                "vielleicht angekommen, nicht erneut gesendet"
                if problem.problem == UNCLEAR
                else UNDELIVERABLE
            )
            why = for_terminal(problem.error)
            lines.append(
                f"  Benachrichtigung zu {problem.reference}: {state} ({why})"
                f" – invoke inbox --retry {problem.reference} sendet sie noch einmal."
            )
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
        head = f"{item.reference} · {item.questionnaire} · {item.received}"
        return for_terminal(f"{head}\n\n{body}", keep_newlines=True)

    def retry(self, reference: str) -> str:
        """Queue a set-aside notification again; the running receiver sends it."""
        count = self.store.retry(reference, time.time())
        if count:
            return f"{reference}: Benachrichtigung wartet wieder im Postausgang."
        return f"{reference}: Keine beiseitegelegte Benachrichtigung zu dieser Einsendung."

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
    """One row per submission, one column per answer (lists joined with "; "); every cell
    quoted and defused (see the module)."""
    fields: list[str] = []
    for item in records:
        fields += [name for name in item["answers"] if name not in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(
        [_cell(name) for name in ["id", "questionnaire", "received", *fields, "recommended"]]
    )
    for item in records:
        answers = item["answers"]
        row = [item["id"], item["questionnaire"], item["received"]]
        row += [answers.get(name, "") for name in fields]
        row.append(item["recommended"])
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


#: A character a spreadsheet reads as the start of a formula (or a link, or DDE), at the
#: start of a cell or after anything it may take as a separator; spaces before it count.
_LIVE = re.compile(r"(^|[,;\t\r\n])([ \u00a0]*)(?=[=+\-@\t\r|])")


def _cell(value) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, list) else str(value)
    return _LIVE.sub(lambda m: f"{m.group(1)}{m.group(2)}'", text)
