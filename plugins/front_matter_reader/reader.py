"""Markdown reader that accepts YAML front matter (``---`` … ``---``) and native headers.

YAML values keep their types: lists become separate tags, dates with time zones
stay aware, booleans stay booleans. Files without front matter fall back to
Pelican's own ``Key: value`` headers. Every error is one German line naming the file
and the field, and the line for a YAML mistake and for a native date that does not exist;
it is raised here, where the value is read.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.readers import MarkdownReader
from pelican.urlwrappers import Author, Category, Tag
from pelican.utils import SafeDatetime, get_date

from plugins.site_settings import build_workers
from plugins.site_settings.paths import display_path

from .cache import SETTING, ReadCache
from .parse import ContentError, Parsed, parse_sources

logger = logging.getLogger(__name__)

DATE_FIELDS = ("date", "modified")
TEXT_FIELDS = ("title", "slug", "status", "template", "lang", "save_as", "url", "translation")
LIST_WRAPPERS = {"tags": Tag, "authors": Author}
SINGLE_WRAPPERS = {"category": Category, "author": Author}
#: A native header line, as Python-Markdown's meta extension reads it (``Date: …``).
HEADER = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):")


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


def header_line(source_path: str, name: str) -> tuple[int, str] | None:
    """The line of the native header ``name`` and its key as written (``(2, "Date")``)."""
    try:
        lines = Path(source_path).read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            return None  # the headers end at the first empty line
        found = HEADER.match(line)
        if found and found["key"].lower() == name:
            return number, found["key"]
    return None


def invalid_native_date(source_path: str, name: str, value: str) -> str:
    """The line for a ``Date:`` (or ``Modified:``) header that is no date Pelican can read."""
    found = header_line(source_path, name)
    where = display_path(source_path) + (f", Zeile {found[0]}" if found else "")
    field = found[1] if found else name.capitalize()
    return (
        f"{where}: Feld '{field}': '{value}' ist kein gültiges Datum – bitte ein Datum "
        f"eintragen, das es gibt, z. B. {field}: 2026-03-14 09:30"
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
        except ValueError as error:  # any other refusal of Pelican's header processing
            message = f"{display_path(source_path)}: Fehler in den Metadaten: {error}"
            logger.error("%s", message)
            raise ContentError(message) from error

    def _parsed(self, source_path: str) -> Parsed:
        """The parsed file: from the build's read cache, or converted here and now."""
        cache = self.settings.get(SETTING)
        parsed = cache.lookup(source_path) if cache is not None else None
        if parsed is None:
            [(_, parsed)] = parse_sources([source_path], self.settings["MARKDOWN"])
            if cache is not None:
                cache.store(source_path, parsed)
        return parsed

    def _read(self, source_path: str):
        parsed = self._parsed(source_path)
        if parsed.error:
            raise ContentError(parsed.error)
        self._source_path = source_path
        if parsed.native:
            metadata = self._native(parsed.fields, source_path)
        else:
            metadata = self._convert(parsed.fields, source_path)
        if parsed.title is not None:
            metadata["title"] = parsed.title
        if parsed.summary is not None:
            metadata["summary"] = parsed.summary
        return parsed.html, self._check(metadata, source_path)

    def _native(self, meta: dict[str, list[str]], source_path: str) -> dict[str, Any]:
        """Pelican's own ``Key: value`` headers, processed as Pelican does."""
        output = {}
        for name, value in meta.items():
            if name in self.settings["FORMATTED_FIELDS"]:
                continue  # converted by the parser (summary)
            single = value[0] if len(value) == 1 else value
            try:
                output[name] = self.process_metadata(name, single)
            except (ValueError, OverflowError):  # Pelican's get_date: "'…' is not a valid date"
                if name not in DATE_FIELDS or not isinstance(single, str):
                    raise
                raise ContentError(invalid_native_date(source_path, name, single.strip())) from None
        return output

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
                continue  # converted by the parser (summary)
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


def preread(generator) -> None:
    """Parse all of this generator's Markdown sources at once, in parallel.

    Pelican sends its preread signal before each file; the first one does the work.
    """
    if getattr(generator, "kit_preread_done", False):
        return
    generator.kit_preread_done = True
    cache = generator.settings.get(SETTING)
    if cache is None:
        cache = generator.settings[SETTING] = ReadCache(kept=False)
    if generator.settings.get("CACHE_PATH"):
        cache.use_disk(Path(generator.settings["CACHE_PATH"]), generator.settings["MARKDOWN"])
    kind = "ARTICLE" if isinstance(generator, ArticlesGenerator) else "PAGE"
    files = generator.get_files(
        generator.settings[f"{kind}_PATHS"], exclude=generator.settings[f"{kind}_EXCLUDES"]
    )
    suffixes = tuple(f".{ext}" for ext in FrontMatterMarkdownReader.file_extensions)
    paths = [os.path.join(generator.path, f) for f in files if f.endswith(suffixes)]
    cache.preread(paths, generator.settings["MARKDOWN"], build_workers(generator.settings))
    cache.save()


def add_reader(readers) -> None:
    """Use the front matter reader for every Markdown extension."""
    for ext in FrontMatterMarkdownReader.file_extensions:
        readers.reader_classes[ext] = FrontMatterMarkdownReader


def new_cache(pelican) -> None:
    """A build without a cache from outside (the warm preview brings its own) gets one."""
    pelican.settings.setdefault(SETTING, ReadCache(kept=False))


def release_cache(generators) -> None:
    """Every file is read: a build's own cache lets go of its entries."""
    cache = generators[0].settings.get(SETTING) if generators else None
    if isinstance(cache, ReadCache):
        cache.release()


def register() -> None:
    signals.initialized.connect(new_cache)
    signals.readers_init.connect(add_reader)
    signals.article_generator_preread.connect(preread)
    signals.page_generator_preread.connect(preread)
    signals.all_generators_finalized.connect(release_cache)
