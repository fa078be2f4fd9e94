"""Run a module as ``python -m`` does, then report the process's peak memory.

``python -m sitekit.bench.probe REPORT MODULE [ARGS …]`` runs ``MODULE`` as
``__main__`` with ``runpy`` (what ``python -m MODULE ARGS`` does) and writes to REPORT,
as JSON, the exit status and two peaks of the resident set size in KiB:

- ``self_kib``: this process alone, i.e. the build process (or plain Pelican);
- ``children_kib``: the largest child it waited for (``RUSAGE_CHILDREN``), i.e. the
  largest of the build's forked workers, or Pagefind. A forked worker's RSS counts the
  pages it still shares with the build process.

The process's own peak is its memory's high-water mark (``VmHWM``), not ``ru_maxrss``:
Linux carries the peak of the memory a process replaces over ``exec``, so the
``ru_maxrss`` of a program started from the benchmark is at least the benchmark's own
peak (``subprocess`` starts it from a vfork that shares the benchmark's memory). For a
child the build starts (Pagefind), ``children_kib`` is at least the build's own peak
so far, which is below Pagefind's.
"""

from __future__ import annotations

import json
import resource
import runpy
import sys
from pathlib import Path


def run_module(module: str, args: list[str]) -> int:
    """Run ``module`` as ``__main__`` with ``args``; return its exit status."""
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        return exit_status(stop.code)
    return 0


def exit_status(code: object) -> int:
    """The status ``sys.exit(code)`` ends a process with."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def own_peak_kib(status: Path = Path("/proc/self/status")) -> int:
    """Peak RSS in KiB of this process's own memory since it started its program."""
    try:
        lines = status.read_text(encoding="ascii").splitlines()
    except OSError:  # not Linux
        lines = []
    for line in lines:
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # may include the parent's peak


def peaks() -> dict[str, int]:
    """Peak RSS in KiB of this process and of its largest waited-for child (Linux)."""
    return {
        "self_kib": own_peak_kib(),
        "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def main(argv: list[str] | None = None) -> int:
    report, module, *args = sys.argv[1:] if argv is None else argv
    code = run_module(module, args)
    sys.stdout.flush()
    Path(report).write_text(json.dumps({"exit": code, **peaks()}), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
