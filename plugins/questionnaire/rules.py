"""Honest advice: rules in a definition that flag answers which do not fit together.

An author writes a rule as German sentences (``regeln:`` in the front matter)::

    werte:
      stundensatz: 48
    regeln:
      - wenn: budget kleiner als stunden × stundensatz
        hinweis: Für {stunden} Stunden sind das etwa {stunden × stundensatz} € im Monat …

A condition is ``<frage> ist <wert> [oder <wert> …]``, ``<frage> enthält <wert> …``
(multiple choice), ``<frage> kleiner als <rechnung>`` or ``<frage> größer als
<rechnung>``; several are joined with ``und`` (or given as a list). A calculation uses
numbers, numeric questions and named ``werte`` with ``+ - × /`` between spaces; the
note may show one in braces. Everything is checked once, with one German line per
problem naming ``regeln[n].wenn`` or ``regeln[n].hinweis`` (n counted from 1).

The parsed rules are plain data (``as_data``) for questionnaire.js, and ``flagged``
applies the very same rules in Python for the receiver's mail and review page, so the
browser and the server cannot disagree about which notes apply.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol


class Question(Protocol):
    """What a rule needs to know of a question (``definition.Question`` has it); a
    protocol, so rules and the definition do not import each other."""

    id: str
    type: str
    label: str
    options: list

    @property
    def kind(self) -> str: ...

    def option_values(self) -> list[str]: ...

    def option_label(self, value: str) -> str: ...


Fail = Callable[[str, str], None]
Answers = Mapping[str, Any]

#: Written operator → its name in the data questionnaire.js reads.
OPERATORS = {
    "kleiner als": "lt",
    "größer als": "gt",
    "enthält": "includes",
    "ist": "equals",
}
CONDITION = re.compile(rf"^(?P<question>\S+)\s+(?P<op>{'|'.join(OPERATORS)})\s+(?P<rest>\S.*)$")
CALCULATION_SIGNS = {"+": "+", "plus": "+", "-": "-", "−": "-", "minus": "-"}
PRODUCT_SIGNS = {"×": "*", "*": "*", "mal": "*", "/": "/", "geteilt": "/"}
SIGN_TEXT = {"+": "+", "-": "−", "*": "×", "/": "/"}
#: A number as an author writes it: 48, 2,5 or 1.000 (German), also 2.5 in answers.
WRITTEN_NUMBER = re.compile(r"^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
ANSWER_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")
NUMERIC_TYPES = {"number", "scale"}
GAP = "…"  # a value that is not known (the blank PDF has no answers)
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
RULE_KEYS = {"wenn", "hinweis"}
SYNTAX = (
    "erlaubt sind „<frage> ist <wert>“, „<frage> enthält <wert>“, "
    "„<frage> kleiner als <zahl>“ und „<frage> größer als <zahl>“"
)


def german_number(value: float) -> str:
    """``1440`` → ``1.440``, ``2.5`` → ``2,5``; rounded to cents as questionnaire.js does."""
    cents = math.floor(value * 100 + 0.5)
    whole, fraction = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", ".")
    decimals = f"{fraction:02d}".rstrip("0")
    sign = "-" if cents < 0 else ""
    return f"{sign}{text},{decimals}" if decimals else f"{sign}{text}"


def given(answers: Answers, question: str) -> list[str]:
    """The answer to ``question`` as a list of values (empty: not answered or hidden)."""
    value = answers.get(question)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(v).strip() for v in values if str(v).strip()]


def number_in(values: Sequence[str]) -> float | None:
    """The one number in ``values``; None for no answer, several or anything else."""
    if len(values) != 1 or not ANSWER_NUMBER.match(values[0]):
        return None
    return float(values[0].replace(",", "."))


# --- calculations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Number:
    value: float

    def value_in(self, answers: Answers) -> float | None:
        return self.value

    def as_data(self) -> float:
        return int(self.value) if self.value == int(self.value) else self.value

    def describe(self, questions: Mapping[str, Question]) -> str:
        return german_number(self.value)

    def questions(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class Answer:
    question: str

    def value_in(self, answers: Answers) -> float | None:
        return number_in(given(answers, self.question))

    def as_data(self) -> dict[str, str]:
        return {"q": self.question}

    def describe(self, questions: Mapping[str, Question]) -> str:
        return f"„{questions[self.question].label}“"

    def questions(self) -> set[str]:
        return {self.question}


@dataclass(frozen=True)
class Calculation:
    sign: str  # + - * /
    left: Expression
    right: Expression

    def value_in(self, answers: Answers) -> float | None:
        left, right = self.left.value_in(answers), self.right.value_in(answers)
        if left is None or right is None or (self.sign == "/" and right == 0):
            return None
        if self.sign == "+":
            return left + right
        if self.sign == "-":
            return left - right
        return left * right if self.sign == "*" else left / right

    def as_data(self) -> dict[str, Any]:
        return {"op": self.sign, "a": self.left.as_data(), "b": self.right.as_data()}

    def describe(self, questions: Mapping[str, Question]) -> str:
        sign = SIGN_TEXT[self.sign]
        return f"{self.left.describe(questions)} {sign} {self.right.describe(questions)}"

    def questions(self) -> set[str]:
        return self.left.questions() | self.right.questions()


Expression = Number | Answer | Calculation


def written_number(token: str) -> float | None:
    if not WRITTEN_NUMBER.match(token):
        return None
    return float(token.replace(".", "").replace(",", "."))


class _Calculator:
    """Reads ``stunden × stundensatz + 10`` (× and / before + and −, no brackets)."""

    def __init__(self, text: str, names: Mapping[str, Expression]):
        self.text = text
        self.tokens = text.replace("geteilt durch", "geteilt").split()
        self.names = names
        self.position = 0

    def read(self) -> Expression:
        """The whole calculation; ValueError says in German what is wrong."""
        if not self.tokens:
            raise ValueError("Hier fehlt eine Zahl oder Rechnung.")
        expression = self._sum()
        if self.position < len(self.tokens):
            raise ValueError(
                f"In „{self.text}“ fehlt vor „{self.tokens[self.position]}“ ein Rechenzeichen "
                "(+, −, ×, /)."
            )
        return expression

    def _sum(self) -> Expression:
        return self._chain(CALCULATION_SIGNS, self._product)

    def _product(self) -> Expression:
        return self._chain(PRODUCT_SIGNS, self._operand)

    def _chain(self, signs: dict[str, str], operand: Callable[[], Expression]) -> Expression:
        """``operand (sign operand)*``, worked out from left to right."""
        expression = operand()
        while self._peek() in signs:
            expression = Calculation(signs[self._next()], expression, operand())
        return expression

    def _operand(self) -> Expression:
        token = self._next()
        if token is None or token in CALCULATION_SIGNS or token in PRODUCT_SIGNS:
            raise ValueError(f"Die Rechnung „{self.text}“ ist unvollständig.")
        number = written_number(token)
        if number is not None:
            return Number(number)
        if token in self.names:
            return self.names[token]
        raise ValueError(
            f"„{token}“ ist weder eine Zahl noch eine Zahl-Frage noch ein Eintrag "
            f"aus „werte“{self._hint(token)}"
        )

    def _hint(self, token: str) -> str:
        """How the author may have meant ``token`` (ends the sentence)."""
        if any(sign in token for sign in "+×*/"):
            return ". Rechenzeichen brauchen ein Leerzeichen davor und danach."
        if re.fullmatch(r"-?\d+\.\d+", token):
            return f". Kommazahlen bitte mit Komma: {token.replace('.', ',')}."
        close = difflib.get_close_matches(token, list(self.names), n=1)
        return f" – meinten Sie „{close[0]}“?" if close else "."

    def _peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _next(self) -> str | None:
        token = self._peek()
        self.position += 1
        return token


# --- conditions and rules -------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One condition: ``question`` compared by ``op`` with ``values`` or ``than``."""

    question: str
    op: str  # equals, includes, lt, gt
    values: tuple[str, ...] = ()
    than: Expression | None = None

    def holds(self, answers: Answers) -> bool:
        values = given(answers, self.question)
        if self.than is None:
            return any(value in self.values for value in values)
        left, right = number_in(values), self.than.value_in(answers)
        if left is None or right is None:
            return False
        return left < right if self.op == "lt" else left > right

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"question": self.question, "op": self.op}
        if self.than is None:
            data["values"] = list(self.values)
        else:
            data["than"] = self.than.as_data()
        return data

    def describe(self, questions: Mapping[str, Question]) -> str:
        """The condition as the part of a German „wenn“ clause (verb last)."""
        source = questions[self.question]
        if self.than is not None:
            relation = "kleiner" if self.op == "lt" else "größer"
            than = self.than.describe(questions)
            return f"Ihre Angabe bei „{source.label}“ {relation} ist als {than}"
        chosen = " oder ".join(source.option_label(value) for value in self.values)
        verb = "angekreuzt" if self.op == "includes" else "gewählt"
        return f"Sie bei „{source.label}“ {chosen} {verb} haben"

    def numeric_questions(self) -> set[str]:
        """Questions that must hold a number for this condition to hold."""
        return set() if self.than is None else {self.question} | self.than.questions()


@dataclass(frozen=True)
class Rule:
    checks: tuple[Check, ...]
    note: tuple[str | Expression, ...]  # text, and calculations shown as numbers

    def applies(self, answers: Answers) -> bool:
        return all(check.holds(answers) for check in self.checks)

    def text(self, answers: Answers) -> str:
        """The note with the visitor's figures filled in."""
        parts = []
        for part in self.note:
            if isinstance(part, str):
                parts.append(part)
            else:
                value = part.value_in(answers)
                parts.append(GAP if value is None else german_number(value))
        return "".join(parts)

    def blank_text(self) -> str:
        """The note for a form nobody has filled in yet: figures from answers are gaps."""
        return self.text({})

    def describe(self, questions: Mapping[str, Question]) -> str:
        """When the rule applies, as the rest of a sentence beginning with „Wenn“."""
        return " und ".join(check.describe(questions) for check in self.checks)

    def as_data(self) -> dict[str, Any]:
        return {
            "when": [check.as_data() for check in self.checks],
            "note": [part if isinstance(part, str) else part.as_data() for part in self.note],
        }


def flagged(rules: Sequence[Rule], answers: Answers) -> list[str]:
    """The notes of every rule the answers meet, in the definition's order."""
    return [rule.text(answers) for rule in rules if rule.applies(answers)]


# --- reading and checking what the author wrote -----------------------------------------------


def _unknown_question(question: str, questions: Mapping[str, Question]) -> str:
    close = difflib.get_close_matches(question, list(questions), n=1)
    if close:
        return f"Frage „{question}“ gibt es nicht – meinten Sie „{close[0]}“?"
    return f"Frage „{question}“ gibt es nicht – vorhanden sind: {', '.join(questions)}."


def _choice_check(question: Question, op: str, rest: str) -> Check:
    if op == "equals" and question.type == "multiple":
        raise ValueError(
            f"„{question.id}“ ist eine Mehrfachauswahl – dafür heißt es „enthält“, nicht „ist“."
        )
    if op == "includes" and question.type != "multiple":
        raise ValueError(
            f"„enthält“ geht nur bei Mehrfachauswahl; „{question.id}“ ist {question.kind} "
            "– dafür heißt es „ist“."
        )
    if not question.options:
        raise ValueError(
            f"„ist“ geht nur bei Auswahlfragen; „{question.id}“ ist {question.kind} "
            "(für Zahlen gibt es „kleiner als“ und „größer als“)."
        )
    values = tuple(v for v in re.split(r"\s*,\s*|\s+oder\s+", rest.strip()) if v)
    for value in values:
        if value not in question.option_values():
            raise ValueError(
                f"Frage „{question.id}“ hat keine Antwort „{value}“ – vorhanden: "
                f"{', '.join(question.option_values())}."
            )
    return Check(question.id, op, values)


def _check(text: str, questions: Mapping[str, Question], names: Mapping[str, Expression]) -> Check:
    """One condition from its sentence; ValueError with the German reason."""
    match = CONDITION.match(text.strip())
    if not match:
        raise ValueError(f"„{text.strip()}“ ist keine Bedingung – {SYNTAX}.")
    qid, op = match["question"], OPERATORS[match["op"]]
    question = questions.get(qid)
    if question is None:
        raise ValueError(_unknown_question(qid, questions))
    if op in ("equals", "includes"):
        return _choice_check(question, op, match["rest"])
    if question.type not in NUMERIC_TYPES:
        raise ValueError(
            f"„{match['op']}“ geht nur bei Zahlen und Skalen; „{qid}“ ist {question.kind}."
        )
    return Check(qid, op, than=_Calculator(match["rest"], names).read())


def _sentences(raw: Any) -> list[str]:
    """``a ist x und b ist y`` or a list of such lines → one sentence per condition."""
    items = [item for item in (raw if isinstance(raw, list) else [raw]) if item is not None]
    return [part for item in items for part in re.split(r"\s+und\s+", str(item).strip()) if part]


def _checks(raw, where, fail: Fail, questions, names) -> tuple[Check, ...] | None:
    sentences = _sentences(raw)
    if not sentences:
        fail(where, f"„wenn“ fehlt – schreiben Sie, wann der Hinweis gilt; {SYNTAX}.")
        return None
    checks = []
    for sentence in sentences:
        try:
            checks.append(_check(sentence, questions, names))
        except ValueError as error:
            fail(where, str(error))
    return tuple(checks) if len(checks) == len(sentences) else None


def _note(raw, where, fail: Fail, names, allowed: set[str]) -> tuple | None:
    text = "" if raw is None else " ".join(str(raw).split())
    if not text:
        fail(where, "Der Hinweis fehlt – schreiben Sie freundlich, was auffällt und was hilft.")
        return None
    parts: list[str | Expression] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(text[position : match.start()])
        position = match.end()
        try:
            expression = _Calculator(match[1], names).read()
        except ValueError as error:
            fail(where, f"{{{match[1]}}}: {error}")
            return None
        missing = sorted(expression.questions() - allowed)
        if missing:
            fail(
                where,
                f"{{{match[1]}}} zeigt die Frage „{missing[0]}“, die in „wenn“ nicht mit "
                "„kleiner als“ oder „größer als“ verglichen wird – nur dann steht fest, "
                "dass sie eine Zahl enthält.",
            )
            return None
        parts.append(expression)
    parts.append(text[position:])
    if any(isinstance(part, str) and ("{" in part or "}" in part) for part in parts):
        fail(where, "Eine geschweifte Klammer ist nicht geschlossen: {rechnung} schreiben.")
        return None
    return tuple(part for part in parts if part != "")


def _names(questions: Mapping[str, Question], values: Mapping[str, float]) -> dict:
    """What a calculation may name: numeric questions and the definition's ``werte``."""
    names: dict[str, Expression] = {
        qid: Answer(qid) for qid, q in questions.items() if q.type in NUMERIC_TYPES
    }
    names.update({name: Number(value) for name, value in values.items()})
    return names


def parse_rules(
    raw_rules: Any, values: Mapping[str, float], questions: Mapping[str, Question], fail: Fail
) -> list[Rule]:
    """The definition's ``regeln``; every problem is reported through ``fail``.

    ``values`` are the definition's ``werte`` (name → number), already checked.
    """
    names = _names(questions, values)
    if raw_rules is None:
        return []
    if not isinstance(raw_rules, list):
        fail("Feld 'regeln'", "muss eine Liste sein: jede Regel mit „- wenn:“ und „hinweis:“.")
        return []
    rules = []
    for index, raw in enumerate(raw_rules, start=1):
        where = f"regeln[{index}]"
        if not isinstance(raw, dict):
            fail(where, "Eine Regel besteht aus „wenn:“ und „hinweis:“.")
            continue
        unknown = sorted(str(key) for key in raw if key not in RULE_KEYS)
        if unknown:
            fail(where, f"Unbekanntes Feld „{unknown[0]}“ – erlaubt sind „wenn“ und „hinweis“.")
            continue
        checks = _checks(raw.get("wenn"), f"{where}.wenn", fail, questions, names)
        if checks is None:
            continue
        allowed = set().union(*(check.numeric_questions() for check in checks))
        note = _note(raw.get("hinweis"), f"{where}.hinweis", fail, names, allowed)
        if note is not None:
            rules.append(Rule(checks, note))
    return rules
