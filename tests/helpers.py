"""Helpers shared by the tests: build the site with Pelican, read built pages."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
PELICAN = Path(sys.executable).parent / "pelican"
INVOKE = Path(sys.executable).parent / "invoke"


@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together, as an author sees them

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_pelican(
    content: Path, out: Path, settings: str = "pelicanconf.py", *extra: str, pythonpath: str = ""
) -> Build:
    """Build ``content`` with the project's settings file into ``out``."""
    env = {"COLUMNS": "250", "PATH": "/usr/bin:/bin", "HOME": str(ROOT), "TERM": "dumb"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    proc = subprocess.run(
        [str(PELICAN), str(content), "-s", str(ROOT / settings), "-o", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    return Build(proc.returncode, proc.stdout + proc.stderr)


def read(site: Path, path: str) -> str:
    """Text of a built file, addressed like a URL path (``blog/`` → blog/index.html)."""
    target = site / path.strip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.read_text(encoding="utf-8")
