"""How messages name a content file: relative to where the build was started."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


def _below(path: str, folder: str) -> str | None:
    return path[len(folder) + 1 :] if path.startswith(folder + os.sep) else None


def display_path(source_path: str) -> str:
    """``content/blog/x.md`` when below the working folder, else the absolute path.

    Called for every file of a build: the plain comparison first, and only when it
    fails the one that resolves links (a folder reached through a symlink).
    """
    cwd = os.getcwd()
    shown = _below(os.path.abspath(source_path), cwd)
    if shown is not None:
        return shown
    return _resolved(str(source_path), cwd)


@cache
def _resolved(source_path: str, cwd: str) -> str:
    """The slow way, once per file and working folder (a build asks about each file
    several times; not bounded: a bound below the number of files would make every
    question the slow way again)."""
    path = Path(source_path).resolve()
    try:
        return str(path.relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)
