"""Build into a fresh sibling folder and swap it in only when the run had no error.

A broken content file, template or plugin therefore never damages an earlier good
``output/``: Pelican writes to ``<output>.building-<pid>``; on success the folder
replaces the old output in two renames; on any logged error the new folder is
removed, the old output stays as it was and the run ends with ``BuildFailed``.
Files named in ``OUTPUT_RETENTION`` (e.g. ``.git``) are carried over. Folders left by
a build that was killed (``kill -9``, power loss) are removed by the next run.

The state of one build lives on its settings (``SAFE_OUTPUT_RUN``), never at module
level, so one process can build several times.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)

STATE = "SAFE_OUTPUT_RUN"
#: Suffixes of temporary siblings of an output folder, by the code that makes them.
TEMPORARY = (".building-", ".previous-", ".candidate-")


class BuildFailed(SystemExit):
    """Ends the run with status 1 (SystemExit, so no traceback is printed)."""


class ErrorCounter(logging.Handler):
    """Counts ERROR and CRITICAL records logged anywhere during a run."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_siblings(final: Path) -> list[Path]:
    """Remove ``<final>.building-<pid>`` and friends whose process no longer runs."""
    removed = []
    for sibling in final.parent.glob(f"{final.name}.*-*"):
        marker = next((m for m in TEMPORARY if sibling.name.startswith(final.name + m)), "")
        pid = sibling.name.rsplit("-", 1)[-1]
        if marker and pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(sibling, ignore_errors=True)
            removed.append(sibling)
    return removed


class SafeOutput:
    """One Pelican instance's real output folder and its temporary twin.

    ``in_place`` (the warm preview): no twin; errors in the content still stop the
    run before anything is written, but a build that gets that far writes in place.
    """

    def __init__(self, pelican, in_place: bool = False) -> None:
        self.final = Path(pelican.output_path).resolve()
        self.in_place = in_place
        self.building = (
            self.final
            if in_place
            else self.final.with_name(f"{self.final.name}.building-{os.getpid()}")
        )
        self.retention = list(pelican.settings.get("OUTPUT_RETENTION", []))
        self.counter = ErrorCounter()
        remove_stale_siblings(self.final)
        pelican.output_path = str(self.building)
        pelican.settings["OUTPUT_PATH"] = str(self.building)

    def start_run(self) -> None:
        """Count this run's errors from zero and start from an empty folder."""
        self.counter.count = 0
        logging.getLogger().addHandler(self.counter)
        if self.building.exists() and not self.in_place:
            shutil.rmtree(self.building)

    def stop_on_errors(self) -> None:
        """Discard the new folder and end the run if any error was logged so far."""
        errors, self.counter.count = self.counter.count, 0
        if errors:
            self.discard()
            logger.critical(
                "Build abgebrochen: %d Fehler (siehe oben). %s blieb unverändert.",
                errors,
                _shown(self.final),
            )
            raise BuildFailed(1)

    def discard(self) -> None:
        logging.getLogger().removeHandler(self.counter)
        if not self.in_place:
            shutil.rmtree(self.building, ignore_errors=True)

    def finish_run(self) -> None:
        """Swap the new build in, or discard it when anything went wrong."""
        self.stop_on_errors()
        logging.getLogger().removeHandler(self.counter)
        if not self.in_place:
            self.building.mkdir(parents=True, exist_ok=True)
            swap_in(self.building, self.final, self.retention)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


def current(settings: dict) -> SafeOutput | None:
    """The SafeOutput of the build these settings belong to (None under other tools)."""
    state = settings.get(STATE)
    return state if isinstance(state, SafeOutput) else None


def redirect_output(pelican) -> None:
    """Point Pelican at a temporary folder next to the real output.

    ``SAFE_OUTPUT = False`` builds in place: only the warm preview does that, which
    stops before writing on any error in the content and rewrites just what changed.
    """
    in_place = not pelican.settings.get("SAFE_OUTPUT", True)
    pelican.settings[STATE] = SafeOutput(pelican, in_place=in_place)


def begin(pelican) -> None:
    """Pelican asks for generators at the start of every run: reset per-run state."""
    state = current(pelican.settings)
    if state is not None:
        state.start_run()


def check_before_writing(generators) -> None:
    """Stop before writing anything when reading the content logged errors."""
    state = current(generators[0].settings) if generators else None
    if state is not None:
        state.stop_on_errors()


def swap(pelican) -> None:
    """Move the finished build into place (connected last: after every other writer)."""
    state = current(pelican.settings)
    if state is not None:
        state.finish_run()


def connect_swap(pelican) -> None:
    """Connect ``swap`` now, after every plugin's register(), so it runs last in finalized."""
    signals.finalized.disconnect(swap)
    signals.finalized.connect(swap)


def register() -> None:
    signals.initialized.connect(redirect_output)
    signals.initialized.connect(connect_swap)
    signals.get_generators.connect(begin)
    signals.all_generators_finalized.connect(check_before_writing)
