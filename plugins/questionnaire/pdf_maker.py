"""The program that makes a questionnaire's PDF: ``python -m plugins.questionnaire.pdf_maker``.

It loads only WeasyPrint and the standard library, never Pelican or the build's pages,
so its memory is WeasyPrint's alone (about 73 MiB) and does not grow with the site. A
first build starts it before it has read anything (``pdf.start_ahead``): WeasyPrint then
loads while the build is busy with one core only.

The conversation, one JSON value per line:

1. it writes whether WeasyPrint loads here: ``""``, or why not (the build then links no
   PDF, and the program ends);
2. it reads the job: ``{"html", "cached", "base_url", "groups", "niceness"}``; an empty
   input (the build needs no PDF after all, or has ended) ends it;
3. it writes the PDF to ``cached`` (through a temporary name, so never half a file)
   and then ``{"failure": "" or one line naming the error, "warnings": [...]}``: the
   warnings WeasyPrint logged, which the build passes on.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import threading
from functools import partial
from pathlib import Path

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


class Collected(logging.Handler):
    """Keeps the text of every warning logged here, for the build to pass on."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def pdf_problem() -> str:
    """Why no PDF can be made here, or an empty string when WeasyPrint works."""
    try:
        import weasyprint  # noqa: F401, PLC0415 - loading it is the check (Pango may be missing)
    except (ImportError, OSError) as error:  # OSError: Pango/HarfBuzz not installed
        return f"{MISSING_HINT} ({error.__class__.__name__}: {error})"
    return ""


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


def render_into(cached: Path, html: str, base_url: str, groups: dict[str, str]) -> None:
    """Write the PDF to ``cached`` whole or not at all."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial_file = cached.with_name(f".{cached.stem}.{os.getpid()}.pdf")
    try:
        write_pdf(html, partial_file, base_url, groups)
        partial_file.replace(cached)
    finally:
        partial_file.unlink(missing_ok=True)


def _say(answers, value: object) -> None:
    answers.write(json.dumps(value, ensure_ascii=False) + "\n")
    answers.flush()


def converse(jobs, answers) -> None:
    """The whole conversation with the build (see the module's text)."""
    collected = Collected()
    logging.getLogger().addHandler(collected)  # and nothing printed here in English
    logging.getLogger("weasyprint").addFilter(GermanFontNote())
    # The job is read while WeasyPrint loads: a build never waits to hand it over.
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(jobs.readline()), daemon=True)
    reader.start()
    problem = pdf_problem()
    _say(answers, problem)
    if problem:
        return
    reader.join()
    line = received[0] if received else ""
    if not line.strip():
        return
    job = json.loads(line)
    with contextlib.suppress(OSError):
        os.nice(job["niceness"])  # the build waits for the PDF only at its end
    try:
        render_into(Path(job["cached"]), job["html"], job["base_url"], job["groups"])
    except Exception as error:  # noqa: BLE001 - reported to the build, which stops with it
        failure = f"{type(error).__name__}: {error}"
    else:
        failure = ""
    _say(answers, {"failure": failure, "warnings": collected.lines})


def main() -> int:
    # The answers go to the build on the real standard output; anything a library
    # prints goes to the standard error instead, where it cannot break a line.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    try:
        converse(sys.stdin, answers)
    except (BrokenPipeError, KeyboardInterrupt):  # the build has ended or was stopped
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
