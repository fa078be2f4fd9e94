"""Markdown reader that accepts YAML front matter (``---`` … ``---``) and native headers.

YAML values keep their types: lists become separate tags, dates with time zones
stay aware, booleans stay booleans. Files without front matter fall back to
Pelican's own ``Key: value`` headers. Every error names the file, the field and,
for YAML, the line.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import frontmatter
import yaml
from markdown import Markdown
from pelican import signals
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime, get_date, pelican_open

from plugins.content_checks import display_path

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified")
TEXT_FIELDS = ("title", "slug", "status", "template", "lang", "save_as", "url", "translation")
LIST_WRAPPERS = {"tags": Tag, "authors": Author}
SINGLE_WRAPPERS = {"category": Category, "author": Author}


class ContentError(ValueError):
    """A content file cannot be used; the message names the file and the problem."""


class _Loader(yaml.SafeLoader):
    """SafeLoader whose invalid dates report their line instead of a bare ValueError."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise yaml.constructor.ConstructorError(
                None, None, f"ungültiges Datum {node.value!r} ({error})", node.start_mark
            ) from error


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str] | None:
    """Return ``(metadata, body)`` or None when the file has no front matter."""
    if not text.lstrip("\ufeff").startswith("---"):
        return None
    handler = frontmatter.YAMLHandler()
    try:
        raw, body = handler.split(text.lstrip("\ufeff"))
    except ValueError:
        raise ContentError(
            f"{source}, Zeile 1: Die Metadaten beginnen mit '---', "
            "aber die schließende Zeile '---' fehlt."
        ) from None
    try:
        data = handler.load(raw, Loader=_Loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        # The YAML text starts right after the opening '---' (its own line 1).
        line = f", Zeile {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContentError(f"{source}{line}: YAML-Fehler in den Metadaten: {problem}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ContentError(
            f"{source}: Die Metadaten müssen aus Zeilen 'feld: wert' bestehen, "
            f"gefunden wurde {type(data).__name__}."
        )
    return data, body


def to_datetime(value: Any, field: str, source: str) -> SafeDatetime:
    """Turn a YAML or text date into Pelican's SafeDatetime (time zone kept)."""
    if isinstance(value, dt.datetime):
        return SafeDatetime(*value.timetuple()[:6], value.microsecond, tzinfo=value.tzinfo)
    if isinstance(value, dt.date):
        return SafeDatetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return get_date(value.strip())
        except (ValueError, OverflowError):
            pass
    raise ContentError(
        f"{source}: Feld '{field}': {value!r} ist kein gültiges Datum "
        "(erwartet z. B. 2026-03-14 oder 2026-03-14 09:30 +01:00)."
    )


def to_text(value: Any, field: str, source: str) -> str:
    """Scalars become text; lists and mappings are an author's mistake."""
    if isinstance(value, (list, dict)):
        raise ContentError(f"{source}: Feld '{field}' muss ein einzelner Text sein.")
    if isinstance(value, bool):
        return "ja" if value else "nein"
    return "" if value is None else str(value)


def to_names(value: Any, field: str, source: str) -> list[str]:
    """A YAML list or a comma-separated text becomes a list of names."""
    if value is None:
        return []
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [to_text(item, field, source) for item in value]
    else:
        items = [to_text(value, field, source)]
    return [item.strip() for item in items if str(item).strip()]


class FrontMatterMarkdownReader(MarkdownReader):
    """Markdown with YAML front matter, falling back to Pelican's native headers."""

    def read(self, source_path: str):
        # Pelican logs only "Could not process <file>" for a reader's exception,
        # so the reason is logged here, where it is known.
        try:
            return self._read(source_path)
        except ContentError as error:
            logger.error("%s", error)
            raise
        except ValueError as error:  # Pelican's own header parsing, e.g. an invalid date
            message = f"{display_path(source_path)}: Fehler in den Metadaten: {error}"
            logger.error("%s", message)
            raise ContentError(message) from error

    def _read(self, source_path: str):
        with pelican_open(source_path) as text:
            parsed = split_front_matter(text, display_path(source_path))
        if parsed is None:
            content, metadata = super().read(source_path)
            return content, self._check(metadata, source_path)
        data, body = parsed
        self._source_path = source_path
        self._md = Markdown(**self._settings_without_meta())
        content = self._md.convert(body)
        metadata = self._convert(data, source_path)
        return content, self._check(metadata, source_path)

    def _settings_without_meta(self) -> dict[str, Any]:
        settings = dict(self.settings["MARKDOWN"])
        settings["extensions"] = [
            ext for ext in settings.get("extensions", []) if ext != "markdown.extensions.meta"
        ]
        return settings

    def _convert(self, data: dict[str, Any], source_path: str) -> dict[str, Any]:
        source = display_path(source_path)
        metadata: dict[str, Any] = {}
        for key, value in data.items():
            name = str(key).lower().strip()
            if name in DATE_FIELDS:
                metadata[name] = to_datetime(value, name, source)
            elif name in LIST_WRAPPERS:
                wrapper = LIST_WRAPPERS[name]
                metadata[name] = [wrapper(n, self.settings) for n in to_names(value, name, source)]
            elif name in SINGLE_WRAPPERS:
                text = to_text(value, name, source).strip()
                if text:
                    metadata[name] = SINGLE_WRAPPERS[name](text, self.settings)
            elif name in TEXT_FIELDS:
                metadata[name] = to_text(value, name, source)
            elif name in self.settings["FORMATTED_FIELDS"]:
                self._md.reset()
                metadata[name] = self._md.convert(to_text(value, name, source))
            elif name == "related_posts":
                metadata[name] = ",".join(to_names(value, name, source))
            else:
                metadata[name] = value
        return metadata

    def _check(self, metadata: dict[str, Any], source_path: str) -> dict[str, Any]:
        source = display_path(source_path)
        if "title" in metadata and not str(metadata["title"]).strip():
            raise ContentError(f"{source}: Feld 'title' ist leer; jede Seite braucht einen Titel.")
        return metadata


def add_reader(readers) -> None:
    """Use the front matter reader for every Markdown extension."""
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader


def register() -> None:
    signals.readers_init.connect(add_reader)
