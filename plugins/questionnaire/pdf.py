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

import contextlib
import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import weakref
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
#: Setting: the program started ahead (``start_ahead``) until a questionnaire takes it.
SPARE = "QUESTIONNAIRE_PDF_SPARE"


class Maker:
    """The PDF program, running (see ``pdf_maker``); it first says whether WeasyPrint
    loads. It ends with the build at the latest, as a forked worker would: when the
    build ends it (``end``), when the build forgets it (a build that stopped early, in
    the warm preview, which goes on running), or when the build's process exits."""

    def __init__(self) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plugins.questionnaire.pdf_maker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=env,
            start_new_session=True,  # Ctrl+C reaches the build, which ends it (at exit)
        )
        self._ending = weakref.finalize(self, _end, self.process)

    def running(self) -> bool:
        return self.process.poll() is None

    def send(self, job: dict) -> None:
        try:
            self.process.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self.process.stdin.close()
        except OSError:  # it has ended already (WeasyPrint does not load): it said why
            pass

    def receive(self) -> object:
        """Its next answer; a German line when it ended without one (killed)."""
        line = self.process.stdout.readline()
        if line:
            return json.loads(line)
        self.process.wait()
        return f"Der PDF-Prozess endete unerwartet (Status {self.process.returncode})"

    def end(self) -> None:
        """End it now, whatever it does (a job's answers are read before)."""
        self._ending()


def _end(process: subprocess.Popen) -> None:
    """End the PDF program and collect its exit, so that no finished one is left behind."""
    if process.poll() is None:
        process.kill()
    process.wait()
    for stream in (process.stdin, process.stdout):
        stream.close()  # raises nothing, even with a job it never read (tested)


def start_ahead(settings: dict) -> None:
    """As a build begins: start the PDF program when the build will most likely need it
    (PDFs are on, and the cache keeps none: a first build)."""
    if settings.get(SPARE) is not None or not settings.get("QUESTIONNAIRE_PDF"):
        return
    kept = Path(settings["CACHE_PATH"]) / FOLDER
    if kept.is_dir() and any(usable(path) for path in kept.glob("*.pdf")):
        return
    with contextlib.suppress(OSError):  # no process to spare: a questionnaire tries again
        settings[SPARE] = Maker()


def end_spare(settings: dict) -> None:
    """As a build ends: the program started ahead is not needed (no PDF was missing)."""
    spare = settings.pop(SPARE, None)
    if spare is not None:
        spare.end()


def _maker(settings: dict) -> Maker:
    """The program started ahead, if it still runs, else a new one."""
    spare = settings.pop(SPARE, None)
    if spare is not None and spare.running():
        return spare
    if spare is not None:
        spare.end()
    return Maker()


class PdfJob:
    """One PDF the cache lacks, made by the PDF program into the cache.

    The program first reports whether WeasyPrint loads (``problem``; the page links the
    PDF only then), then renders; ``finish`` waits for it and copies the PDF.
    """

    def __init__(
        self, html: str, cached: Path, base_url: str, groups: dict[str, str], settings: dict
    ) -> None:
        self.cached = cached
        self._problem: str | None = None
        try:
            self._maker = _maker(settings)
        except OSError as error:  # the page then links no PDF, and the build says why
            self._problem = f"Der PDF-Prozess ließ sich nicht starten ({error})"
            return
        job = {"html": html, "cached": str(cached), "base_url": base_url, "groups": groups}
        self._maker.send({**job, "niceness": BACKGROUND_NICENESS})

    def problem(self) -> str:
        """Why no PDF can be made here, or "" once WeasyPrint has loaded (waits for that)."""
        if self._problem is None:
            self._problem = str(self._maker.receive())
        return self._problem

    def finish(self, target: Path, source: str) -> None:
        """Wait until the PDF is made and put it at ``target``; PdfError if it failed."""
        outcome = {"failure": self.problem()} if self.problem() else self._maker.receive()
        if not isinstance(outcome, dict):
            outcome = {"failure": outcome}
        self._maker.end()
        for line in outcome.get("warnings", []):
            logger.warning("%s", line)
        if failure := outcome["failure"]:
            raise PdfError(
                f"{source}: Das PDF des Fragebogens ließ sich nicht erzeugen ({failure})."
            )
        seal(self.cached)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.cached, target)
