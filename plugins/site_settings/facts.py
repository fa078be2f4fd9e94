"""Owner facts in content: ``{{ zeiten }}`` in a page, post, FAQ answer or questionnaire.

A fact is written once, in owner.yml, and content refers to it by name. The body of every
Markdown file gets the values through a Python-Markdown preprocessor (so the build's
read cache sees them as part of the Markdown settings); front-matter texts get them in
the reader (``substitute_all``). An unknown name is an error naming file and line.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from markdown import Extension
from markdown.preprocessors import Preprocessor

from .owner import site_name

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]*)\s*\}\}")
EXTENSION = "plugins.site_settings.facts"


class UnknownFactError(ValueError):
    """``{{ name }}`` names no fact; ``line`` is 1-based within the text, when known."""

    def __init__(self, name: str, known: list[str], line: int | None = None) -> None:
        super().__init__(name)
        self.name = name
        self.known = known
        self.line = line

    def explain(self) -> str:
        """The message without the file: what is wrong and what to write."""
        close = difflib.get_close_matches(self.name, self.known, n=1)
        guess = f"meinten Sie {{{{ {close[0]} }}}}? " if close else ""
        return (
            f"{{{{ {self.name} }}}} ist keine Angabe aus owner.yml – {guess}bitte einen dieser "
            f"Namen verwenden: {', '.join(self.known)}."
        )


def fact_values(owner: dict[str, Any]) -> dict[str, str]:
    """The names content may use, with their text (from the checked owner facts)."""
    if not owner:
        return {}
    plain = [
        "name",
        "firma",
        "taetigkeit",
        "untertitel",
        "strasse",
        "plz",
        "ort",
        "bundesland",
        "email",
        "website",
        "zeiten",
        "antwortzeit",
        "ust_id",
        "wirtschafts_id",
        "ust_hinweis",
        "initialen",
        "verantwortlich",
    ]
    facts = {key: str(owner.get(key) or "") for key in plain}
    facts["firma"] = site_name(owner)  # the site's name, as its header shows it
    facts["telefon"] = owner.get("telefon_anzeige", "")
    facts["telefon_link"] = owner.get("telefon_link", "")
    facts["anschrift"] = (
        f"{owner.get('strasse', '')}, {owner.get('plz', '')} {owner.get('ort', '')}"
    )
    return facts


#: Facts that read other owner.yml fields than their own name.
SOURCES = {
    "firma": (),  # never empty: her name or job title stands in (site_name)
    "telefon": ("telefon",),
    "telefon_link": ("telefon",),
    "anschrift": ("strasse", "plz", "ort"),
    "verantwortlich": ("name",),
}


def empty_facts(owner: dict[str, Any]) -> set[str]:
    """The names content may use whose owner.yml field is still empty (they read "")."""
    empty = set(owner.get("leer") or {})
    names = set(fact_values(owner)) if empty else set()
    return {name for name in names if empty & set(SOURCES.get(name, (name,)))}


def empty_fact_lines(lines: list[str], empty: set[str], path: str) -> list[str]:
    """A German line for each line of a source that uses a fact still empty."""
    found: list[str] = []
    if not empty:
        return found
    for number, line in enumerate(lines, start=1):
        names = [m.group(1) for m in PLACEHOLDER.finditer(line) if m.group(1) in empty]
        if names:
            used = ", ".join(f"{{{{ {name} }}}}" for name in dict.fromkeys(names))
            found.append(
                f"{path}, Zeile {number}: {used} ist in owner.yml noch leer – hier steht "
                "deshalb vorerst nichts, bis Sie es dort eintragen."
            )
    return found


def substitute(text: str, facts: dict[str, str]) -> str:
    """``text`` with every ``{{ name }}`` replaced; UnknownFactError (with its line) otherwise."""
    if "{{" not in text:
        return text

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in facts:
            line = text.count("\n", 0, match.start()) + 1
            raise UnknownFactError(name, sorted(facts), line)
        return facts[name]

    return PLACEHOLDER.sub(value, text)


def substitute_all(value: Any, facts: dict[str, str]) -> Any:
    """Every text inside front-matter data (lists and mappings included), substituted."""
    if isinstance(value, str):
        return substitute(value, facts)
    if isinstance(value, list):
        return [substitute_all(item, facts) for item in value]
    if isinstance(value, dict):
        return {key: substitute_all(item, facts) for key, item in value.items()}
    return value


def line_of(raw: str, name: str) -> int | None:
    """The 1-based line of ``raw`` where ``{{ name }}`` is written first."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if any(match.group(1) == name for match in PLACEHOLDER.finditer(line)):
            return number
    return None


class _FactsPreprocessor(Preprocessor):
    def __init__(self, md, facts: dict[str, str]) -> None:
        super().__init__(md)
        self.facts = facts

    def run(self, lines: list[str]) -> list[str]:
        return substitute("\n".join(lines), self.facts).split("\n")


class FactsExtension(Extension):
    """Python-Markdown extension: ``{{ name }}`` → the owner's fact, before any parsing."""

    def __init__(self, **kwargs) -> None:
        self.config = {"facts": [{}, "name → text"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API
        md.preprocessors.register(
            _FactsPreprocessor(md, self.getConfig("facts")), "owner_facts", 40
        )


def makeExtension(**kwargs) -> FactsExtension:  # noqa: N802 - Python-Markdown's API
    return FactsExtension(**kwargs)


def facts_of(markdown_settings: dict[str, Any]) -> dict[str, str] | None:
    """The facts configured in a MARKDOWN setting (None: the extension is not in use)."""
    config = (markdown_settings.get("extension_configs") or {}).get(EXTENSION)
    return None if config is None else dict(config.get("facts") or {})
