"""Rendered pages kept in the build cache, so a build with a warm cache renders only what
changed, also into an empty output folder (the builds of ``make html``, CI and deploy
hosts).

The fingerprints are the warm preview's (``incremental.py``): a page rendered for an
article or a list of articles is described by the site's global version and its own
context values. Between processes the global version also covers what a running
preview cannot change: the kit's code (every ``.py`` of ``plugins/``), the versions of
the libraries that shape a page, and every file in ``content/`` that is not an article
(pictures, data). An entry is stored as ``seiten/<key>.html``, key = hash of the page's
address and fingerprint, sealed with its digest (``site_settings.cache_files``): a
damaged or foreign entry counts as absent and the page is rendered. After a good build
the store keeps only the entries this build or the one before used or made.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plugins.site_settings.cache_files import keep_only, seal, usable, write_sealed

FOLDER = "seiten"
#: Libraries whose version can change what a rendered page holds.
LIBRARIES = ("pelican", "jinja2", "markdown", "pymdown-extensions", "markupsafe", "babel")
PLUGINS = Path(__file__).resolve().parents[1]


def _digest_files(files: list[Path], root: Path) -> str:
    hasher = hashlib.blake2b(digest_size=16)
    for file in files:
        hasher.update(str(file.relative_to(root)).encode() + b"\0")
        hasher.update(file.read_bytes())
    return hasher.hexdigest()


def code_version() -> str:
    """The kit's plugin code and the library versions (a kit update renders anew)."""
    files = sorted(PLUGINS.rglob("*.py"))
    libraries = []
    for name in LIBRARIES:
        try:
            libraries.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            libraries.append(f"{name}=-")
    return _digest_files(files, PLUGINS) + ";" + ",".join(libraries)


def content_files_version(content: Path, articles: set[str]) -> str:
    """Every file in content/ but the articles (each article page has its own digest)."""
    files = sorted(
        f for f in content.rglob("*") if f.is_file() and str(f.resolve()) not in articles
    )
    return _digest_files(files, content)


class PageStore:
    """The rendered pages of earlier builds, by address and fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.kept: set[str] = set()  # entry names this build used or made

    def entry(self, relative: str, fingerprint: str) -> Path:
        key = hashlib.blake2b(f"{relative}\0{fingerprint}".encode(), digest_size=16).hexdigest()
        return self.folder / f"{key}.html"

    def reusable(self, relative: str, fingerprint: str) -> Path | None:
        """The stored page, if it is whole; the entry is kept either way (it is made)."""
        entry = self.entry(relative, fingerprint)
        self.kept.add(entry.name)
        return entry if usable(entry) else None

    def keep(self, page: Path, relative: str, fingerprint: str, data: bytes) -> None:
        """Store a page just written with ``data`` (a link to it; a copy across file
        systems)."""
        entry = self.entry(relative, fingerprint)
        partial = entry.with_name(f".{entry.name}.{os.getpid()}.part")
        try:
            try:
                os.link(page, partial)
            except FileNotFoundError:  # the store's folder is made with its first page
                entry.parent.mkdir(parents=True, exist_ok=True)
                os.link(page, partial)
        except OSError:  # another file system
            write_sealed(entry, data)
            return
        partial.replace(entry)
        seal(entry, data)

    def prune(self) -> None:
        """After a good build: forget every entry that neither it nor the build before
        used or made."""
        keep_only(self.folder, self.kept)
