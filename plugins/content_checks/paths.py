"""How messages name a content file: relative to where the build was started."""

from __future__ import annotations

from pathlib import Path


def display_path(source_path: str) -> str:
    """``content/blog/x.md`` when below the working folder, else the absolute path."""
    path = Path(source_path).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
