"""Where the project's folders and installed tools are (the package is installed editable)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
PREVIEW = ROOT / "output-preview"
PUBLIC = ROOT / "public"  # the release: what deploy tasks upload
NODE_MODULES = ROOT / "node_modules"


def shown(path: Path) -> str:
    """A path as messages show it: relative to the project when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
