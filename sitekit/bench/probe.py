"""Run a module as ``python -m`` does, then report the process's peak memory.

``python -m sitekit.bench.probe REPORT MODULE [ARGS …]`` runs ``MODULE`` as
``__main__`` with ``runpy`` (what ``python -m MODULE ARGS`` does) and writes to REPORT,
as JSON, the exit status and two peaks of the resident set size in KiB:

- ``self_kib``: this process alone (``RUSAGE_SELF``), i.e. the build process;
- ``children_kib``: the largest child it waited for (``RUSAGE_CHILDREN``), i.e. the
  largest of the build's forked workers. A forked worker's RSS counts the pages it
  still shares with the build process.
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


def peaks() -> dict[str, int]:
    """Peak RSS in KiB of this process and of its largest waited-for child (Linux)."""
    return {
        "self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
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
