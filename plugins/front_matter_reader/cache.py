"""Read every source once, in parallel, and remember it by content.

Before Pelican reads the articles (or pages) one by one, ``ReadCache.preread`` parses
all files that changed since they were last seen in worker processes, one per core.
The reader then takes each result from the cache. Entries are keyed by the file's
path and a hash of its bytes, so the warm preview, which keeps the cache between
builds, converts only the file that was saved.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from .parse import Parsed, parse_sources

SETTING = "READ_CACHE"  # the cache of one build (or of the warm preview) in its settings
PARALLEL_FROM = 48  # fewer files are parsed in the build process itself
CHUNK = 32


def digest(path: str) -> str:
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


class ReadCache:
    """path → (hash of the bytes, Parsed) for the sources of a site."""

    def __init__(self) -> None:
        self.entries: dict[str, tuple[str, Parsed]] = {}
        self.parsed_last = 0  # how many files the last preread converted (for the bench)

    def lookup(self, path: str) -> Parsed | None:
        entry = self.entries.get(path)
        if entry is None or entry[0] != digest(path):
            return None
        return entry[1]

    def store(self, path: str, parsed: Parsed) -> None:
        self.entries[path] = (digest(path), parsed)

    def preread(
        self, paths: list[str], markdown_settings: dict[str, Any], workers: int = 1
    ) -> None:
        """Parse every path whose bytes are new, in parallel when there are many."""
        hashes = {path: digest(path) for path in paths}
        todo = [p for p in paths if self.entries.get(p, ("",))[0] != hashes[p]]
        self.parsed_last = len(todo)
        if not todo:
            return
        if len(todo) < PARALLEL_FROM or workers < 2:  # noqa: PLR2004 - one process
            results = parse_sources(todo, markdown_settings)
        else:
            results = self._in_workers(todo, markdown_settings, workers)
        for path, parsed in results:
            self.entries[path] = (hashes[path], parsed)

    def _in_workers(self, paths: list[str], markdown_settings: dict[str, Any], workers: int):
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(parse_sources, chunk, markdown_settings) for chunk in chunks]
            return [item for future in futures for item in future.result()]
