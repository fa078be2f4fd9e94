"""The questionnaire definition: parsed once from front matter, checked with precise errors.

A definition is plain data (YAML) written by an author. ``parse_questionnaire``
turns it into typed objects or raises ``DefinitionError`` listing every problem as
``<file>: Frage '<id>': <what is wrong>``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from german_typography import german_slugify

TYPES = {
    "text": "kurzer Text",
    "textarea": "langer Text",
    "email": "E-Mail-Adresse",
    "tel": "Telefonnummer",
    "number": "Zahl",
    "date": "Datum",
    "single": "Einfachauswahl",
    "multiple": "Mehrfachauswahl",
    "scale": "Skala",
    "yesno": "Ja/Nein",
}
CHOICE_TYPES = {"single", "multiple"}
ID_RE = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
OTHER_VALUE = "sonstiges"
YES_NO = (("ja", "Ja"), ("nein", "Nein"))


class DefinitionError(ValueError):
    """Every problem found in one definition, one per line."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Option:
    value: str
    label: str
    recommends: list[str] = field(default_factory=list)


@dataclass
class Condition:
    question: str
    operator: str  # "equals" or "includes"
    values: list[str]

    def as_data(self) -> dict[str, Any]:
        return {"question": self.question, "op": self.operator, "values": self.values}

    def describe(self, questions: dict[str, Question]) -> str:
        """German sentence for readers without JavaScript (and for print)."""
        source = questions[self.question]
        labels = [source.option_label(v) for v in self.values]
        verb = "angekreuzt haben" if self.operator == "includes" else "gewählt haben"
        return f"Nur ausfüllen, wenn Sie bei „{source.label}“ {' oder '.join(labels)} {verb}."


@dataclass
class Question:
    id: str
    type: str
    label: str
    help: str = ""
    required: bool = False
    show_if: Condition | None = None
    options: list[Option] = field(default_factory=list)
    widget: str = "radio"
    other: bool = False
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    unit: str = ""
    min_label: str = ""
    max_label: str = ""
    maxlength: int | None = None
    autocomplete: str = ""
    section: str = ""

    @property
    def has_options(self) -> bool:
        return self.type in CHOICE_TYPES | {"scale", "yesno"}

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    def option_label(self, value: str) -> str:
        for option in self.options:
            if option.value == value:
                return f"„{option.label}“"
        return f"„{value}“"


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""
    show_if: Condition | None = None
    questions: list[Question] = field(default_factory=list)


@dataclass
class Recipient:
    email: str
    endpoint: str = ""
    subject: str = ""


@dataclass
class Questionnaire:
    slug: str
    title: str
    recipient: Recipient
    sections: list[Section]
    success_title: str = "Vielen Dank!"
    success_text: str = ""

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question_map(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}


class _Checker:
    """Collects problems while reading so an author sees all of them at once."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{self.source}: {where}: {message}")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(check: _Checker, where: str, data: dict, key: str) -> float | None:
    if key not in data or data[key] is None:
        return None
    value = data[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        check.fail(where, f"'{key}' muss eine Zahl sein, nicht {value!r}.")
        return None
    return value


def _options(check: _Checker, where: str, raw: Any) -> list[Option]:
    options: list[Option] = []
    for index, item in enumerate(_as_list(raw), start=1):
        if isinstance(item, dict):
            label = _text(item.get("label"))
            value = _text(item.get("value")) or german_slugify(label)
            recommends = [_text(s) for s in _as_list(item.get("recommends"))]
        else:
            label = _text(item)
            value = german_slugify(label)
            recommends = []
        if not label:
            check.fail(where, f"Antwortmöglichkeit {index} hat keinen Text ('label').")
            continue
        if value in {o.value for o in options}:
            check.fail(where, f"Antwortmöglichkeit '{value}' gibt es zweimal.")
            continue
        options.append(Option(value, label, recommends))
    return options


def _condition(check: _Checker, where: str, raw: Any) -> Condition | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or not _text(raw.get("question")):
        check.fail(where, "'show_if' braucht 'question' und 'equals' oder 'includes'.")
        return None
    operators = [op for op in ("equals", "includes") if op in raw]
    if len(operators) != 1:
        check.fail(where, "'show_if' braucht genau eins von 'equals' oder 'includes'.")
        return None
    values = [_text(v) for v in _as_list(raw[operators[0]])]
    if not values or not all(values):
        check.fail(where, f"'show_if': '{operators[0]}' nennt keinen Wert.")
        return None
    return Condition(_text(raw["question"]), operators[0], values)


def _question(check: _Checker, raw: Any, section: str, seen: set[str]) -> Question | None:
    if not isinstance(raw, dict):
        check.fail(f"Abschnitt '{section}'", "Jede Frage muss aus Feldern wie 'id:' bestehen.")
        return None
    qid = _text(raw.get("id"))
    where = f"Frage '{qid}'" if qid else f"Abschnitt '{section}'"
    if not ID_RE.match(qid):
        check.fail(where, f"'id' fehlt oder ist ungültig ({qid!r}); erlaubt: a–z, 0–9, - und _.")
        return None
    if qid in seen:
        check.fail(where, "Diese id gibt es zweimal; jede Frage braucht eine eigene.")
        return None
    seen.add(qid)
    qtype = _text(raw.get("type"))
    if qtype not in TYPES:
        allowed = ", ".join(TYPES)
        check.fail(where, f"Unbekannter Typ {qtype!r}; erlaubt sind: {allowed}.")
        return None
    label = _text(raw.get("label"))
    if not label:
        check.fail(where, "'label' (der Fragetext) fehlt.")
    question = Question(
        id=qid,
        type=qtype,
        label=label,
        help=_text(raw.get("help")),
        required=bool(raw.get("required", False)),
        show_if=_condition(check, where, raw.get("show_if")),
        widget=_text(raw.get("widget")) or "radio",
        other=bool(raw.get("other", False)),
        unit=_text(raw.get("unit")),
        autocomplete=_text(raw.get("autocomplete")),
        section=section,
    )
    if qtype in CHOICE_TYPES:
        question.options = _options(check, where, raw.get("options"))
        if not question.options:
            check.fail(where, "Eine Auswahlfrage braucht Antwortmöglichkeiten ('options').")
        if question.widget not in ("radio", "select"):
            check.fail(
                where, f"'widget' muss 'radio' oder 'select' sein, nicht {question.widget!r}."
            )
        if qtype == "multiple" and question.widget == "select":
            check.fail(where, "Mehrfachauswahl gibt es nur als Kästchen, nicht als 'select'.")
        if question.other and question.widget == "select":
            check.fail(where, "'other' (Sonstiges) geht nur mit 'widget: radio'.")
        if question.other:
            question.options.append(Option(OTHER_VALUE, "Sonstiges"))
    elif qtype == "yesno":
        question.options = [Option(v, label) for v, label in YES_NO]
    elif qtype == "scale":
        low, high = _number(check, where, raw, "min"), _number(check, where, raw, "max")
        low, high = int(low if low is not None else 1), int(high if high is not None else 5)
        if not 0 <= low < high <= low + 10:
            check.fail(
                where,
                f"Die Skala muss von 'min' bis 'max' reichen (2–11 Stufen), nicht {low}–{high}.",
            )
        labels = raw.get("labels") or {}
        question.min_label, question.max_label = _text(labels.get("min")), _text(labels.get("max"))
        question.minimum, question.maximum = low, high
        question.options = [Option(str(n), str(n)) for n in range(low, high + 1)]
    elif qtype == "number":
        question.minimum = _number(check, where, raw, "min")
        question.maximum = _number(check, where, raw, "max")
        question.step = _number(check, where, raw, "step")
        if question.step is not None and question.step <= 0:
            check.fail(where, "'step' muss größer als 0 sein.")
        if None not in (question.minimum, question.maximum) and question.minimum > question.maximum:
            check.fail(where, "'min' ist größer als 'max'.")
    if qtype in ("text", "textarea"):
        length = _number(check, where, raw, "maxlength")
        question.maxlength = int(length) if length else (200 if qtype == "text" else 4000)
    if qtype not in CHOICE_TYPES and raw.get("options") is not None:
        check.fail(where, f"'options' passt nicht zum Typ '{qtype}'.")
    return question


def _check_condition(
    check: _Checker, where: str, condition: Condition, earlier: dict[str, Question]
) -> None:
    source = earlier.get(condition.question)
    if source is None:
        check.fail(
            where,
            f"'show_if' verweist auf die Frage '{condition.question}', die es davor nicht gibt.",
        )
        return
    if condition.operator == "includes" and source.type != "multiple":
        check.fail(
            where,
            f"'includes' geht nur bei Mehrfachauswahl; '{source.id}' ist {TYPES[source.type]}.",
        )
    if condition.operator == "equals" and source.type == "multiple":
        check.fail(
            where, f"Bei der Mehrfachauswahl '{source.id}' heißt es 'includes', nicht 'equals'."
        )
    if source.has_options:
        for value in condition.values:
            if value not in source.option_values():
                known = ", ".join(source.option_values())
                check.fail(
                    where,
                    f"'show_if' nennt den Wert '{value}', den die Frage '{source.id}' nicht hat "
                    f"(vorhanden: {known}).",
                )


def parse_questionnaire(
    meta: dict[str, Any], source: str, services: set[str], default_endpoint: str = ""
) -> Questionnaire:
    """Build and check a questionnaire from front matter; raise DefinitionError on problems."""
    check = _Checker(source)
    recipient_raw = meta.get("recipient") or {}
    if not isinstance(recipient_raw, dict):
        recipient_raw = {}
        check.fail("Feld 'recipient'", "muss 'email' (und optional 'endpoint') enthalten.")
    recipient = Recipient(
        email=_text(recipient_raw.get("email")),
        endpoint=_text(recipient_raw.get("endpoint")) or default_endpoint,
        subject=_text(recipient_raw.get("subject")) or _text(meta.get("title")),
    )
    if "@" not in recipient.email:
        check.fail(
            "Feld 'recipient'",
            "'email' fehlt; an diese Adresse geht der Fragebogen, "
            "wenn kein Endpunkt eingerichtet ist oder das Senden scheitert.",
        )
    if recipient.endpoint and not re.match(r"^https?://[^/\s]+", recipient.endpoint):
        check.fail(
            "Feld 'recipient'",
            f"'endpoint' muss eine http(s)-Adresse sein, nicht {recipient.endpoint!r}.",
        )

    sections: list[Section] = []
    seen_questions: set[str] = set()
    seen_sections: set[str] = set()
    raw_sections = meta.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        check.fail("Feld 'sections'", "Der Fragebogen braucht mindestens einen Abschnitt.")
        raw_sections = []
    for index, raw in enumerate(raw_sections, start=1):
        if not isinstance(raw, dict):
            check.fail(f"Abschnitt {index}", "muss aus Feldern wie 'id:' und 'title:' bestehen.")
            continue
        sid = _text(raw.get("id"))
        where = f"Abschnitt '{sid or index}'"
        if not ID_RE.match(sid) or sid in seen_sections:
            check.fail(where, "'id' fehlt, ist ungültig oder doppelt.")
        seen_sections.add(sid)
        title = _text(raw.get("title"))
        if not title:
            check.fail(where, "'title' fehlt.")
        section = Section(
            sid, title, _text(raw.get("intro")), _condition(check, where, raw.get("show_if"))
        )
        questions_raw = raw.get("questions")
        if not isinstance(questions_raw, list) or not questions_raw:
            check.fail(where, "Der Abschnitt enthält keine Fragen ('questions').")
            questions_raw = []
        earlier = {q.id: q for s in sections for q in s.questions}
        if section.show_if:
            _check_condition(check, where, section.show_if, earlier)
        for raw_question in questions_raw:
            question = _question(check, raw_question, sid, seen_questions)
            if question is None:
                continue
            if question.show_if:
                _check_condition(check, f"Frage '{question.id}'", question.show_if, earlier)
            for option in question.options:
                for slug in option.recommends:
                    if slug not in services:
                        check.fail(
                            f"Frage '{question.id}'",
                            f"Antwort '{option.value}' empfiehlt die Leistung '{slug}', die es "
                            f"nicht gibt (vorhanden: {', '.join(sorted(services))}).",
                        )
            section.questions.append(question)
            earlier[question.id] = question
        sections.append(section)

    if check.problems:
        raise DefinitionError(check.problems)
    success = meta.get("success") or {}
    return Questionnaire(
        slug=_text(meta.get("slug")),
        title=_text(meta.get("title")),
        recipient=recipient,
        sections=sections,
        success_title=_text(success.get("title")) or "Vielen Dank!",
        success_text=_text(success.get("text")),
    )
