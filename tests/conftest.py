"""Shared fixtures: real builds of the demo site and a local static server."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
PELICAN = Path(sys.executable).parent / "pelican"


@dataclass
class Build:
    returncode: int
    output: str  # stdout and stderr together, as an author sees them

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def run_pelican(content: Path, out: Path, settings: str = "pelicanconf.py", *extra: str) -> Build:
    """Build ``content`` with the project's settings file into ``out``."""
    proc = subprocess.run(
        [str(PELICAN), str(content), "-s", str(ROOT / settings), "-o", str(out), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"COLUMNS": "250", "PATH": "/usr/bin:/bin", "HOME": str(ROOT), "TERM": "dumb"},
    )
    return Build(proc.returncode, proc.stdout + proc.stderr)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The demo content built with pelicanconf.py (local preview, drafts included)."""
    out = tmp_path_factory.mktemp("site") / "output"
    build = run_pelican(ROOT / "content", out)
    assert build.ok, build.output
    return out


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Path:
    """The demo content built with publishconf.py (production)."""
    out = tmp_path_factory.mktemp("published") / "output"
    build = run_pelican(ROOT / "content", out, "publishconf.py")
    assert build.ok, build.output
    return out


@pytest.fixture
def content_copy(tmp_path) -> Path:
    """A private copy of content/ that a test may break."""
    copy = tmp_path / "content"
    shutil.copytree(ROOT / "content", copy)
    return copy


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def served(site) -> str:
    """Serve the built site on 127.0.0.1 and return its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def read(site: Path, path: str) -> str:
    """Text of a built file, addressed like a URL path (``blog/`` → blog/index.html)."""
    target = site / path.strip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target.read_text(encoding="utf-8")
