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
- A PDF the cache lacks is made by a background process (``PdfJob``): WeasyPrint loads
  and renders there while the build reads and writes its pages, and the build itself
  never holds WeasyPrint's memory.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

from plugins.site_settings.cache_files import seal
from plugins.site_settings.forking import forking, in_background, report_outcome
from plugins.site_writer.render import RenderError

if TYPE_CHECKING:
    from .definition import Questionnaire

#: How every questionnaire PDF is written; part of the cache key.
PDF_OPTIONS = {"pdf_forms": True, "pdf_tags": True}

MISSING_HINT = (
    "WeasyPrint lässt sich nicht laden. Unter Debian/Ubuntu fehlen meist die "
    "Systembibliotheken: apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
)


#: WeasyPrint's warning on a machine without HarfBuzz-Subset (weasyprint/pdf/fonts.py).
FONTTOOLS_WARNING = "Using fontTools instead of HarfBuzz-Subset for font "


class GermanFontNote(logging.Filter):
    """WeasyPrint's one warning an owner's machine commonly gets, as a German line.

    Without the system library HarfBuzz-Subset, WeasyPrint shrinks the PDF's fonts with
    fontTools and says so in English for every font. The PDF is complete either way.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(FONTTOOLS_WARNING):
            family = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
            record.msg = (
                "Fragebogen-PDF: Die Systembibliothek HarfBuzz-Subset fehlt, die Schrift "
                "„%s“ wird deshalb langsamer eingebettet (das PDF ist vollständig) – bitte "
                "installieren: apt-get install libharfbuzz-subset0"
            )
            record.args = (family,)
        return True


logging.getLogger("weasyprint").addFilter(GermanFontNote())


def pdf_problem() -> str:
    """Why no PDF can be made here, or an empty string when WeasyPrint works."""
    try:
        import weasyprint  # noqa: F401, PLC0415 - loading it is the check (Pango may be missing)
    except (ImportError, OSError) as error:  # OSError: Pango/HarfBuzz not installed
        return f"{MISSING_HINT} ({error.__class__.__name__}: {error})"
    return ""


def pdf_groups(questionnaire: Questionnaire) -> dict[str, str]:
    """Radio group (the question's id) → the question, for every one-answer choice."""
    return {q.id: q.label for q in questionnaire.questions if q.options and q.type != "multiple"}


def _tidy_radio_groups(groups: dict[str, str], document, pdf) -> None:
    """Leave each radio group as one field named after its question (a WeasyPrint finisher).

    WeasyPrint 70 names a group after its first option's label and also lists each of
    its buttons as a field of its own, with the group's name: a form reader would see
    the same field several times. Here each button stays a widget of its group only.
    """
    form = pdf.catalog.get("AcroForm")
    if form is None:
        return
    fields = [pdf.objects[int(reference.split()[0])] for reference in form["Fields"]]
    kept = []
    for reference, field in zip(list(form["Fields"]), fields, strict=True):
        if "Parent" in field:  # a button of a group
            field.pop("T", None)
            continue
        name = getattr(field.get("T"), "string", "")
        if "Kids" in field and name in groups:
            field["TU"] = type(field["TU"])(groups[name])
        kept.append(reference)
    form["Fields"][:] = kept


def write_pdf(html: str, target: Path, base_url: str, groups: dict[str, str]) -> None:
    """Render ``html`` with form fields as a tagged PDF at ``target``."""
    from weasyprint import HTML  # noqa: PLC0415 - only after pdf_problem() said it loads

    target.parent.mkdir(parents=True, exist_ok=True)
    finisher = partial(_tidy_radio_groups, groups)
    HTML(string=html, base_url=base_url).write_pdf(target, finisher=finisher, **PDF_OPTIONS)


def cache_file(cache_dir: Path, html: str) -> Path:
    """Where the PDF for exactly this HTML (these options, this WeasyPrint) is kept."""
    try:
        engine = version("weasyprint")
    except PackageNotFoundError:
        engine = "?"
    options = ",".join(f"{key}={value}" for key, value in sorted(PDF_OPTIONS.items()))
    key = hashlib.sha256(f"{engine}\n{options}\n{html}".encode()).hexdigest()[:32]
    return cache_dir / "fragebogen-pdf" / f"{key}.pdf"


class PdfError(RenderError):
    """WeasyPrint loaded but could not make the PDF (the message says why); the build
    stops with it like with a page that cannot be rendered."""


class PdfJob:
    """One PDF the cache lacks, made by a background process into the cache.

    The process first reports whether WeasyPrint loads (``problem``; the page links the
    PDF only then), then renders; ``finish`` waits for it and copies the PDF.
    """

    def __init__(self, html: str, cached: Path, base_url: str, groups: dict[str, str]) -> None:
        self.cached = cached
        self._problem: str | None = None
        with forking() as context:  # the process shares the build's memory
            self._pipe, sender = context.Pipe(duplex=False)
            self._process = context.Process(
                target=_make_pdf, args=(html, cached, base_url, groups, sender), daemon=True
            )
            self._process.start()
        sender.close()

    def _receive(self) -> str:
        try:
            return self._pipe.recv()
        except EOFError:  # ended without a word (killed): its exit status tells
            self._process.join()
            return f"Der PDF-Prozess endete unerwartet (Status {self._process.exitcode})"

    def problem(self) -> str:
        """Why WeasyPrint cannot load here, or "" once it has loaded (waits for that)."""
        if self._problem is None:
            self._problem = self._receive()
        return self._problem

    def finish(self, target: Path, source: str) -> None:
        """Wait until the PDF is made and put it at ``target``; PdfError if it failed."""
        failure = self.problem() or self._receive()
        self._process.join()
        self._pipe.close()
        if failure:
            raise PdfError(
                f"{source}: Das PDF des Fragebogens ließ sich nicht erzeugen ({failure})."
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.cached, target)


def _make_pdf(html: str, cached: Path, base_url: str, groups: dict[str, str], pipe) -> None:
    """The background process: report whether WeasyPrint loads, then make the PDF.

    The first at the build's priority: the build waits for that answer before it writes
    the questionnaire's page (which links the PDF only if one is made); the PDF itself
    is needed only at the end."""
    problem = pdf_problem()
    pipe.send(problem)
    if problem:
        pipe.close()
        return
    in_background()
    report_outcome(pipe, lambda: _render_into(cached, html, base_url, groups))


def _render_into(cached: Path, html: str, base_url: str, groups: dict[str, str]) -> None:
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f".{cached.stem}.{os.getpid()}.pdf")
    write_pdf(html, partial, base_url, groups)
    partial.replace(cached)
    seal(cached)
