"""Declared settings with defaults, checked once with a German message naming the setting.

Each plugin lists its settings as ``Setting`` objects; ``apply`` fills in defaults and
raises ``SettingsError`` for the first unusable value. The checks are small functions
that return what is wrong (German) or ``""``, so a message always says what to do.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Check = Callable[[Any], str]
SETTINGS_FILE = "pelicanconf.py"


class SettingsError(ValueError):
    """A setting the kit cannot use; the message is one German line for the operator."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    check: Check
    hint: str  # what to write instead, e.g. "eine ganze Zahl ab 1"


def apply(settings: dict, schema: Iterable[Setting]) -> None:
    """Fill in defaults and stop at the first setting whose value cannot be used."""
    for setting in schema:
        if setting.name not in settings:
            settings[setting.name] = copy.deepcopy(setting.default)
        problem = setting.check(settings[setting.name])
        if problem:
            raise SettingsError(
                f"{SETTINGS_FILE}: {setting.name}: {problem} – bitte {setting.hint} eintragen."
            )


SHOWN_LENGTH = 60  # a value quoted in a message is cut after this many characters


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 3] + "…"


def integer(minimum: int | None = None, maximum: int | None = None) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{_shown(value)} ist keine ganze Zahl"
        if minimum is not None and value < minimum:
            return f"{value} ist kleiner als {minimum}"
        if maximum is not None and value > maximum:
            return f"{value} ist größer als {maximum}"
        return ""

    return check


def boolean(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, str) and value.lower() in ("true", "false"):  # -e NAME=False
        return (
            f"{_shown(value)} ist Text, nicht True oder False (auf der Kommandozeile "
            f"-e NAME={value.lower()} klein geschrieben)"
        )
    return f"{_shown(value)} ist weder True noch False"


def text(required: bool = False, pattern: str = "", allowed: str = "") -> Check:
    """A string; optionally non-empty and matching ``pattern`` (``allowed`` names it)."""

    def check(value: Any) -> str:
        if not isinstance(value, str):
            return f"{_shown(value)} ist kein Text"
        if required and not value.strip():
            return "ist leer"
        if pattern and value and not re.fullmatch(pattern, value):
            return f"{_shown(value)} ist ungültig ({allowed})"
        return ""

    return check


def one_of(*choices: Any) -> Check:
    def check(value: Any) -> str:
        if value in choices:
            return ""
        return f"{_shown(value)} ist nicht erlaubt (möglich: {', '.join(map(str, choices))})"

    return check


def mapping(values: Check, keys: Check | None = None) -> Check:
    """A dict whose values (and optionally keys) pass their checks."""

    def check(value: Any) -> str:
        if not isinstance(value, Mapping):
            return f"{_shown(value)} ist kein dict"
        for key, item in value.items():
            problem = (keys(key) if keys else "") or values(item)
            if problem:
                return f"Eintrag {key!r}: {problem}"
        return ""

    return check


def sequence(items: Check) -> Check:
    def check(value: Any) -> str:
        if not isinstance(value, (list, tuple)):
            return f"{_shown(value)} ist keine Liste"
        for index, item in enumerate(value, start=1):
            problem = items(item)
            if problem:
                return f"Eintrag {index}: {problem}"
        return ""

    return check


def record(fields: Mapping[str, Check], required: Iterable[str] = ()) -> Check:
    """A dict with known keys only; ``required`` keys must be present."""

    def check(value: Any) -> str:
        if not isinstance(value, Mapping):
            return f"{_shown(value)} ist kein dict"
        for key in required:
            if key not in value:
                return f"der Schlüssel '{key}' fehlt"
        for key, item in value.items():
            if key not in fields:
                return f"unbekannter Schlüssel '{key}' (bekannt: {', '.join(fields)})"
            problem = fields[key](item)
            if problem:
                return f"'{key}': {problem}"
        return ""

    return check
