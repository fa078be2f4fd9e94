"""Fillable, tagged PDF of a questionnaire through WeasyPrint, made only when it changed.

- Form fields come from the HTML inputs (``pdf_forms``): a text field per free answer,
  a checkbox per multiple-choice option and one radio group per single choice, scale
  or yes/no question, named after the question (``pdf_groups``).
- The PDF is tagged (``pdf_tags``: structure tree, reading order, language, title) so
  screen readers can follow it. It claims no PDF/UA conformance: WeasyPrint calls its
  PDF/UA support experimental, and nothing here validates it.
- A PDF made from the same HTML with the same options by the same WeasyPrint is kept
  in the build cache (``CACHE_PATH``) and copied, so an unchanged questionnaire costs
  no WeasyPrint at all (loading it alone takes longer than a small site's build).
- A PDF the cache lacks is made by a program of its own (``pdf_maker``, see there),
  while the build reads and writes its pages: the build never holds WeasyPrint's
  memory, and the program never holds the build's pages, so neither grows with the
  other. When the cache holds no questionnaire PDF at all (a first build), the program
  is started as the build begins (``start_ahead``), and WeasyPrint loads while the
  build still uses one core.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from plugins.site_settings.cache_files import seal, usable
from plugins.site_settings.forking import BACKGROUND_NICENESS
from plugins.site_writer.render import RenderError

from .pdf_maker import PDF_OPTIONS

if TYPE_CHECKING:
    from .definition import Questionnaire

logger = logging.getLogger(__name__)

#: Where the kept PDFs are, inside the build cache
FOLDER = "fragebogen-pdf"


def pdf_groups(questionnaire: Questionnaire) -> dict[str, str]:
    """Radio group (the question's id) → the question, for every one-answer choice."""
    return {q.id: q.label for q in questionnaire.questions if q.options and q.type != "multiple"}


def cache_file(cache_dir: Path, html: str) -> Path:
    """Where the PDF for exactly this HTML (these options, this WeasyPrint) is kept."""
    try:
        engine = version("weasyprint")
    except PackageNotFoundError:
        engine = "?"
    options = ",".join(f"{key}={value}" for key, value in sorted(PDF_OPTIONS.items()))
    key = hashlib.sha256(f"{engine}\n{options}\n{html}".encode()).hexdigest()[:32]
    return cache_dir / FOLDER / f"{key}.pdf"


class PdfError(RenderError):
    """WeasyPrint loaded but could not make the PDF (the message says why); the build
    stops with it like with a page that cannot be rendered."""


#: The folder that holds the package ``plugins``: the program runs this very code,
#: however the build found it (installed, or from its working folder).
PROJECT = Path(__file__).resolve().parents[2]


def _start_maker() -> subprocess.Popen:
    """The PDF program, started now; it first says whether WeasyPrint loads."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
    maker = subprocess.Popen(
        [sys.executable, "-m", "plugins.questionnaire.pdf_maker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env=env,
        start_new_session=True,  # Ctrl+C reaches the build, which ends it (_end_all)
    )
    _running.append(maker)
    return maker


#: Every PDF program started by this process and not yet ended (killed should the
#: process end without waiting for them, as a forked worker would be), and the one
#: started ahead that no questionnaire has taken yet. It waits for any job; two builds
#: in one process (the preview) may pass it on.
_running: list[subprocess.Popen] = []
_spare: list[subprocess.Popen] = []


def _end(maker: subprocess.Popen) -> None:
    if maker in _running:
        _running.remove(maker)
    if maker.poll() is None:
        maker.kill()
    maker.wait()
    for stream in (maker.stdin, maker.stdout):
        if stream is not None:
            stream.close()


@atexit.register
def _end_all() -> None:
    for maker in list(_running):
        _end(maker)


def start_ahead(settings: dict) -> None:
    """As a build begins: start the PDF program when the build will most likely need it
    (PDFs are on, and the cache keeps none: a first build)."""
    if _spare or not settings.get("QUESTIONNAIRE_PDF"):
        return
    kept = Path(settings["CACHE_PATH"]) / FOLDER
    if kept.is_dir() and any(usable(path) for path in kept.glob("*.pdf")):
        return
    _spare.append(_start_maker())


def end_spare() -> None:
    """As a build ends: the program started ahead is not needed (no PDF was missing)."""
    while _spare:
        maker = _spare.pop()
        if maker.stdin is not None:
            maker.stdin.close()  # it ends by itself
        _end(maker)


def _maker() -> subprocess.Popen:
    """The program started ahead, if it still waits, else a new one."""
    while _spare:
        maker = _spare.pop()
        if maker.poll() is None:
            return maker
        _end(maker)
    return _start_maker()


class PdfJob:
    """One PDF the cache lacks, made by the PDF program into the cache.

    The program first reports whether WeasyPrint loads (``problem``; the page links the
    PDF only then), then renders; ``finish`` waits for it and copies the PDF.
    """

    def __init__(self, html: str, cached: Path, base_url: str, groups: dict[str, str]) -> None:
        self.cached = cached
        self._problem: str | None = None
        self._maker = _maker()
        job = {"html": html, "cached": str(cached), "base_url": base_url, "groups": groups}
        job["niceness"] = BACKGROUND_NICENESS
        try:
            self._maker.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self._maker.stdin.close()
        except OSError:  # it has ended already (WeasyPrint does not load): it said why
            pass

    def _receive(self) -> object:
        line = self._maker.stdout.readline()
        if line:
            return json.loads(line)
        self._maker.wait()  # ended without a word (killed): its exit status tells
        return f"Der PDF-Prozess endete unerwartet (Status {self._maker.returncode})"

    def problem(self) -> str:
        """Why WeasyPrint cannot load here, or "" once it has loaded (waits for that)."""
        if self._problem is None:
            self._problem = str(self._receive())
        return self._problem

    def finish(self, target: Path, source: str) -> None:
        """Wait until the PDF is made and put it at ``target``; PdfError if it failed."""
        outcome = {"failure": self.problem()} if self.problem() else self._receive()
        if not isinstance(outcome, dict):
            outcome = {"failure": outcome}
        _end(self._maker)
        for line in outcome.get("warnings", []):
            logger.warning("%s", line)
        if failure := outcome["failure"]:
            raise PdfError(
                f"{source}: Das PDF des Fragebogens ließ sich nicht erzeugen ({failure})."
            )
        seal(self.cached)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.cached, target)
