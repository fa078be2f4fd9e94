"""YAML mistakes in front matter, explained as what to write instead.

PyYAML reports where its parser gave up, in its own terms (``mapping values are not
allowed here``). ``explain`` turns the common mistakes into their fix, naming the line
where the mistake is, which for an unclosed bracket or quote is where it was opened:

- a colon with a space inside a value (``title: Preise: was kostet es``) → quote it;
- a line indented by mistake, a list item indented unlike its neighbours, a tab;
- an unclosed ``[``, ``{``, ``"`` or ``'``, a value that goes on after its closing quote;
- a value starting with a character YAML reserves (``@``, `````, ``*``, ``&``, ``!``,
  ``|``, ``>``, ``%``, ``?``);
- a line without ``feld: wert``, an impossible date.

Line numbers count from the first line of the file (the opening ``---``), as editors do.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

#: ``  - key: value`` → indent, key and value of a line of front matter.
KEY_VALUE = re.compile(
    r"^(?P<indent>[ \t]*)(?:-[ \t]+)?(?P<key>[^\s:#'\"\[\]{}@`*&!|>%?-][^:#]*?)[ \t]*:"
    r"(?:[ \t]+(?P<value>.*?))?[ \t]*$"
)
SIMPLE_KEY = re.compile(r"[\w-]+")
RESERVED_START = "@`*&!|>%?"
DATE_PROBLEM = re.compile(r"ungültiges Datum (?P<value>'.*') \((?P<reason>.*)\)")
#: Python's reasons for an impossible date, in German.
DATE_REASONS = (
    ("day is out of range", "diesen Tag gibt es in dem Monat nicht"),
    ("month must be in", "diesen Monat gibt es nicht"),
    ("hour must be in", "diese Stunde gibt es nicht"),
    ("minute must be in", "diese Minute gibt es nicht"),
    ("second must be in", "diese Sekunde gibt es nicht"),
    ("year", "dieses Jahr geht nicht"),
)
CLOSING = {"[": "]", "{": "}", '"': '"', "'": "'"}
OPENED = {
    "[": "die Liste wird mit '[' geöffnet, aber nicht mit ']' geschlossen",
    "{": "die Angabe wird mit '{' geöffnet, aber nicht mit '}' geschlossen",
    '"': 'das Anführungszeichen " vor dem Wert wird nicht geschlossen',
    "'": "das Anführungszeichen ' vor dem Wert wird nicht geschlossen",
}
QUOTE_CHARS = "\"'"
#: Errors about a character YAML reserves at the start of a value.
SPECIAL_PROBLEMS = (
    "cannot start any token",
    "mapping keys are not allowed",
    "could not determine a constructor",
    "undefined alias",
)
SPECIAL_CONTEXTS = (
    "while scanning an alias",
    "while scanning an anchor",
    "while scanning a tag",
    "while scanning a block scalar",
    "while scanning a directive",
)
GENERIC = (
    "YAML-Fehler: diese Zeile ist kein gültiges YAML – bitte die Form feld: wert prüfen und "
    "Werte mit Sonderzeichen (: # [ ] { } \" ') in Anführungszeichen setzen."
)


def quoted(value: str) -> str:
    """``value`` as a YAML string in quotes that need no escapes."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _inner(value: str) -> str:
    """A value without the outer quotes its author meant as delimiters."""
    if len(value) >= 2 and value[0] in QUOTE_CHARS and value[-1] == value[0]:  # noqa: PLR2004 - two quotes
        return value[1:-1]
    return value


def _parts(line: str) -> tuple[str, str, str] | None:
    """(indent, key, value) of a ``key: value`` line."""
    match = KEY_VALUE.match(line)
    if match is None:
        return None
    return match["indent"], match["key"], match["value"] or ""


def _field(line: str) -> str:
    parts = _parts(line)
    return f" in Feld '{parts[1]}'" if parts else ""


def unclosed(value: str) -> str:
    """The bracket or quote ``value`` opens and does not close on its line ("" if none)."""
    if not value or value[0] not in CLOSING:
        return ""
    opener = value[0]
    if opener == '"':
        escaped = False
        for char in value[1:]:
            if char == '"' and not escaped:
                return ""
            escaped = char == "\\" and not escaped
        return opener
    if opener == "'":
        rest = value[1:].replace("''", "")
        return "" if "'" in rest else opener
    depth, quote = 0, ""
    for char in value:
        if quote:
            quote = "" if char == quote else quote
        elif char in QUOTE_CHARS:
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
    return opener if depth > 0 else ""


class _Lines:
    """The front matter's lines, addressed by file line (the opening ``---`` is line 1)."""

    def __init__(self, raw: str) -> None:
        self.lines = raw.split("\n")  # raw starts with the rest of the '---' line

    def __call__(self, number: int | None) -> str:
        if number is None or not 1 <= number <= len(self.lines):
            return ""
        return self.lines[number - 1]

    def first_unclosed(self, before: int) -> tuple[int, str] | None:
        """The first line above ``before`` whose value opens a quote it does not close."""
        for number in range(2, before):
            parts = _parts(self(number))
            opener = unclosed(parts[2]) if parts else ""
            if opener and opener in QUOTE_CHARS:
                return number, opener
        return None

    def list_indent(self, number: int) -> str | None:
        """The indentation of the nearest list item above ``number``."""
        for above in range(number - 1, 1, -1):
            line = self(above)
            if line.lstrip().startswith("- "):
                return line[: len(line) - len(line.lstrip())]
        return None


def _mark(error: Any, name: str) -> int | None:
    mark = getattr(error, name, None)
    return mark.line + 1 if mark is not None else None


def _column(error: Any) -> int:
    mark = getattr(error, "problem_mark", None)
    return mark.column if mark is not None else 0


def _opened(lines: _Lines, number: int, opener: str) -> tuple[int, str]:
    line = lines(number)
    parts = _parts(line)
    fixed = line.rstrip() + CLOSING[opener]
    field = f" in Feld '{parts[1]}'" if parts else ""
    return number, f"YAML-Fehler{field}: {OPENED[opener]} – bitte so schreiben: {fixed.strip()}"


def _special_start(lines: _Lines, number: int) -> tuple[int, str] | None:
    parts = _parts(lines(number))
    if not parts or not parts[2] or parts[2][0] not in RESERVED_START:
        return None
    _, key, value = parts
    return number, (
        f"YAML-Fehler in Feld '{key}': ein Wert, der mit {value[0]} beginnt, hat in YAML eine "
        f"besondere Bedeutung – bitte den Wert in Anführungszeichen setzen: {key}: {quoted(value)}"
    )


def _colon(lines: _Lines, number: int, column: int) -> tuple[int, str]:
    line = lines(number)
    parts = _parts(line)
    if parts and column > line.index(":"):
        _, key, value = parts
        return number, (
            f"YAML-Fehler in Feld '{key}': der Wert enthält einen Doppelpunkt mit Leerzeichen "
            f"(„: “) – bitte den Wert in Anführungszeichen setzen: {key}: {quoted(value)}"
        )
    head = line.strip().split(":", 1)[0]
    if line[:1].isspace() and SIMPLE_KEY.fullmatch(head):
        return number, (
            "YAML-Fehler: die Zeile ist eingerückt, gehört aber zu keinem Feld darüber – "
            f"bitte ohne Leerzeichen am Anfang schreiben: {line.strip()}"
        )
    above = _parts(lines(number - 1))
    if above and above[2]:
        value = f"{above[2]} {line.strip()}"
        return number, (
            f"YAML-Fehler in Feld '{above[1]}': der Wert geht in dieser Zeile weiter und "
            "enthält einen Doppelpunkt mit Leerzeichen – bitte den ganzen Wert in eine Zeile "
            f"und in Anführungszeichen setzen: {above[1]}: {quoted(value)}"
        )
    return number, GENERIC


def _continued(lines: _Lines, number: int, column: int) -> tuple[int, str]:
    """The parser expected the next field, but found more on this line or a stray line."""
    line = lines(number)
    parts = _parts(line)
    indent = len(line) - len(line.lstrip())
    if parts and column > indent and parts[2]:
        _, key, value = parts
        closing = {
            '"': 'dem schließenden Anführungszeichen "',
            "'": "dem schließenden Anführungszeichen '",
            "[": "der schließenden Klammer ]",
            "{": "der schließenden Klammer }",
        }.get(value[0], "dem Wert")
        return number, (
            f"YAML-Fehler in Feld '{key}': nach {closing} geht der Wert weiter – bitte den "
            f"ganzen Wert in Anführungszeichen setzen: {key}: {quoted(_inner(value))}"
        )
    if line.lstrip().startswith("-"):
        above = lines.list_indent(number)
        if above is None:
            return number, (
                "YAML-Fehler: ein Listeneintrag ohne Feld darüber – bitte unter das Feld "
                "schreiben, zu dem er gehört, z. B. tags: [eins, zwei]"
            )
        return number, (
            "YAML-Fehler: der Listeneintrag ist anders eingerückt als der darüber – alle "
            "Einträge einer Liste brauchen gleich viele Leerzeichen am Anfang: "
            f"„{above}{line.strip()}“"
        )
    return number, (
        "YAML-Fehler: die Einrückung passt nicht zu den Zeilen darüber – Felder stehen ganz "
        f"links, ohne Leerzeichen am Anfang: {line.strip()}"
    )


def _date(lines: _Lines, number: int, problem: str) -> tuple[int, str]:
    found = DATE_PROBLEM.fullmatch(problem)
    value = found["value"] if found else ""
    english = found["reason"] if found else ""
    reason = next((german for start, german in DATE_REASONS if start in english), "")
    reason = f" ({reason})" if reason else ""
    parts = _parts(lines(number))
    key = parts[1] if parts else "date"
    return number, (
        f"Feld '{key}': ungültiges Datum {value}{reason} – bitte ein Datum eintragen, das es "
        f"gibt, z. B. {key}: 2026-03-14 oder {key}: 2026-03-14 09:30:00+01:00"
    )


def _first_indented(lines: _Lines) -> int | None:
    for number in range(2, len(lines.lines) + 1):
        line = lines(number)
        if line.strip() and line[:1].isspace():
            return number
    return None


def explain(error: yaml.YAMLError, raw: str) -> tuple[int | None, str]:
    """(file line, message without the file name) for a YAML error in ``raw``."""
    try:
        return _explain(error, raw)
    except Exception:  # an explanation must never hide the error itself
        return _mark(error, "problem_mark") or _mark(error, "context_mark"), GENERIC


def _explain(error: yaml.YAMLError, raw: str) -> tuple[int | None, str]:  # noqa: PLR0911, PLR0912 - one branch per YAML mistake
    lines = _Lines(raw)
    problem = str(getattr(error, "problem", None) or "")
    context = str(getattr(error, "context", None) or "")
    where, opened_at = _mark(error, "problem_mark"), _mark(error, "context_mark")
    line = where or opened_at
    if problem.startswith("ungültiges Datum"):
        return _date(lines, line, problem)
    if context.startswith("while parsing a flow") and problem.startswith("expected ','"):
        opener = unclosed((_parts(lines(opened_at)) or ("", "", ""))[2])
        if opener in "[{" and opener:
            return _opened(lines, opened_at, opener)
    if context == "while scanning a quoted scalar" and opened_at is not None:
        opener = unclosed((_parts(lines(opened_at)) or ("", "", ""))[2])
        if opener:
            return _opened(lines, opened_at, opener)
    if "escape" in problem and "double-quoted" in context:
        parts = _parts(lines(line)) or ("", "wert", "")
        return line, (
            f"YAML-Fehler in Feld '{parts[1]}': ein Backslash (\\) in doppelten "
            "Anführungszeichen leitet ein Sonderzeichen ein – bitte einfache Anführungszeichen "
            f"verwenden: {parts[1]}: '{_inner(parts[2])}'"
        )
    if "'\\t'" in problem:
        return line, (
            "YAML-Fehler: Tabulator in der Zeile – YAML erlaubt zum Einrücken und nach dem "
            "Doppelpunkt nur Leerzeichen; bitte den Tabulator durch Leerzeichen ersetzen: "
            f"„{lines(line).replace(chr(9), '  ').rstrip()}“"
        )
    if any(sign in problem for sign in SPECIAL_PROBLEMS) or context.startswith(SPECIAL_CONTEXTS):
        number = opened_at if context.startswith(SPECIAL_CONTEXTS) and opened_at else line
        special = _special_start(lines, number)
        if special is not None:
            return special
        start = lines(number).strip()[:1]
        if start and start in RESERVED_START:
            return number, (
                f"YAML-Fehler: eine Zeile der Metadaten darf nicht mit {start} beginnen – bitte "
                "das Zeichen entfernen oder den Wert in Anführungszeichen setzen."
            )
    if problem == "mapping values are not allowed here" and where is not None:
        return _colon(lines, where, _column(error))
    if problem.startswith("could not find expected ':'") and opened_at is not None:
        return opened_at, (
            f"YAML-Fehler: „{lines(opened_at).strip()}“ ist kein Feld – jede Zeile der "
            "Metadaten hat die Form feld: wert; Fließtext gehört unter die schließende "
            "Zeile '---'."
        )
    if problem.startswith("expected '<document start>'"):
        first = _first_indented(lines) or line
        return first, (
            "YAML-Fehler: die Zeile ist eingerückt – Felder stehen ganz links, ohne "
            f"Leerzeichen am Anfang: {lines(first).strip()}"
        )
    if problem.startswith("expected <block end>") and where is not None:
        quote = lines.first_unclosed(where)
        if quote is not None:
            return _opened(lines, *quote)
        return _continued(lines, where, _column(error))
    return line, GENERIC


def not_a_mapping(data: object, raw: str) -> tuple[int | None, str]:
    """(file line, message) for front matter that parsed, but not into ``feld: wert``."""
    lines = _Lines(raw)
    number = next(
        (n for n in range(2, len(lines.lines) + 1) if lines(n).strip()),
        None,
    )
    line = lines(number).strip()
    if isinstance(data, list):
        return number, (
            "YAML-Fehler: die Metadaten sind eine Liste – sie bestehen aus Zeilen der Form "
            "feld: wert, z. B. title: Mein Titel"
        )
    key, colon, value = line.partition(":")
    if colon and SIMPLE_KEY.fullmatch(key) and value and not value[0].isspace():
        return number, (
            f"YAML-Fehler: „{line}“ – nach dem Doppelpunkt fehlt ein Leerzeichen; bitte so "
            f"schreiben: {key}: {value}"
        )
    return number, (
        f"YAML-Fehler: „{line}“ ist kein Feld – die Metadaten bestehen aus Zeilen der Form "
        "feld: wert, z. B. title: Mein Titel"
    )
