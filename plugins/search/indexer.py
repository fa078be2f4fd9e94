"""The Pagefind index of a finished site, written next to its pages and replaced whole.

Where any page marks its main content with ``data-pagefind-body``, Pagefind leaves out
the pages without that mark, and inside it skips elements marked
``data-pagefind-ignore``. So it is shown only the marked pages (hard links in a
folder of their own): the same index, without parsing every list page (a quarter of
Pagefind's time at 5,000 posts). The index is written into a
temporary folder and renamed into place, so a failed or interrupted run never leaves
half an index behind (the warm preview builds in place). Pagefind's ready-made
interfaces are removed: the theme brings its own (``theme/static/js/search.js``).

With a cache folder, an index is kept there under the digest of what it was made
from (every HTML file's path and bytes, the language, Pagefind's version); a build
whose pages are all the same takes it from there instead of running Pagefind. Every
file of a kept index is checked against the list of digests made with it: a damaged
entry is never used, Pagefind runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plugins.site_settings.cache_files import seal, usable

FOLDER = "pagefind"
MARK = b"data-pagefind-body"
#: Folders of this module's own in the site, never indexed themselves
OWN = (FOLDER, f".{FOLDER}.new", f".{FOLDER}.old", f".{FOLDER}.seiten")
#: Pagefind's own interfaces; the site's search page talks to pagefind.js directly.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message says why (German, one line)."""


@dataclass
class IndexReport:
    pages: int  # pages in the index
    size: int  # bytes of the index folder
    seconds: float


def language_code(lang: str) -> str:
    """Pagefind's language (ISO 639-1) for a setting such as ``de`` or ``de_DE``."""
    return lang.replace("-", "_").split("_", 1)[0].lower()


def _executable() -> Path | None:
    """The binary ``pagefind.service`` would start: ``PAGEFIND_BINARY_PATH`` or the one of
    ``pagefind-bin`` (asked directly: the service module brings asyncio, 2 MB, into the
    build process, at its end, when its memory is highest)."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable  # noqa: PLC0415 - used once
    except ImportError:
        return None
    try:
        return get_executable()
    except FileNotFoundError:
        return None


def _run(site: Path, target: Path, language: str) -> None:
    """Run the Pagefind binary that the ``pagefind-bin`` package ships, and wait for it.

    The binary's exit is the one sure sign that every file is written (the package's
    asynchronous API can end its backend while files are still being written).
    """
    executable = _executable()
    if executable is None:
        raise SearchIndexError("das Programm pagefind fehlt (Paket pagefind-bin)")
    command = [str(executable), "--site", str(site), "--output-path", str(target)]
    command += ["--force-language", language, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["ohne Meldung"]
        raise SearchIndexError(f"pagefind endete mit Status {result.returncode}: {last[0]}")


def _make(site: Path, fresh: Path, language: str, marked: list[Path]) -> None:
    """Run Pagefind into ``fresh`` over the ``marked`` pages (all of ``site`` when no page
    is marked), without the interfaces the theme does not use."""
    shown = site / OWN[-1]
    try:
        if marked:
            _stage(site, marked, shown)
        _run(shown if marked else site, fresh, language)
    except (OSError, SearchIndexError) as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(error)) from None
    finally:
        shutil.rmtree(shown, ignore_errors=True)
    if not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError("Pagefind hat keine pagefind.js geschrieben")
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)


def _stage(site: Path, pages: list[Path], folder: Path) -> None:
    """``pages`` (relative to ``site``) at the same places in ``folder``, as hard links."""
    shutil.rmtree(folder, ignore_errors=True)
    made = set()
    for page in pages:
        target = folder / page
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        _link_or_copy(str(site / page), str(target))


def indexed_pages(folder: Path) -> int:
    """Pages in a written index, as Pagefind counts them in its entry file."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def _pagefind_version() -> str:
    try:
        return version("pagefind_bin")
    except PackageNotFoundError:
        return "-"


def survey(site: Path, language: str) -> tuple[str, list[Path]]:
    """What an index is made from (every page's path and bytes, the language, Pagefind),
    as a digest; and the pages that mark their main content (relative to ``site``)."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{language}\0{_pagefind_version()}\0{','.join(UNUSED)}".encode())
    marked = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        if relative.parts[0] in OWN:
            continue
        data = page.read_bytes()
        hasher.update(str(relative).encode() + b"\0")
        hasher.update(data)
        if MARK in data:  # also a page that only quotes the mark: Pagefind skips it
            marked.append(relative)
    return hasher.hexdigest(), marked


def _manifest(folder: Path) -> str:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    lines = [
        f"{p.relative_to(folder)}\t{hashlib.blake2b(p.read_bytes(), digest_size=16).hexdigest()}"
        for p in files
    ]
    return "\n".join(lines)


def restore(cache: Path, key: str, target: Path) -> bool:
    """Put the kept index made from ``key`` into ``target``, if it is whole."""
    entry, manifest = cache / key, cache / f"{key}.txt"
    if not usable(manifest) or not entry.is_dir():
        return False
    if _manifest(entry) != manifest.read_text(encoding="utf-8"):
        return False
    for file in sorted(p for p in entry.rglob("*") if p.is_file()):
        destination = target / file.relative_to(entry)
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            destination.hardlink_to(file)
        except OSError:
            shutil.copyfile(file, destination)
    return True


def keep(cache: Path, key: str, index: Path) -> None:
    """Keep ``index`` (made from ``key``) as the only entry of the cache."""
    try:
        if cache.exists():
            shutil.rmtree(cache)
        shutil.copytree(index, cache / key, copy_function=_link_or_copy)
        manifest = cache / f"{key}.txt"
        manifest.write_text(_manifest(cache / key), encoding="utf-8")
        seal(manifest)
    except OSError:
        shutil.rmtree(cache, ignore_errors=True)  # no room: the next build runs Pagefind


def _link_or_copy(source: str, destination: str) -> None:
    try:
        Path(destination).hardlink_to(source)
    except OSError:
        shutil.copyfile(source, destination)


def write_index(site: Path, language: str, cache: Path | None = None) -> IndexReport:
    """Index the HTML files of ``site`` into ``site/pagefind``, replacing an older index
    (taken from ``cache`` when it holds the index of exactly these pages)."""
    start = time.perf_counter()
    site = site.resolve()
    fresh, old = site / f".{FOLDER}.new", site / f".{FOLDER}.old"
    for leftover in (fresh, old, site / OWN[-1]):
        shutil.rmtree(leftover, ignore_errors=True)
    key, marked = survey(site, language)
    if not (cache is not None and restore(cache, key, fresh)):
        shutil.rmtree(fresh, ignore_errors=True)
        _make(site, fresh, language, marked)
        if cache is not None:
            keep(cache, key, fresh)
    final = site / FOLDER
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return IndexReport(indexed_pages(final), folder_size(final), time.perf_counter() - start)
