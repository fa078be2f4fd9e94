"""The Pagefind index of a finished site, written next to its pages and replaced whole.

Where any page marks its main content with ``data-pagefind-body``, Pagefind leaves out
the pages without that mark, and inside it skips elements marked
``data-pagefind-ignore``. So it is shown only the marked pages (named in its ``glob``):
the same index, without parsing every list page (a quarter of Pagefind's time at 5,000
posts). It runs in a folder of its own, with a configuration file written there, so a
``pagefind.yml`` in the project never changes the index. The index is written into a
temporary folder and renamed into place, so a failed or interrupted run never leaves
half an index behind (the warm preview builds in place). Pagefind's ready-made
interfaces are removed: the theme brings its own (``theme/static/js/search.js``).

With a cache folder, an index is kept there under the digest of what it was made
from (the path and bytes of every marked page, or of every page when none is marked;
the language; Pagefind's version); a build whose marked pages are all the same takes
it from there instead of running Pagefind. Every file of a kept index is checked
against the list of digests made with it: a damaged entry is never used, Pagefind runs.

A build starts Pagefind as soon as its articles and pages are written (``start_index``;
their files do not change after that; a first build, with no index kept, even before
it has read them for the mark) and finishes the index once the lists are written too
(``finish_index``): should any other page carry the mark after all, that run is dropped
and the index made anew, so the index is always the one ``write_index`` makes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from plugins.site_settings.cache_files import seal, usable

FOLDER = "pagefind"
#: The mark on an element (a page that only quotes it in its text has it escaped, and
#: Pagefind would skip that page anyway)
MARK = re.compile(rb"<[A-Za-z][^<>]*\sdata-pagefind-body[\s>=/]")
#: Folders of this module's own in the site, never indexed themselves
OWN = (FOLDER, f".{FOLDER}.new", f".{FOLDER}.old", f".{FOLDER}.lauf")
#: What a page's path may keep in Pagefind's glob; any other character (a glob's own,
#: such as ``{`` or ``,``, or one it cannot escape) stands as ``?``, any one character.
#: Should that name an unmarked page as well, Pagefind leaves it out all the same.
GLOB_PLAIN = re.compile(r"[^\w/. -]")
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


def _start(
    site: Path, target: Path, language: str, pages: list[str] | None = None
) -> subprocess.Popen:
    """Start the Pagefind binary that the ``pagefind-bin`` package ships (``_wait`` ends it)
    over ``pages`` (relative to ``site``) or, with None, every page of ``site``.

    It runs in the folder ``site/.pagefind.lauf`` (``_made`` or ``_run`` removes it), where its
    configuration file names the pages. The binary's exit is the one sure sign that every
    file is written (the package's asynchronous API can end its backend while files are
    still being written).
    """
    executable = _executable()
    if executable is None:
        raise SearchIndexError("das Programm pagefind fehlt (Paket pagefind-bin)")
    run = site / OWN[-1]
    run.mkdir(exist_ok=True)
    config = (
        {"glob": "{" + ",".join(GLOB_PLAIN.sub("?", page) for page in pages) + "}"} if pages else {}
    )
    (run / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    command = [str(executable), "--site", str(site), "--output-path", str(target)]
    command += ["--force-language", language, "--silent"]
    return subprocess.Popen(
        command, cwd=run, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait(process: subprocess.Popen) -> None:
    out, err = process.communicate()
    if process.returncode != 0:
        last = (err or out).strip().splitlines()[-1:] or ["ohne Meldung"]
        raise SearchIndexError(f"pagefind endete mit Status {process.returncode}: {last[0]}")


def _run(site: Path, target: Path, language: str) -> None:
    """Run Pagefind over every page of ``site`` into ``target`` and wait for it."""
    try:
        _wait(_start(site, target, language))
    finally:
        shutil.rmtree(site / OWN[-1], ignore_errors=True)


def _make(site: Path, fresh: Path, language: str, marked: list[str]) -> None:
    """Run Pagefind into ``fresh`` over the ``marked`` pages (all of ``site`` when no page
    is marked), without the interfaces the theme does not use."""
    _made(site, fresh, _begin(site, fresh, language, marked))


def _begin(site: Path, fresh: Path, language: str, marked: list[str]) -> subprocess.Popen:
    """Pagefind started over the ``marked`` pages, or every page of ``site`` if none is."""
    try:
        return _start(site, fresh, language, marked)
    except (OSError, SearchIndexError) as error:
        shutil.rmtree(site / OWN[-1], ignore_errors=True)
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(error)) from None


def _made(site: Path, fresh: Path, process: subprocess.Popen) -> None:
    """Wait for the Pagefind run ``_begin`` started and tidy what it wrote."""
    try:
        _wait(process)
    except (OSError, SearchIndexError) as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(error)) from None
    finally:
        shutil.rmtree(site / OWN[-1], ignore_errors=True)
    if not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError("Pagefind hat keine pagefind.js geschrieben")
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)


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


def survey(site: Path, language: str, pages: list[str] | None = None) -> tuple[str, list[str]]:
    """What an index is made from (the marked pages' paths and bytes, or every page's when
    none is marked; the language; Pagefind), as a digest; and the pages that mark their
    main content (relative to ``site``, as text: a large site has thousands).
    ``pages``: only these (relative), not every page of ``site``."""
    start = f"{language}\0{_pagefind_version()}\0{','.join(UNUSED)}".encode()
    every = hashlib.blake2b(start, digest_size=16)
    only_marked = every.copy()
    marked = []
    for relative in sorted(_pages(site) if pages is None else pages):
        data = (site / relative).read_bytes()
        name = relative.encode() + b"\0"
        every.update(name)
        every.update(data)
        if MARK.search(data):
            marked.append(relative)
            only_marked.update(name)
            only_marked.update(data)
    return (only_marked if marked else every).hexdigest(), marked


def _pages(site: Path) -> list[str]:
    """Every HTML page of ``site`` (relative, as text), without this module's folders."""
    found = (page.relative_to(site).as_posix() for page in site.rglob("*.html"))
    return [page for page in found if page.split("/", 1)[0] not in OWN]


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
    fresh = _clear(site)
    key, marked = survey(site, language)
    if not (cache is not None and restore(cache, key, fresh)):
        shutil.rmtree(fresh, ignore_errors=True)
        _make(site, fresh, language, marked)
        if cache is not None:
            keep(cache, key, fresh)
    return _swap_in(site, fresh, start)


def _clear(site: Path) -> Path:
    """Remove what an interrupted run left; the folder a new index is written to."""
    fresh = site / f".{FOLDER}.new"
    for leftover in (fresh, site / f".{FOLDER}.old", site / OWN[-1]):
        shutil.rmtree(leftover, ignore_errors=True)
    return fresh


def _swap_in(site: Path, fresh: Path, start: float) -> IndexReport:
    final, old = site / FOLDER, site / f".{FOLDER}.old"
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return IndexReport(indexed_pages(final), folder_size(final), time.perf_counter() - start)


@dataclass
class Started:
    """An index begun from the articles and pages while the lists are still written."""

    key: str
    marked: list[str]
    process: subprocess.Popen | None  # None: taken from the cache
    start: float
    surveyed: frozenset[str]  # the pages it was begun from (relative), final since


def start_index(site: Path, language: str, cache: Path | None, pages: list[str]) -> Started | None:
    """Begin the index of ``site`` from ``pages`` (relative: the articles and pages);
    None when none of them is marked (the index is then made at the end).

    Where the cache keeps no index (a first build), Pagefind starts over ``pages`` at
    once, and they are read for the mark and the digest while it runs: it leaves out an
    unmarked page by itself. Else they are read first, and an index kept under their
    digest is taken instead of running Pagefind."""
    start = time.perf_counter()
    site = site.resolve()
    fresh = _clear(site)
    surveyed = frozenset(pages)
    if pages and not (cache is not None and _keeps_an_index(cache)):
        process = _begin(site, fresh, language, pages)
        try:
            key, marked = survey(site, language, pages)
        except BaseException:  # a page could not be read: no run may go on writing
            _drop(site, fresh, process)
            raise
        if marked:
            return Started(key, marked, process, start, surveyed)
        _drop(site, fresh, process)
        return None
    key, marked = survey(site, language, pages)
    if not marked:
        return None
    if cache is not None and restore(cache, key, fresh):
        return Started(key, marked, None, start, surveyed)
    shutil.rmtree(fresh, ignore_errors=True)
    return Started(key, marked, _begin(site, fresh, language, marked), start, surveyed)


def _keeps_an_index(cache: Path) -> bool:
    """Whether ``cache`` holds a kept index (its list of digests), whole or not."""
    return any(cache.glob("*.txt"))


def _drop(site: Path, fresh: Path, process: subprocess.Popen) -> None:
    """End a Pagefind run whose index is not wanted, and remove what it wrote."""
    process.kill()
    process.communicate()
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(site / OWN[-1], ignore_errors=True)


def _marks_elsewhere(site: Path, started: Started) -> bool:
    """Whether a page written after the index began carries the mark."""
    return any(
        MARK.search((site / page).read_bytes())
        for page in _pages(site)
        if page not in started.surveyed
    )


def finish_index(site: Path, language: str, cache: Path | None, started: Started) -> IndexReport:
    """Every page is written: end the run ``start_index`` began and put the index in
    place; when the finished site is not what it was begun from, make it anew."""
    site = site.resolve()
    fresh = site / f".{FOLDER}.new"
    elsewhere = _marks_elsewhere(site, started)
    if started.process is not None:
        try:
            _made(site, fresh, started.process)
        except SearchIndexError:
            if not elsewhere:
                raise
    if elsewhere or not fresh.is_dir():
        return write_index(site, language, cache)
    if cache is not None and started.process is not None:
        keep(cache, started.key, fresh)
    return _swap_in(site, fresh, started.start)
