"""Build into a fresh sibling folder and swap it in only when the run had no error.

A broken content file, template or plugin therefore never damages an earlier good
``output/``: Pelican writes to ``<output>.building-<pid>``; on success the folder
replaces the old output in two renames; on any logged error the new folder is
removed, the old output stays as it was and the process exits with status 1.
Files named in ``OUTPUT_RETENTION`` (e.g. ``.git``) are carried over.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)


class BuildFailed(SystemExit):
    """Ends the run with status 1 (SystemExit so Pelican does not print a traceback)."""


class ErrorCounter(logging.Handler):
    """Counts ERROR and CRITICAL records logged anywhere during a run."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class SafeOutput:
    """State of one Pelican process: the real output folder and its temporary twin."""

    def __init__(self, pelican) -> None:
        self.final = Path(pelican.output_path).resolve()
        self.building = self.final.with_name(f"{self.final.name}.building-{os.getpid()}")
        self.retention = list(pelican.settings.get("OUTPUT_RETENTION", []))
        self.counter = ErrorCounter()
        logging.getLogger().addHandler(self.counter)
        pelican.output_path = str(self.building)
        pelican.settings["OUTPUT_PATH"] = str(self.building)
        # A run that crashed never reaches finish_run: drop its half-written folder.
        atexit.register(shutil.rmtree, self.building, ignore_errors=True)

    def start_run(self) -> None:
        """Forget errors of an earlier run (autoreload) and start from an empty folder."""
        self.counter.count = 0
        if self.building.exists():
            shutil.rmtree(self.building)

    def stop_on_errors(self) -> None:
        """Discard the new folder and end the run if any error was logged so far."""
        errors, self.counter.count = self.counter.count, 0
        if errors:
            shutil.rmtree(self.building, ignore_errors=True)
            logger.critical(
                "Build abgebrochen: %d Fehler (siehe oben). %s blieb unverändert.",
                errors,
                self.final,
            )
            raise BuildFailed(1)

    def finish_run(self) -> None:
        """Swap the new build in, or discard it when anything went wrong."""
        self.stop_on_errors()
        self.building.mkdir(parents=True, exist_ok=True)
        swap_in(self.building, self.final, self.retention)


def swap_in(new: Path, final: Path, retention: list[str]) -> None:
    """Replace ``final`` by ``new`` with two renames, carrying over retained files."""
    previous = final.with_name(f"{final.name}.previous-{os.getpid()}")
    if final.exists():
        for name in retention:
            kept = final / name
            if kept.exists() and not (new / name).exists():
                shutil.move(str(kept), str(new / name))
        final.rename(previous)
    new.rename(final)
    shutil.rmtree(previous, ignore_errors=True)


_state: dict[str, SafeOutput] = {}


def redirect_output(pelican) -> None:
    """Point Pelican at a temporary folder next to the real output."""
    _state["current"] = SafeOutput(pelican)
    # Connected now, after every plugin's register(): the swap is the last thing a run
    # does, after other plugins have written their files in `finalized`.
    signals.finalized.connect(swap)


def begin(pelican) -> None:
    """Reset per-run state; Pelican sends get_generators at the start of every run."""
    if "current" in _state:
        _state["current"].start_run()


def check_before_writing(generators) -> None:
    """Stop before writing anything when reading the content logged errors."""
    if "current" in _state:
        _state["current"].stop_on_errors()


def swap(pelican) -> None:
    """Move the finished build into place."""
    if "current" in _state:
        _state["current"].finish_run()


def register() -> None:
    signals.initialized.connect(redirect_output)
    signals.get_generators.connect(begin)
    signals.all_generators_finalized.connect(check_before_writing)
