"""Read every source once, in parallel, and remember it by content.

Before Pelican reads the articles (or pages) one by one, ``ReadCache.preread`` parses
all files that changed since they were last seen in worker processes, one per core.
The reader then takes each result from the cache. Entries are keyed by the file's
path and a hash of its bytes, so the warm preview, which keeps the cache between
builds, converts only the file that was saved.

Between builds (``make html`` after ``make html``) the results also live on disk, in
one file in the build cache (``CACHE_PATH/lesen-<key>.pickle``). Its key covers
everything else a conversion depends on: the ``MARKDOWN`` setting, the versions of
the Markdown packages and the source of the project's plugins. Any change there starts
a new file. The file holds one pickle per entry after a header, so writing it needs no
memory for the whole (a single pickle of 5,000 entries kept 13 MB of the build's
memory). It is sealed like every cache entry (``site_settings.cache_files``): a
damaged or unknown file counts as empty. Entries no longer read are dropped once they
outnumber the live ones.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import tempfile
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from plugins.site_settings.cache_files import forget, seal, usable
from plugins.site_settings.forking import forking

from .parse import Parsed, parse_sources

SETTING = "READ_CACHE"  # the cache of one build (or of the warm preview) in its settings
PARALLEL_FROM = 48  # fewer files are parsed in the build process itself
CHUNK = 32


#: What else a conversion depends on: these packages' versions and the plugins' code.
PACKAGES = ("markdown", "pymdown-extensions", "python-frontmatter", "pyyaml")
PLUGINS = Path(__file__).resolve().parents[1]


def digest(path: str) -> str:
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def _described(value: object) -> str:
    """A stable text for a setting JSON cannot show (an extension object, a function)."""
    configs = getattr(value, "getConfigs", None)
    shown = repr(sorted(configs().items())) if callable(configs) else ""
    return f"{type(value).__module__}.{type(value).__qualname__}{shown}"


def key(markdown_settings: dict[str, Any]) -> str:
    """The disk cache's key: settings, package versions, plugin sources."""
    hasher = hashlib.blake2b(digest_size=12)
    hasher.update(json.dumps(markdown_settings, sort_keys=True, default=_described).encode())
    for name in PACKAGES:
        try:
            hasher.update(f"{name}={version(name)};".encode())
        except PackageNotFoundError:
            hasher.update(f"{name}=-;".encode())
    for source in sorted(PLUGINS.rglob("*.py")):
        hasher.update(str(source.relative_to(PLUGINS)).encode() + source.read_bytes())
    return hasher.hexdigest()


#: Read caches of other settings kept besides the one in use (``make html`` and
#: ``make publish``, an owner.yml edited back and forth); older ones are removed.
KEEP_OTHERS = 2
#: The first pickle of a file: which layout follows (one pickle per entry).
HEADER = ("lesen", 3)


class DiskCache:
    """(path, hash of the bytes) → Parsed, kept in one pickle file between builds."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.entries: dict[tuple[str, str], Parsed] = {}
        self.used: set[tuple[str, str]] = set()  # read in this build (ReadCache.preread)
        self.changed = False
        self.entries = _load(file)
        if self.entries:
            with contextlib.suppress(OSError):
                os.utime(file)  # in use: the newest, whatever else is saved

    def get(self, path: str, hashed: str) -> Parsed | None:
        return self.entries.get((path, hashed))

    def put(self, path: str, hashed: str, parsed: Parsed) -> None:
        self.entries[(path, hashed)] = parsed
        self.changed = True

    def save(self) -> None:
        """Write the file (atomically) if anything was added; a failure costs only time."""
        if not self.changed:
            return
        if len(self.entries) > 2 * len(self.used):  # mostly files that are gone or changed
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "wb") as sink:
                pickle.dump(HEADER, sink, protocol=pickle.HIGHEST_PROTOCOL)
                for entry in self.entries.items():
                    pickle.dump(entry, sink, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
            seal(self.file)
        except (OSError, pickle.PicklingError):
            Path(temporary).unlink(missing_ok=True)
            return
        self.changed = False
        self._remove_old()

    def _remove_old(self) -> None:
        """Each change of settings or plugins starts a file of its own: keep a few."""
        others = [f for f in self.file.parent.glob("lesen-*.pickle") if f != self.file]
        with contextlib.suppress(OSError):
            others.sort(key=lambda f: f.stat().st_mtime_ns, reverse=True)
            for old in others[KEEP_OTHERS:]:
                old.unlink(missing_ok=True)
            forget(self.file.parent, [old.name for old in others[KEEP_OTHERS:]])


def _load(file: Path) -> dict[tuple[str, str], Parsed]:
    """The entries of a saved file (one that is damaged, of another layout or from
    another Python counts as empty)."""
    entries: dict[tuple[str, str], Parsed] = {}
    if not usable(file):
        return entries
    try:
        with file.open("rb") as handle:
            if pickle.load(handle) != HEADER:
                return entries
            while True:
                try:
                    (path, hashed), parsed = pickle.load(handle)
                except EOFError:  # the end
                    return entries
                entries[path, hashed] = parsed
    except Exception:  # noqa: BLE001 - sealed, yet unreadable here (another Python)
        return {}


class ReadCache:
    """path → (hash of the bytes, Parsed) for the sources of a site."""

    def __init__(self, *, kept: bool = True) -> None:
        self.kept = kept  # False: one build's, let go once every file is read
        self.entries: dict[str, tuple[str, Parsed]] = {}
        self.parsed_last = 0  # how many files the last preread converted (for the bench)
        self.disk: DiskCache | None = None
        self.settings_key = ""  # key() of the Markdown settings the entries were made with

    def _same_settings(self, markdown_settings: dict[str, Any]) -> str:
        """Forget every entry made with other Markdown settings (other owner facts after
        an edit of owner.yml in the warm preview, another extension): they would show
        the old texts. Returns the settings' key."""
        current = key(markdown_settings)
        if current != self.settings_key:
            self.entries, self.settings_key = {}, current
        return current

    def use_disk(self, folder: Path, markdown_settings: dict[str, Any]) -> None:
        """Keep results in ``folder`` between builds too (the file of these settings)."""
        file = Path(folder) / f"lesen-{self._same_settings(markdown_settings)}.pickle"
        if self.disk is None or self.disk.file != file:
            self.disk = DiskCache(file)

    def release(self) -> None:
        """Every file is read: a cache of one build lets go of what it holds (the
        pages keep their texts; the rest would stay in memory to the end)."""
        if not self.kept:
            self.entries, self.disk = {}, None

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
        self._same_settings(markdown_settings)
        hashes = {path: digest(path) for path in paths}
        todo = [p for p in paths if self.entries.get(p, ("",))[0] != hashes[p]]
        if self.disk is not None:
            self.disk.used.update(hashes.items())  # read in this build: kept on disk
            for path in todo:
                found = self.disk.get(path, hashes[path])
                if found is not None:
                    self.entries[path] = (hashes[path], found)
            todo = [p for p in todo if self.entries.get(p, ("",))[0] != hashes[p]]
        self.parsed_last = len(todo)
        if not todo:
            return
        if len(todo) < PARALLEL_FROM or workers < 2:  # noqa: PLR2004 - one process
            results = parse_sources(todo, markdown_settings)
        else:
            results = self._in_workers(todo, markdown_settings, workers)
        for path, parsed in results:
            self.entries[path] = (hashes[path], parsed)
            if self.disk is not None:
                self.disk.put(path, hashes[path], parsed)

    def save(self) -> None:
        """Write new results to disk (after a build's reading; not on the preview's
        quick path, where a few files changed and the next full build writes them)."""
        if self.disk is not None:
            self.disk.save()

    def _in_workers(self, paths: list[str], markdown_settings: dict[str, Any], workers: int):
        chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
        with forking() as context, ProcessPoolExecutor(workers, mp_context=context) as pool:
            futures = [pool.submit(parse_sources, chunk, markdown_settings) for chunk in chunks]
            return [item for future in futures for item in future.result()]
