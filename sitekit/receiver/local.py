"""The receiver next to the local preview (``invoke serve``, ``invoke livereload``).

The preview's receiver belongs to its preview:

- it is started with the preview's own origin (any port) as the one allowed origin and
  its address for the thank-you redirect, and with this project's database;
- it is a child that ends with its parent: on SIGTERM, SIGHUP and SIGINT the preview
  stops it, and on Linux the kernel sends it SIGTERM if the preview dies any other way;
- a receiver already on the port is used only if its ``/status`` names this project,
  this database and this preview's origin. Anything else on the port (another
  project's receiver, another program) is never used: ``livereload`` takes a free port
  and builds the pages for it, ``serve`` (pages already built) stops with one German
  line naming the port and the program that holds it.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from sitekit.project import ROOT
from sitekit.stopping import ending_on

LOCAL_DEFAULTS = {
    "RECEIVER_SETTINGS": "pelicanconf.py",
    "RECEIVER_DB": str(ROOT / "receiver.sqlite3"),
}
START_TIMEOUT = 30.0
PR_SET_PDEATHSIG = 1
INODE_FIELD = 9  # /proc/net/tcp: the column with the socket's inode
LISTEN = "0A"
#: Where the built preview pages send a questionnaire when the receiver is local.
LOCAL_ENDPOINT = re.compile(r'action="http://(?:127\.0\.0\.1|localhost):(\d+)/antworten/')


class PortTakenError(RuntimeError):
    """The receiver's port is held by something that is not this preview's receiver."""


def local_env() -> dict[str, str]:
    """The environment for a local receiver: the preview's settings unless told otherwise."""
    return {**LOCAL_DEFAULTS, **os.environ}


def preview_env(origin: str) -> dict[str, str]:
    """``local_env`` for a preview at ``origin``: the only origin, and the redirect target."""
    origins = {origin, origin.replace("://127.0.0.1:", "://localhost:")}
    return {
        **local_env(),
        "RECEIVER_ALLOWED_ORIGINS": ",".join(sorted(origins)),
        "RECEIVER_SITE_URL": origin,
    }


def status(port: int) -> dict | None:
    """What a receiver on 127.0.0.1:``port`` says about itself; None: no receiver there."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=2) as response:
            data = json.load(response)
    except urllib.error.HTTPError as error:  # 503: a receiver whose database cannot write
        try:
            data = json.load(error)
        except ValueError:
            return None
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and "postausgang" in data else None


def running(port: int) -> bool:
    """Whether a receiver answers on 127.0.0.1:``port`` and can store answers."""
    found = status(port)
    return bool(found and found.get("ok"))


def belongs_here(found: dict | None, env: dict[str, str], origin: str = "") -> bool:
    """Whether a receiver's /status names this project, this database (and ``origin``)."""
    if not found:
        return False
    same = found.get("projekt") == str(ROOT) and found.get("datenbank") == str(
        Path(env.get("RECEIVER_DB") or LOCAL_DEFAULTS["RECEIVER_DB"])
    )
    return same and (not origin or origin in found.get("ursprünge", []))


def port_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError), open(table, encoding="ascii") as lines:
            next(lines, None)
            for line in lines:
                fields = line.split()
                if (
                    len(fields) > INODE_FIELD
                    and fields[3] == LISTEN
                    and int(fields[1].rsplit(":", 1)[1], 16) == port
                ):
                    inodes.add(fields[INODE_FIELD])
    return inodes


def port_owner(port: int) -> str:
    """Which program holds ``port``, in German: from its /status, or from /proc (Linux)."""
    found = status(port)
    if found:
        return (
            f"den Fragebogen-Empfänger eines anderen Projekts ({found.get('projekt', '?')}, "
            f"Datenbank {found.get('datenbank', '?')})"
        )
    inodes = _listening_inodes(port)
    for pid in (p for p in os.listdir("/proc") if p.isdigit()) if inodes else ():
        with contextlib.suppress(OSError):
            for fd in os.listdir(f"/proc/{pid}/fd"):
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
                    return f"das Programm „{command.decode(errors='replace').strip()}“ (PID {pid})"
    return "ein anderes Programm"


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """Linux: SIGTERM to the receiver when the preview that started it dies, however."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class LocalReceiver:
    port: int
    process: subprocess.Popen | None  # None: this preview's receiver was already running

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(
    port: int, env: dict[str, str] | None = None, *, origin: str = "", elsewhere: bool = False
) -> LocalReceiver:
    """This preview's receiver on ``port`` (started, or found running); see the module.

    ``env`` replaces the local defaults (tests and the load test pass their own);
    ``origin`` is the preview's; ``elsewhere`` lets it take a free port when ``port``
    is held by something else (the caller builds the pages for the port it got).
    """
    env = (preview_env(origin) if origin else local_env()) if env is None else env
    if belongs_here(status(port), env, origin):
        return LocalReceiver(port, None)
    if not port_free(port):
        if not elsewhere:
            raise PortTakenError(
                f"Port {port} für den Fragebogen-Empfänger ist belegt durch {port_owner(port)} "
                "– bitte das Programm beenden oder die Vorschau mit make livereload starten, "
                "die sich dann einen freien Port nimmt."
            )
        port = free_port()
    if origin:  # its own review page (without JavaScript) posts from its own address
        own = f"http://127.0.0.1:{port}"
        env = {**env, "RECEIVER_ALLOWED_ORIGINS": f"{env['RECEIVER_ALLOWED_ORIGINS']},{own}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "sitekit.receiver", "--port", str(port)],
        cwd=ROOT,
        env=env,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,  # noqa: PLW1509
    )
    receiver = LocalReceiver(port, process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if belongs_here(status(port), env):
            return receiver
        if process.poll() is not None:
            raise RuntimeError(
                f"Der Fragebogen-Empfänger auf Port {port} ist nicht gestartet "
                f"(Exit-Code {process.returncode}); seine Meldung steht oben."
            )
        time.sleep(0.1)
    receiver.stop()
    raise RuntimeError(f"Der Empfänger antwortet nach {START_TIMEOUT:.0f} s nicht auf Port {port}.")


def built_receiver_port(folder: Path) -> int | None:
    """The port of the local receiver the built pages in ``folder`` send to, if any."""
    for page in sorted(folder.rglob("index.html")):
        with contextlib.suppress(OSError):
            match = LOCAL_ENDPOINT.search(page.read_text(encoding="utf-8", errors="replace"))
            if match:
                return int(match.group(1))
    return None


def ending_on_signals() -> contextlib.AbstractContextManager[None]:
    """SIGTERM, SIGHUP and SIGINT end the preview like Ctrl+C, so its receiver is stopped
    too (SIGINT as well: a process started in the background inherits it ignored)."""
    return ending_on((signal.SIGTERM, signal.SIGHUP, signal.SIGINT), _interrupt)


def _interrupt(signum: int) -> None:
    raise KeyboardInterrupt
