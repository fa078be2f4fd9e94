"""A release built by `invoke publish` (all gates), shared by the release tests."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import INVOKE, ROOT


@dataclass
class Publish:
    returncode: int
    output: str
    folder: Path


def run_publish(content: Path, folder: Path, gates: str = "") -> Publish:
    """`invoke publish` into ``folder`` (optionally only some gates)."""
    command = [str(INVOKE), "publish", "--content", str(content), "--output", str(folder)]
    if gates:
        command += ["--gates", gates]
    proc = subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(ROOT), "COLUMNS": "250"},
    )
    return Publish(proc.returncode, proc.stdout + proc.stderr, folder)


@pytest.fixture(scope="session")
def release(tmp_path_factory) -> Publish:
    """The demo content published with every gate (Lighthouse included)."""
    folder = tmp_path_factory.mktemp("release") / "public"
    result = run_publish(ROOT / "content", folder)
    print(result.output)  # the gate figures, visible with pytest -s
    return result
