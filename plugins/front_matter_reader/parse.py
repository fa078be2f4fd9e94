"""Turning one Markdown source into HTML and raw metadata, once.

Pure work on text, safe to run in a worker process: ``Converter`` keeps one Markdown
instance per kind of file (YAML front matter, Pelican headers) and resets it between
files. Titles get the same German typography as the body (as plain text, „so“), and a
summary is inline Markdown whose raw HTML is shown as text.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import frontmatter
import yaml
from markdown import Markdown

from plugins.site_settings.facts import UnknownFactError, facts_of, line_of, substitute_all
from plugins.site_settings.paths import display_path
from plugins.site_settings.yaml_errors import explain, not_a_mapping

META_EXTENSION = "markdown.extensions.meta"
TAG = re.compile(r"<[^>]+>")


class ContentError(ValueError):
    """A content file cannot be used; the message names the file and the problem."""


class _Checks:
    """What the kit's YAML loaders add to PyYAML's safe one: invalid dates report their
    line instead of a bare ValueError, and a field written twice is refused."""

    def construct_yaml_timestamp(self, node):
        try:
            return yaml.constructor.SafeConstructor.construct_yaml_timestamp(self, node)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"ungültiges Datum {node.value!r} ({error})", node.start_mark
            ) from error

    def construct_mapping(self, node, deep=False):
        """A field written twice is refused: YAML would silently keep the second value."""
        first: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in first:
                raise DuplicateField(key, first[key], key_node.start_mark.line)
            first.setdefault(key, key_node.start_mark.line)
        return yaml.constructor.SafeConstructor.construct_mapping(self, node, deep)


class DuplicateField(yaml.YAMLError):
    def __init__(self, key: str, first: int, again: int) -> None:
        super().__init__(key)
        self.key, self.first, self.again = key, first, again


class _Loader(_Checks, yaml.SafeLoader):
    """PyYAML's own parser: its messages are the ones ``yaml_errors`` explains."""


#: libyaml's parser, eight times as fast. A file it refuses is parsed again by
#: ``_Loader``, so an author reads the same message either way; so is one that libyaml
#: would take where PyYAML refuses it (``LENIENT``).
_FastLoader = _Loader
if getattr(yaml, "CSafeLoader", None) is not None:

    class _FastLoader(_Checks, yaml.CSafeLoader):  # type: ignore[no-redef]
        pass


for _loader in {_Loader, _FastLoader}:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)


#: What libyaml reads and PyYAML refuses: a tab (``title:<Tab>X``), a comment right after
#: a block scalar's sign (``hinweis: >-#``). Found by tests/…/test_fast_yaml.py.
LENIENT = re.compile(r"\t|[|>][-+0-9]*#")


def load_yaml(raw: str) -> Any:
    """The front matter's data (libyaml when installed); errors as PyYAML words them."""
    if not LENIENT.search(raw):
        try:
            return yaml.load(raw, Loader=_FastLoader)  # noqa: S506 - a safe loader
        except yaml.YAMLError:
            if _FastLoader is _Loader:
                raise
    return yaml.load(raw, Loader=_Loader)  # noqa: S506 - a safe loader


UNQUOTED_FACT = re.compile(r"^\s*(?:-\s+|[^\s:#][^:#]*:\s+)(\{\{.*)$")


def _unquoted_fact(raw: str) -> tuple[int, str] | None:
    """(line, message) for a YAML value that starts with ``{{`` without quotes."""
    for number, line in enumerate(raw.splitlines(), start=1):  # raw starts after "---"
        match = UNQUOTED_FACT.match(line)
        if match:
            value = match.group(1).strip()
            return number, (
                f"Ein Wert, der mit {{{{ beginnt, braucht Anführungszeichen – bitte "
                f'"{value}" schreiben.'
            )
    return None


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str] | None:
    """Return ``(metadata, body)`` or None when the file has no front matter."""
    if not text.lstrip("\ufeff").startswith("---"):
        return None
    handler = frontmatter.YAMLHandler()
    try:
        raw, body = handler.split(text.lstrip("\ufeff"))
    except ValueError:
        raise ContentError(
            f"{source}, Zeile 1: Die Metadaten beginnen mit '---', aber die schließende "
            "Zeile '---' fehlt – bitte nach der letzten Zeile der Metadaten eine Zeile '---' "
            "einfügen."
        ) from None
    try:
        data = load_yaml(raw)
    except DuplicateField as twice:  # raw starts with the newline after the first ---
        raise ContentError(
            f"{source}, Zeile {twice.again + 1}: Feld '{twice.key}' steht zweimal in den "
            f"Metadaten (zuerst in Zeile {twice.first + 1}) – bitte eine der beiden Zeilen "
            "löschen."
        ) from None
    except yaml.YAMLError as error:
        # The YAML text starts right after the opening '---' (line 1 of the file); the
        # message names the line of the mistake and its fix (site_settings.yaml_errors).
        number, message = explain(error, raw)
        unquoted = _unquoted_fact(raw)
        if unquoted is not None:
            number, message = unquoted
        line = f", Zeile {number}" if number is not None else ""
        raise ContentError(f"{source}{line}: {message}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        number, message = not_a_mapping(data, raw)
        line = f", Zeile {number}" if number is not None else ""
        raise ContentError(f"{source}{line}: {message}")
    return data, body


@dataclass
class Parsed:
    """One source file, converted: the body, its metadata as written, and errors."""

    html: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    native: bool = False  # Pelican ``Key: value`` headers (values are lists of lines)
    title: str | None = None  # with German typography, as plain text
    summary: str | None = None  # inline HTML, raw HTML of the author shown as text
    error: str = ""

    def __reduce__(self):
        # The body as UTF-8 bytes: pickling a str keeps a UTF-8 copy inside the string
        # for as long as it lives (CPython), 13 MB more memory for a read cache of 5,000
        # posts that the build saves and keeps on using.
        state = (self.html.encode(), self.fields, self.native, self.title, self.summary, self.error)
        return _unpickled, state


def _unpickled(html: bytes, *rest) -> Parsed:
    return Parsed(html.decode(), *rest)


class Converter:
    """The Markdown instances of one process (reused: ``reset`` between files)."""

    def __init__(self, markdown_settings: dict[str, Any]) -> None:
        self.facts = facts_of(markdown_settings)
        extensions = list(markdown_settings.get("extensions", []))
        without_meta = [ext for ext in extensions if ext != META_EXTENSION]
        base = {**markdown_settings, "extensions": without_meta}
        self.plain = Markdown(**base)
        self.native = Markdown(**{**base, "extensions": [*without_meta, META_EXTENSION]})

    def _convert(self, md: Markdown, text: str) -> str:
        md.reset()
        return md.convert(text)

    def inline(self, text: str) -> str:
        """Markdown for a short text whose HTML is shown as text (summaries)."""
        return self._convert(self.plain, html.escape(text, quote=False))

    def title(self, text: str) -> str:
        """A title with German quotes and dashes, as plain text."""
        rendered = self._convert(self.plain, html.escape(text.strip(), quote=False))
        return html.unescape(TAG.sub("", rendered)).strip()

    def parse(self, text: str, source: str) -> Parsed:
        try:
            return self._parse(text, source)
        except ContentError as error:
            return Parsed(error=str(error))
        except UnknownFactError as unknown:
            line = unknown_line(text, unknown)
            where = f", Zeile {line}" if line else ""
            return Parsed(error=f"{source}{where}: {unknown.explain()}")

    def _parse(self, text: str, source: str) -> Parsed:
        front = split_front_matter(text, source)
        if front is None:
            body = self._convert(self.native, text)
            meta = {k.lower(): v for k, v in getattr(self.native, "Meta", {}).items()}
            title = meta["title"][0] if meta.get("title") else None
            summary = "\n".join(meta["summary"]) if meta.get("summary") else None
            parsed = Parsed(body, meta, native=True)
        else:
            data, markdown_body = front
            if self.facts is not None:
                data = substitute_all(data, self.facts)
            body = self._convert(self.plain, markdown_body)
            title = data.get("title") if isinstance(data.get("title"), str) else None
            summary = data.get("summary") if isinstance(data.get("summary"), str) else None
            parsed = Parsed(body, data)
        parsed.title = self.title(title) if title and title.strip() else None
        parsed.summary = self.inline(summary) if summary else None
        return parsed


def unknown_line(text: str, unknown: UnknownFactError) -> int | None:
    """The file line of an unknown ``{{ name }}`` (the first place it is written)."""
    return line_of(text, unknown.name)


def parse_sources(paths: list[str], markdown_settings: dict[str, Any]) -> list[tuple[str, Parsed]]:
    """Parse several files with one converter (the unit of work of a worker process)."""
    converter = Converter(markdown_settings)
    results = []
    for path in paths:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
        results.append((path, converter.parse(text, display_path(path))))
    return results
