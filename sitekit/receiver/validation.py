"""Server-side rules for a submission: the same rules the build checked and the script
applies, with the same German messages (``plugins.questionnaire.script_data.messages``).

- Conditions are evaluated on the submitted answers: a hidden question is never
  required, and whatever was sent for it is dropped.
- Every value must fit its question: options, number range and step, formats,
  maximum length. A field the questionnaire does not have is rejected.
- Every value is cleaned first (``text.clean_line``, ``clean_block`` for long texts):
  what is checked is what is stored.
- An e-mail address is checked by email-validator: one address, no encoded words
  (``=?utf-8?…?=``), no quoted or bracketed parts; an international domain is kept as
  written, and ``reply_address`` gives its ASCII (IDNA) form for mail headers.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email

from plugins.questionnaire.definition import (
    HONEYPOT,
    OTHER_VALUE,
    Condition,
    Question,
    Questionnaire,
)
from plugins.questionnaire.script_data import messages

from .text import clean_block, clean_line

#: Fields the form sends besides the answers.
#: "_copy" is what pages built before copies were dropped still send: accepted, ignored.
META_FIELDS = frozenset({"_key", "_started", "_sent", "_ticket", "_edit", "_copy", HONEYPOT})
ENCODED_WORD = "=?"
PHONE = re.compile(r"[+0-9 ()/-]+")
MIN_PHONE_DIGITS = 5
STEP_TOLERANCE = 1e-9

Form = Mapping[str, Sequence[str]]


@dataclass
class Checked:
    """The answers worth keeping, or the problems, per field."""

    answers: dict[str, str | list[str]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.unknown


def answer_fields(questionnaire: Questionnaire) -> set[str]:
    """Names of every field a visitor may send for this questionnaire."""
    names = {q.id for q in questionnaire.questions}
    names |= {f"{q.id}-{OTHER_VALUE}" for q in questionnaire.questions if q.other}
    return names


def _values(form: Form, name: str) -> list[str]:
    return [v.strip() for v in form.get(name, []) if v.strip()]


def _met(condition: Condition, shown: dict[str, bool], form: Form) -> bool:
    if not shown.get(condition.question, False):
        return False
    return any(value in condition.values for value in _values(form, condition.question))


def visibility(questionnaire: Questionnaire, form: Form) -> dict[str, bool]:
    """Question id → shown, evaluated in order exactly as the script does."""
    shown: dict[str, bool] = {}
    for section in questionnaire.sections:
        section_shown = section.show_if is None or _met(section.show_if, shown, form)
        for question in section.questions:
            shown[question.id] = section_shown and (
                question.show_if is None or _met(question.show_if, shown, form)
            )
    return shown


def _number_problem(question: Question, value: str, texts: dict[str, str]) -> str:
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return texts["format"]
    if not math.isfinite(number):
        return texts["format"]
    low, high = question.minimum, question.maximum
    if (low is not None and number < low) or (high is not None and number > high):
        return texts.get("range", texts["format"])
    if question.step:
        steps = (number - (low or 0)) / question.step
        if abs(steps - round(steps)) > STEP_TOLERANCE:
            return texts["step"]
    return ""


def _date_problem(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return True
    return not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)


def _validated(value: str):
    """email-validator's reading of one address, or None when it is not one."""
    if ENCODED_WORD in value or len(value) > 254:  # noqa: PLR2004 - RFC 5321 path limit
        return None
    try:
        return validate_email(value, check_deliverability=False, allow_quoted_local=False)
    except EmailNotValidError:
        return None


def reply_address(value: str) -> str:
    """The address for a Reply-To header: ASCII (IDNA domain); "" when it has none."""
    validated = _validated(value)
    if validated is None:
        return ""
    return validated.ascii_email or ""


FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "email": lambda value: _validated(value) is None,
    "tel": lambda value: (
        not PHONE.fullmatch(value) or sum(c.isdigit() for c in value) < MIN_PHONE_DIGITS
    ),
    "date": _date_problem,
}


def _typed_problem(question: Question, value: str, texts: dict[str, str]) -> str:
    """Format, range and length of a single typed-in value."""
    if question.type in FORMAT_CHECKS and FORMAT_CHECKS[question.type](value):
        return texts["format"]
    if question.type == "number":
        return _number_problem(question, value, texts)
    if question.maxlength and len(value) > question.maxlength:
        return texts["length"]
    return ""


def _value_problem(question: Question, values: list[str], texts: dict[str, str]) -> str:
    """What is wrong with the answer to a shown question (``""``: nothing)."""
    if not values:
        return texts["required"] if question.required else ""
    if question.type != "multiple" and len(values) > 1:
        return texts["single"]
    if question.options:
        allowed = {option.value for option in question.options}
        return "" if all(v in allowed for v in values) else texts["option"]
    return _typed_problem(question, values[0], texts)


def _other_text(question: Question, form: Form, values: list[str], texts, checked) -> None:
    if not question.other or OTHER_VALUE not in values:
        return
    other = _values(form, f"{question.id}-{OTHER_VALUE}")
    if not other:
        checked.errors[question.id] = texts["other"]
    elif len(other) > 1 or len(other[0]) > question.other_maxlength:
        checked.errors[question.id] = texts["length"] if "length" in texts else texts["other"]
    else:
        checked.answers[f"{question.id}-{OTHER_VALUE}"] = other[0]


def cleaned(questionnaire: Questionnaire, form: Form) -> dict[str, list[str]]:
    """``form`` with every value cleaned: long texts keep their lines, all else is one."""
    blocks = {q.id for q in questionnaire.questions if q.type == "textarea"}
    return {
        name: [(clean_block if name in blocks else clean_line)(value) for value in values]
        for name, values in form.items()
    }


def check_submission(
    questionnaire: Questionnaire, form: Form, gettext: Callable[[str], str]
) -> Checked:
    """Validate ``form`` (field → list of values) against ``questionnaire``, cleaned."""
    form = cleaned(questionnaire, form)
    checked = Checked()
    known = answer_fields(questionnaire) | META_FIELDS
    checked.unknown = sorted(name for name in form if name not in known)
    shown = visibility(questionnaire, form)
    for question in questionnaire.questions:
        if not shown[question.id]:
            continue  # hidden: never required, and what was sent is dropped
        values = _values(form, question.id)
        texts = messages(question, gettext)
        problem = _value_problem(question, values, texts)
        if problem:
            checked.errors[question.id] = problem
            continue
        if values:
            checked.answers[question.id] = values if question.type == "multiple" else values[0]
        _other_text(question, form, values, texts, checked)
    return checked


def recommended(questionnaire: Questionnaire, answers: Mapping) -> list[str]:
    """Services the chosen options recommend, first mention first."""
    slugs: list[str] = []
    for question in questionnaire.questions:
        chosen = answers.get(question.id)
        chosen = chosen if isinstance(chosen, list) else [chosen] if chosen else []
        for option in question.options:
            if option.value in chosen:
                slugs += [slug for slug in option.recommends if slug not in slugs]
    return slugs
