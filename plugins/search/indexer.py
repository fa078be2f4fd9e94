"""The Pagefind index of a finished site, written next to its pages and replaced whole.

Pagefind reads every HTML file of the folder; where any page marks its main content
with ``data-pagefind-body``, pages without that mark are left out, and inside it
elements marked ``data-pagefind-ignore`` are skipped. The index is written into a
temporary folder and renamed into place, so a failed or interrupted run never leaves
half an index behind (the warm preview builds in place). Pagefind's ready-made
interfaces are removed: the theme brings its own (``theme/static/js/search.js``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

FOLDER = "pagefind"
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


def _run(site: Path, target: Path, language: str) -> None:
    """Run the Pagefind binary that the ``pagefind-bin`` package ships, and wait for it.

    The binary's exit is the one sure sign that every file is written (the package's
    asynchronous API can end its backend while files are still being written).
    """
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("das Programm pagefind fehlt (Paket pagefind-bin)")
    command = [str(executable), "--site", str(site), "--output-path", str(target)]
    command += ["--force-language", language, "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["ohne Meldung"]
        raise SearchIndexError(f"pagefind endete mit Status {result.returncode}: {last[0]}")


def indexed_pages(folder: Path) -> int:
    """Pages in a written index, as Pagefind counts them in its entry file."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def write_index(site: Path, language: str) -> IndexReport:
    """Index the HTML files of ``site`` into ``site/pagefind``, replacing an older index."""
    start = time.perf_counter()
    site = site.resolve()
    fresh, old = site / f".{FOLDER}.new", site / f".{FOLDER}.old"
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        _run(site, fresh, language)
    except (OSError, SearchIndexError) as error:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError(str(error)) from None
    if not (fresh / "pagefind.js").is_file():
        shutil.rmtree(fresh, ignore_errors=True)
        raise SearchIndexError("Pagefind hat keine pagefind.js geschrieben")
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    final = site / FOLDER
    if final.exists():
        final.rename(old)
    fresh.rename(final)
    shutil.rmtree(old, ignore_errors=True)
    return IndexReport(indexed_pages(final), folder_size(final), time.perf_counter() - start)
