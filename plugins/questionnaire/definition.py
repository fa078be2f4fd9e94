"""The questionnaire definition: parsed once from front matter, checked with precise errors.

A definition is plain data (YAML) written by an author. ``parse_questionnaire``
turns it into typed objects or raises ``DefinitionError`` listing every problem as
``<file>: Frage '<id>': <what is wrong>`` (rules: ``<file>: regeln[2].wenn: …``,
see ``rules.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from plugins.german_typography import german_slugify

from .rules import Rule, parse_rules

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
#: Field names the form itself uses (honeypot, idempotency key, …): no question may take them.
HONEYPOT = "homepage"  # the hidden field people leave empty and bots fill in
RESERVED_IDS = frozenset({HONEYPOT, "form-name"})
OTHER_VALUE = "sonstiges"
OTHER_MAXLENGTH = 200  # characters for "Sonstiges, und zwar: …"
#: The parts of a question's markup that carry an id q-<id>-<part> (see Question.part_id).
PARTS = ("label", "hilfe", "fehler", "enden", "einheit", f"{OTHER_VALUE}-text")
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

    @property
    def kind(self) -> str:
        """The type in German words, for messages."""
        return TYPES[self.type]

    @property
    def asks(self) -> bool:
        """Whether the label is a question (ends with „?“) rather than a field name."""
        return self.label.rstrip().endswith("?")

    def option_values(self) -> list[str]:
        return [o.value for o in self.options]

    # --- the ids of its markup: one scheme for the template, the anchor check, the script

    @property
    def wrapper_id(self) -> str:
        return f"frage-{self.id}"

    @property
    def control_id(self) -> str:
        return f"q-{self.id}"

    def part_id(self, part: str) -> str:
        """The id of one part of the question (``PARTS``) or of one option (its value)."""
        return f"q-{self.id}-{part}"

    @property
    def other_id(self) -> str:
        return self.part_id(f"{OTHER_VALUE}-text")

    @property
    def other_field(self) -> str:
        """The form field of the "other" text."""
        return f"{self.id}-{OTHER_VALUE}"

    @property
    def other_maxlength(self) -> int:
        return OTHER_MAXLENGTH

    def element_ids(self) -> list[str]:
        """Every id the question's markup may carry."""
        parts = [*PARTS, *(option.value for option in self.options)]
        return [self.wrapper_id, self.control_id, *(self.part_id(part) for part in parts)]

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

    @property
    def element_id(self) -> str:
        """The id of the section's fieldset (the progress links point to it)."""
        return f"abschnitt-{self.id}"


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
    rules: list[Rule] = field(default_factory=list)
    pdf: bool = True  # a fillable PDF next to the form (QUESTIONNAIRE_PDF can switch all off)
    purpose: str = ""  # what the answers are used for, in the privacy note under the form

    @property
    def questions(self) -> list[Question]:
        return [q for s in self.sections for q in s.questions]

    def question_map(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    @property
    def email_question(self) -> Question | None:
        """The question that asks for the visitor's address: the first of type email."""
        return next((q for q in self.questions if q.type == "email"), None)

    @property
    def name_question(self) -> Question | None:
        """The question that asks for the visitor's name: marked ``autocomplete: name``."""
        return next((q for q in self.questions if q.autocomplete == "name"), None)

    def contact_of(self, answers: dict) -> tuple[str, str]:
        """(name, e-mail address) a visitor gave in ``answers``; "" for what is missing."""
        found = []
        for question in (self.name_question, self.email_question):
            value = answers.get(question.id, "") if question else ""
            found.append(value if isinstance(value, str) else "")
        return found[0], found[1]


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


def _base_question(check: _Checker, raw: Any, section: str, seen: set[str]) -> Question | None:
    """The fields every question has; None when the question cannot be read at all."""
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
    if qid in RESERVED_IDS:
        check.fail(where, f"Die id {qid!r} braucht das Formular selbst; bitte eine andere wählen.")
        return None
    seen.add(qid)
    qtype = _text(raw.get("type"))
    if qtype not in TYPES:
        check.fail(where, f"Unbekannter Typ {qtype!r}; erlaubt sind: {', '.join(TYPES)}.")
        return None
    label = _text(raw.get("label"))
    if not label:
        check.fail(where, "'label' (der Fragetext) fehlt.")
    if qtype not in CHOICE_TYPES and raw.get("options") is not None:
        check.fail(where, f"'options' passt nicht zum Typ '{qtype}'.")
    return Question(
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


def _choice_details(check: _Checker, where: str, raw: dict, question: Question) -> None:
    question.options = _options(check, where, raw.get("options"))
    if not question.options:
        check.fail(where, "Eine Auswahlfrage braucht Antwortmöglichkeiten ('options').")
    if question.widget not in ("radio", "select"):
        check.fail(where, f"'widget' muss 'radio' oder 'select' sein, nicht {question.widget!r}.")
    if question.type == "multiple" and question.widget == "select":
        check.fail(where, "Mehrfachauswahl gibt es nur als Kästchen, nicht als 'select'.")
    if question.other and question.widget == "select":
        check.fail(where, "'other' (Sonstiges) geht nur mit 'widget: radio'.")
    if question.other:
        question.options.append(Option(OTHER_VALUE, "Sonstiges"))


def _yesno_details(check: _Checker, where: str, raw: dict, question: Question) -> None:
    question.options = [Option(value, label) for value, label in YES_NO]


def _scale_details(check: _Checker, where: str, raw: dict, question: Question) -> None:
    low, high = _number(check, where, raw, "min"), _number(check, where, raw, "max")
    low, high = int(low if low is not None else 1), int(high if high is not None else 5)
    if not 0 <= low < high <= low + 10:
        check.fail(
            where, f"Die Skala muss von 'min' bis 'max' reichen (2–11 Stufen), nicht {low}–{high}."
        )
    labels = raw.get("labels") or {}
    question.min_label, question.max_label = _text(labels.get("min")), _text(labels.get("max"))
    question.minimum, question.maximum = low, high
    question.options = [Option(str(n), str(n)) for n in range(low, high + 1)]


def _number_details(check: _Checker, where: str, raw: dict, question: Question) -> None:
    question.minimum = _number(check, where, raw, "min")
    question.maximum = _number(check, where, raw, "max")
    question.step = _number(check, where, raw, "step")
    if question.step is not None and question.step <= 0:
        check.fail(where, "'step' muss größer als 0 sein.")
    low, high = question.minimum, question.maximum
    if low is not None and high is not None and low > high:
        check.fail(where, "'min' ist größer als 'max'.")


def _text_details(check: _Checker, where: str, raw: dict, question: Question) -> None:
    length = _number(check, where, raw, "maxlength")
    question.maxlength = int(length) if length else DEFAULT_MAXLENGTH[question.type]


#: Question type → reader of the fields only that type has.
TYPE_DETAILS = {
    "single": _choice_details,
    "multiple": _choice_details,
    "yesno": _yesno_details,
    "scale": _scale_details,
    "number": _number_details,
    "text": _text_details,
    "textarea": _text_details,
}
DEFAULT_MAXLENGTH = {"text": 200, "textarea": 4000}


def _question(check: _Checker, raw: Any, section: str, seen: set[str]) -> Question | None:
    question = _base_question(check, raw, section, seen)
    if question is not None and question.type in TYPE_DETAILS:
        TYPE_DETAILS[question.type](check, f"Frage '{question.id}'", raw, question)
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


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
HOSTNAME = re.compile(r"[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?|\[::1\](:\d{1,5})?")


def endpoint_problem(endpoint: str) -> str:
    """Why answers must not be sent to ``endpoint`` (``""`` when it is fine)."""
    parts = urlsplit(endpoint)
    if not HOSTNAME.fullmatch(parts.netloc or ""):
        return f"'endpoint' {endpoint!r} ist keine gültige Adresse (https://…)."
    if parts.scheme == "https":
        return ""
    if parts.scheme == "http" and (parts.hostname or "") in {h.strip("[]") for h in LOCAL_HOSTS}:
        return ""
    return (
        f"'endpoint' muss mit https:// beginnen (http:// nur für 127.0.0.1 oder localhost), "
        f"nicht {endpoint!r}."
    )


def _recipient(
    check: _Checker, meta: dict[str, Any], default_endpoint: str, default_email: str | None
) -> Recipient:
    raw = meta.get("recipient") or {}
    if not isinstance(raw, dict):
        raw = {}
        check.fail("Feld 'recipient'", "muss 'email' (und optional 'endpoint') enthalten.")
    recipient = Recipient(
        email=_text(raw.get("email")) or default_email or "",
        endpoint=_text(raw.get("endpoint")) or default_endpoint,
        subject=_text(raw.get("subject")) or _text(meta.get("title")),
    )
    if "@" not in recipient.email and default_email is not None:
        check.fail(
            "Feld 'recipient'",
            "'email' fehlt und owner.yml nennt keine; an diese Adresse geht der "
            "Fragebogen, wenn kein Endpunkt eingerichtet ist oder das Senden scheitert.",
        )
    if recipient.endpoint:
        problem = endpoint_problem(recipient.endpoint)
        if problem:
            check.fail("Feld 'recipient'", problem)
    return recipient


def _known_services(services: set[str]) -> str:
    if not services:
        return "es gibt noch keine Leistungen unter content/services/"
    return f"vorhanden: {', '.join(sorted(services))}"


def _check_recommendations(check: _Checker, question: Question, services: set[str]) -> None:
    for option in question.options:
        for slug in option.recommends:
            if slug not in services:
                check.fail(
                    f"Frage '{question.id}'",
                    f"Antwort '{option.value}' empfiehlt die Leistung '{slug}', die es "
                    f"nicht gibt ({_known_services(services)}) – bitte den Namen korrigieren "
                    "oder die Zeile löschen.",
                )


@dataclass
class _Progress:
    """What reading the sections so far has found: the questions and ids already seen."""

    services: set[str]
    earlier: dict[str, Question] = field(default_factory=dict)
    section_ids: set[str] = field(default_factory=set)
    question_ids: set[str] = field(default_factory=set)


def _section(check: _Checker, raw: Any, index: int, progress: _Progress) -> Section | None:
    """One section with its questions; ``progress.earlier`` grows by the questions read here."""
    earlier = progress.earlier
    if not isinstance(raw, dict):
        check.fail(f"Abschnitt {index}", "muss aus Feldern wie 'id:' und 'title:' bestehen.")
        return None
    sid = _text(raw.get("id"))
    where = f"Abschnitt '{sid or index}'"
    if not ID_RE.match(sid) or sid in progress.section_ids:
        check.fail(where, "'id' fehlt, ist ungültig oder doppelt.")
    progress.section_ids.add(sid)
    title = _text(raw.get("title"))
    if not title:
        check.fail(where, "'title' fehlt.")
    section = Section(
        sid, title, _text(raw.get("intro")), _condition(check, where, raw.get("show_if"))
    )
    if section.show_if:
        _check_condition(check, where, section.show_if, earlier)
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        check.fail(where, "Der Abschnitt enthält keine Fragen ('questions').")
        questions = []
    for raw_question in questions:
        question = _question(check, raw_question, sid, progress.question_ids)
        if question is None:
            continue
        if question.show_if:
            _check_condition(check, f"Frage '{question.id}'", question.show_if, earlier)
        _check_recommendations(check, question, progress.services)
        section.questions.append(question)
        earlier[question.id] = question
    return section


def _values(check: _Checker, raw: Any, questions: dict[str, Question]) -> dict[str, float]:
    """The named numbers (``werte``) a rule may calculate with, e.g. ``stundensatz: 48``."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        check.fail("Feld 'werte'", "muss Namen mit Zahlen enthalten, z. B. „stundensatz: 48“.")
        return {}
    values = {}
    for key, value in raw.items():
        name = str(key)
        if not ID_RE.match(name):
            check.fail(
                "Feld 'werte'", f"„{name}“ ist kein gültiger Name; erlaubt: a–z, 0–9, - und _."
            )
        elif name in questions:
            check.fail(
                "Feld 'werte'", f"„{name}“ ist schon die id einer Frage – bitte anders nennen."
            )
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            check.fail("Feld 'werte'", f"„{name}“ muss eine Zahl sein, nicht {value!r}.")
        else:
            values[name] = float(value)
    return values


def _switch(check: _Checker, meta: dict[str, Any], key: str, default: bool) -> bool:
    value = meta.get(key, default)
    if not isinstance(value, bool):
        check.fail(f"Feld '{key}'", f"muss true oder false sein, nicht {value!r}.")
        return default
    return value


def parse_questionnaire(
    meta: dict[str, Any],
    source: str,
    services: set[str],
    default_endpoint: str = "",
    default_email: str | None = "",
) -> Questionnaire:
    """Build and check a questionnaire from front matter; raise DefinitionError on problems.

    ``default_email`` (owner.yml's ``email``) is the recipient unless the file names one;
    None while owner.yml leaves it empty (a preview: the form then addresses no one).
    """
    check = _Checker(source)
    recipient = _recipient(check, meta, default_endpoint, default_email)
    raw_sections = meta.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        check.fail("Feld 'sections'", "Der Fragebogen braucht mindestens einen Abschnitt.")
        raw_sections = []
    progress = _Progress(services)
    sections = [
        section
        for index, raw in enumerate(raw_sections, start=1)
        if (section := _section(check, raw, index, progress)) is not None
    ]
    success = meta.get("success") or {}
    if not isinstance(success, dict):
        check.fail("Feld 'success'", "muss 'title' und 'text' der Dankeseite enthalten.")
    questions = progress.earlier
    values = _values(check, meta.get("werte"), questions)
    rules = parse_rules(meta.get("regeln"), values, questions, check.fail)
    pdf = _switch(check, meta, "pdf", True)
    if check.problems:
        raise DefinitionError(check.problems)
    return Questionnaire(
        slug=_text(meta.get("slug")),
        title=_text(meta.get("title")),
        recipient=recipient,
        sections=sections,
        success_title=_text(success.get("title")) or "Vielen Dank!",
        success_text=_text(success.get("text")),
        rules=rules,
        pdf=pdf,
        purpose=_text(meta.get("purpose")),
    )
