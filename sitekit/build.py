"""Build the site with Pelican in this process, reporting each problem as one German line.

``invoke build``, ``invoke publish``, the live preview and the tests all build through
``run_build``. Compared with the ``pelican`` command it

- prints every message as one unwrapped line (``FEHLER: content/x.md: …``), never a
  traceback, whatever the terminal width;
- turns a setting the kit cannot use into that one line and exit status 1, and so the
  two exceptions of Pelican's writing that content can cause should content_checks
  miss them (one file written twice, a template the theme lacks: ``pelican_failure``);
- leaves an earlier good output untouched on any failure (plugins.safe_output).

Command line: ``python -m sitekit.build [-s publishconf.py] [-o DIR] [-e KEY=VALUE …]``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pelican import Pelican
from pelican.generators import PelicanTemplateNotFound
from pelican.log import console
from pelican.settings import read_settings
from pelican.writers import FileOverwriteFailedError

from plugins.safe_output import BuildFailed
from plugins.safe_output.swap import current
from plugins.site_settings import SettingsError
from plugins.site_settings.paths import display_path
from plugins.site_settings.pelican_internals import forget_all_rendered, report_warnings_again
from plugins.site_writer.render import RenderError

from .demo import stripped_with_demo_owner
from .project import ROOT, shown
from .stopping import exit_with_signal, handler

logger = logging.getLogger("sitekit.build")

LABELS = {
    logging.DEBUG: "DEBUG",
    logging.INFO: "INFO",
    logging.WARNING: "WARNUNG",
    logging.ERROR: "FEHLER",
    logging.CRITICAL: "FEHLER",
}


class OneLine(logging.Formatter):
    """``FEHLER: message`` on a single line: line breaks inside a message become " | ".

    Pelican's own English messages for authors come out in German (sitekit/pelican_german.py).
    """

    def format(self, record: logging.LogRecord) -> str:
        from .pelican_german import german  # noqa: PLC0415 - the hook-up stays inside OneLine

        message = german(record).strip().replace("\r", "")
        message = " | ".join(part.strip() for part in message.splitlines() if part.strip())
        return f"{LABELS.get(record.levelno, record.levelname)}: {message}"


class Collect(logging.Handler):
    """Keeps the one-line messages of errors (for the preview's error page)."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__(level=logging.ERROR)
        self.lines = lines
        self.setFormatter(OneLine())

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@contextmanager
def build_logging(level: int = logging.WARNING, errors: list[str] | None = None) -> Iterator[None]:
    """Route every log record of the build to stderr as one line; restore afterwards."""
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(OneLine())
    saved = (root.handlers[:], root.level, console.quiet)
    root.handlers[:] = [handler] if errors is None else [handler, Collect(errors)]
    # Pelican reports a repeated warning once per process; each build reports its own.
    report_warnings_again()
    # Pelican memoizes content and summaries per object, process-wide: a warm process
    # would keep every build's pages alive. Each build starts with empty memos.
    forget_all_rendered()
    root.setLevel(level)
    # Pelican prints an English progress line and summary on its console; this
    # build prints its own German one instead.
    console.quiet = True
    try:
        yield
    finally:
        root.handlers[:], root.level, console.quiet = saved


def parse_override(text: str) -> tuple[str, object]:
    """``KEY=VALUE`` as Pelican's ``-e``: VALUE is JSON when it parses, else text."""
    key, _, raw = text.partition("=")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return key.strip(), value


def read_site_settings(
    settings_file: str | Path = "pelicanconf.py",
    content: Path | None = None,
    output: Path | None = None,
    overrides: dict | None = None,
) -> dict:
    """Pelican's settings for a build, with folders and ``-e`` overrides applied."""
    override = dict(overrides or {})
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    if output is not None:
        override["OUTPUT_PATH"] = str(Path(output).resolve())
    return read_settings(str(ROOT / settings_file), override=override)


def _discard(settings: dict | None) -> None:
    """Remove the half-written build folder of a failed run."""
    state = current(settings) if settings else None
    if state is not None:
        state.discard()


#: The only place Pelican names the file or template of its two write-time exceptions is
#: their text (their one argument): pelican/writers.py ``Failed to overwrite "<file>" …``,
#: pelican/generators.py ``[templates] unable to load <name>[.html] from […]``.
PELICAN_NAMES = {
    FileOverwriteFailedError: re.compile(r'Failed to overwrite "(?P<name>[^"]+)"'),
    PelicanTemplateNotFound: re.compile(r"unable to load (?P<name>.*?)\[[^\]]*\] from "),
}


def named_by_pelican(error: Exception) -> str | None:
    """The output file a ``FileOverwriteFailedError`` names, or the template a
    ``PelicanTemplateNotFound`` names; None for other exceptions or another wording."""
    for kind, pattern in PELICAN_NAMES.items():
        if isinstance(error, kind):
            found = pattern.search(str(error))
            return found["name"] if found else None
    return None


def _in_output(path: str, settings: dict | None) -> str:
    """An output file as messages show it: relative to the folder the build writes into
    (``blog/a/index.html``, not ``output.building-42/blog/a/index.html``)."""
    folder = (settings or {}).get("OUTPUT_PATH")
    if folder:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
        if relative != ".." and not relative.startswith(f"..{os.sep}"):
            return relative.replace(os.sep, "/")
    return display_path(path)


def pelican_failure(error: Exception, settings: dict | None) -> str | None:
    """The German line for an exception Pelican raises while writing, when content caused it
    and content_checks did not stop the build before (None for any other exception)."""
    name = named_by_pelican(error)
    if name is None:
        return None
    if isinstance(error, FileOverwriteFailedError):
        path = _in_output(name, settings)
        return (
            f"Die Datei {path} würde zweimal geschrieben (von zwei Seiten, oder einer Seite und "
            "einer Liste des Blogs) – bitte in content/ die Felder slug, save_as und url prüfen, "
            f"die zur Adresse /{path.removesuffix('index.html')} führen. Die bisherige Ausgabe "
            "ist unverändert."
        )
    return (
        f"Die Vorlage {name} gibt es im Theme nicht (theme/templates/) – bitte das Feld "
        "template der Seite prüfen oder die Vorlage anlegen. Die bisherige Ausgabe ist "
        "unverändert."
    )


def _count_pages(folder: str) -> int:
    return sum(1 for _ in Path(folder).rglob("*.html"))


def run_build(  # noqa: PLR0913 - the build's options, as on the command line
    settings_file: str | Path = "pelicanconf.py",
    content: Path | None = None,
    output: Path | None = None,
    overrides: dict | None = None,
    *,
    level: int = logging.WARNING,
    errors: list[str] | None = None,
    finished: Callable[[], object] | None = None,
    demo_owner: bool = True,
    shown_as: Path | None = None,
) -> int:
    """Build once; return the exit status (0: the new output is in place).

    ``errors`` collects the error lines too (the live preview shows them in the browser);
    ``finished`` runs once the new output is in place, before the line that counts its
    pages (the warm preview removes the pages of deleted files there). Without
    ``demo_owner`` (``make html``) a site whose demo was stripped is not built while
    owner.yml still holds the demo's owner (``sitekit.demo.stripped_with_demo_owner``).
    ``shown_as``: the folder the last line names (publishing builds into a temporary one).
    """
    start = time.perf_counter()
    with build_logging(level, errors):
        settings = None
        try:
            settings = read_site_settings(settings_file, content, output, overrides)
            final = settings["OUTPUT_PATH"]
            if not demo_owner and _refuse_demo_owner(settings):
                return 1
            Pelican(settings).run()
        except SettingsError as error:
            logger.error("%s", error)
            return 1
        except BuildFailed:
            return 1
        except RenderError as error:
            _discard(settings)
            logger.error("%s", error)
            return 1
        except Exception as error:  # an unexpected failure: still one line, no traceback
            known = pelican_failure(error, settings)
            _discard(settings)
            if known is not None:
                logger.error("%s", known)
            else:
                logger.error(
                    "Unerwarteter Fehler beim Bauen (%s: %s). Die bisherige Ausgabe ist "
                    "unverändert. Mit --debug zeigt der Build alle Einzelheiten.",
                    type(error).__name__,
                    error,
                )
            if level <= logging.DEBUG:
                raise
            return 1
    if finished is not None:
        finished()
    seconds = time.perf_counter() - start
    named = shown(shown_as or Path(final))
    print(f"Gebaut in {seconds:.1f} s: {named} ({_count_pages(final)} Seiten)")
    return 0


def _refuse_demo_owner(settings: dict) -> bool:
    lines = stripped_with_demo_owner(settings)
    for line in lines:
        logger.error("%s", line)
    if lines:
        logger.error(
            "Die Demo ist entfernt, owner.yml hat aber noch ihre Angaben: die Website baut "
            "erst mit Ihren eigenen (die Vorschau make livereload zeigt sie schon vorher). "
            "Die bisherige Ausgabe ist unverändert."
        )
    return bool(lines)


def _stop_on_sigterm() -> None:
    """SIGTERM ends the build like Ctrl+C, so temporary folders are cleaned up."""
    signal.signal(signal.SIGTERM, handler(exit_with_signal))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitekit.build", description=__doc__)
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    parser.add_argument("-c", "--content", type=Path)
    parser.add_argument("-o", "--output", type=Path)
    parser.add_argument(
        "-e", "--extra", action="extend", nargs="+", default=[], metavar="KEY=VALUE"
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--debug", action="store_true")
    args = parser.parse_args(argv)
    _stop_on_sigterm()
    overrides = dict(parse_override(item) for item in args.extra)
    level = logging.DEBUG if args.debug else logging.INFO if args.verbose else logging.WARNING
    return run_build(
        args.settings, args.content, args.output, overrides, level=level, demo_owner=False
    )


if __name__ == "__main__":
    sys.exit(main())
