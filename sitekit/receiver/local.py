"""The receiver next to the local preview (``invoke serve``, ``invoke livereload``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

from sitekit.project import ROOT

LOCAL_DEFAULTS = {
    "RECEIVER_SETTINGS": "pelicanconf.py",
    "RECEIVER_DB": str(ROOT / "receiver.sqlite3"),
}
START_TIMEOUT = 30.0


def local_env() -> dict[str, str]:
    """The environment for a local receiver: the preview's settings unless told otherwise."""
    return {**LOCAL_DEFAULTS, **os.environ}


def running(port: int) -> bool:
    """Whether a receiver answers on 127.0.0.1:``port``."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2) as response:
            return bool(json.load(response).get("ok"))
    except (OSError, ValueError, urllib.error.URLError):
        return False


def start(port: int, env: dict[str, str] | None = None) -> subprocess.Popen | None:
    """Start a receiver in the background and wait until it answers; None if one runs.

    ``env`` replaces the local defaults (tests and the load test pass their own).
    """
    if running(port):
        return None
    process = subprocess.Popen(
        [sys.executable, "-m", "sitekit.receiver", "--port", str(port)],
        cwd=ROOT,
        env=local_env() if env is None else env,
    )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if running(port):
            return process
        if process.poll() is not None:
            raise RuntimeError(
                f"Der Empfänger ist nicht gestartet (Exit-Code {process.returncode})."
            )
        time.sleep(0.1)
    process.terminate()
    raise RuntimeError(f"Der Empfänger antwortet nach {START_TIMEOUT:.0f} s nicht auf Port {port}.")
