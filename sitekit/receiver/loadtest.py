"""A load test for the receiver: many valid submissions from concurrent clients.

``python -m sitekit.receiver.loadtest [--submissions 1000] [--clients 20]`` starts a
receiver (``python -m sitekit.receiver``) on a temporary database, sends the
submissions, compares the acknowledged references with the rows in SQLite and prints
throughput and latency. It exits non-zero when the number of stored rows differs from
the number of acknowledged submissions.

The building blocks are used by ``tests/sitekit/receiver/test_load.py`` as well:

- ``start_receiver`` / ``stop_receiver``: the receiver as a real process on a free port;
- ``run_load``: N submissions with C concurrent clients, each with its own idempotency
  key, recorded in a ``LoadResult`` that may be watched while the load runs;
- ``stored_references``: what the database holds.

Standard library only: threads, ``http.client`` (never a proxy) and ``sqlite3``.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import math
import os
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from sitekit.project import ROOT

ORIGIN = "http://127.0.0.1:8000"
FORM_PATH = "/antworten/fragebogen"
HEADERS = {
    "Origin": ORIGIN,
    "Accept": "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
}
#: The receiver's settings for a load test; RECEIVER_SMTP_HOST stays unset, so the
#: mails just wait in the outbox.
LOAD_ENV = {
    "RECEIVER_SETTINGS": "pelicanconf.py",
    "RECEIVER_ALLOWED_ORIGINS": ORIGIN,
    "RECEIVER_RATE_LIMIT": "0",  # every submission comes from 127.0.0.1
    "RECEIVER_MIN_FILL_SECONDS": "0",
}
START_TIMEOUT = 60.0  # seconds until /status must answer, generous for a busy machine
REQUEST_TIMEOUT = 30.0
START_ATTEMPTS = 3  # another process may take the free port before the receiver binds it
HTTP_OK = 200
TCP_LISTEN = "0A"  # socket state in /proc/net/tcp
NAMES = ("Jörg Müller", "Käthe Größ", "Ümit Özdemir", "Anneliese Bäcker", "Björn Weiß")


# --- the load ----------------------------------------------------------------------


@dataclass
class LoadResult:
    """What a load run saw. Filled while it runs, so another thread may watch it."""

    references: list[str] = field(default_factory=list)  # acknowledged (200 and ok)
    keys: list[str] = field(default_factory=list)  # idempotency keys sent
    latencies: list[float] = field(default_factory=list)  # seconds, acknowledged only
    failures: int = 0  # connection errors, non-200 answers, answers without ok
    seconds: float = 0.0  # wall clock of the whole run
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def acknowledged(self) -> int:
        with self.lock:
            return len(self.references)

    @property
    def throughput(self) -> float:
        """Acknowledged submissions per second."""
        return len(self.references) / self.seconds if self.seconds else 0.0

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000 if self.latencies else 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.latencies, 95) * 1000

    def record(self, reference: str | None, latency: float) -> None:
        with self.lock:
            if reference is None:
                self.failures += 1
            else:
                self.references.append(reference)
                self.latencies.append(latency)


def percentile(values: list[float], percent: float) -> float:
    """The nearest-rank percentile (0.0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = math.ceil(percent / 100 * len(ordered))
    return ordered[max(rank, 1) - 1]


def new_key(run: str, index: int) -> str:
    """An idempotency key the receiver accepts: 16–64 characters of [A-Za-z0-9_-]."""
    return f"last-{run}-{index:06d}"


def answers(index: int) -> dict[str, str]:
    """A valid answer set for the demo questionnaire with text of its own."""
    return {
        "bereiche": "ablage",
        "rhythmus": "laufend",
        "stunden": "20",
        "antwortzeit": "ein-werktag",
        "ausserhalb": "nein",
        "schutzbedarf": "3",
        "person": "egal",
        "name": f"{NAMES[index % len(NAMES)]} Nr. {index}",
        "email": f"kundin-{index}@buero-mueller.example",
        "kontaktweg": "e-mail",
    }


def submit(base_url: str, key: str, index: int, timeout: float = REQUEST_TIMEOUT) -> str | None:
    """Send one submission; its reference if acknowledged (200 and ok), else None."""
    started_ms = int((time.time() - 10) * 1000)  # the page was opened ten seconds ago
    body = urlencode({**answers(index), "_key": key, "_started": str(started_ms)})
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request("POST", FORM_PATH, body=body, headers=HEADERS)
        response = connection.getresponse()
        data = response.read()
        if response.status != HTTP_OK:
            return None
        answer = json.loads(data)
    except (OSError, http.client.HTTPException, ValueError):
        return None  # refused, reset or cut off (e.g. the receiver was killed)
    finally:
        connection.close()
    return answer["reference"] if answer.get("ok") else None


def run_load(
    base_url: str, submissions: int, clients: int, result: LoadResult | None = None
) -> LoadResult:
    """Send ``submissions`` valid submissions with ``clients`` concurrent clients.

    Pass ``result`` to watch the run from another thread; it is also returned.
    """
    result = LoadResult() if result is None else result
    run = secrets.token_hex(6)

    def one(index: int) -> None:
        key = new_key(run, index)
        with result.lock:
            result.keys.append(key)
        began = time.perf_counter()
        reference = submit(base_url, key, index)
        result.record(reference, time.perf_counter() - began)

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients, thread_name_prefix="last") as pool:
        for future in [pool.submit(one, index) for index in range(submissions)]:
            future.result()  # re-raise a bug in ``one`` rather than hide it
    result.seconds = time.perf_counter() - began
    return result


def stored_references(db: Path) -> list[str]:
    """The reference of every row in the ``submissions`` table."""
    connection = sqlite3.connect(db)
    try:
        return [row[0] for row in connection.execute("SELECT reference FROM submissions")]
    finally:
        connection.close()


# --- the receiver as a process ---------------------------------------------------


@dataclass
class RunningReceiver:
    process: subprocess.Popen
    port: int
    log: Path  # the receiver's stdout and stderr

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    """A port nobody listens on right now (the receiver is about to bind it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def status(base_url: str, timeout: float = 2.0) -> dict | None:
    """The JSON of GET /status, or None when nothing (valid) answers."""
    url = urlsplit(base_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)
    try:
        connection.request("GET", "/status")
        response = connection.getresponse()
        data = response.read()
        return json.loads(data) if response.status == HTTP_OK else None
    except (OSError, http.client.HTTPException, ValueError):
        return None
    finally:
        connection.close()


def _listens(pid: int, port: int) -> bool:
    """Whether process ``pid`` holds the socket listening on 127.0.0.1:``port``.

    Guards against measuring some other server that took the port first. Without
    Linux's /proc the answer on the port is trusted.
    """
    try:
        table = Path("/proc/net/tcp").read_text().splitlines()[1:]
        descriptors = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return True
    address = f"0100007F:{port:04X}"  # 127.0.0.1:port as /proc/net/tcp writes it
    inodes = set()
    for line in table:
        columns = line.split()
        if columns[1] == address and columns[3] == TCP_LISTEN:
            inodes.add(f"socket:[{columns[9]}]")
    for descriptor in descriptors:
        with contextlib.suppress(OSError):  # closed meanwhile
            if os.readlink(f"/proc/{pid}/fd/{descriptor}") in inodes:
                return True
    return False


def receiver_env(db: Path, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This environment without any RECEIVER_* of its own, plus the load-test settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("RECEIVER_")}
    return {**env, **LOAD_ENV, "RECEIVER_DB": str(db), **(extra or {})}


def _launch(db: Path, env: dict[str, str], log: Path) -> RunningReceiver | None:
    """Start one receiver; None if it exited (typically: its port was taken)."""
    port = free_port()
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "sitekit.receiver", "--host", "127.0.0.1", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    receiver = RunningReceiver(process, port, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        answer = status(receiver.base_url)
        if answer and answer.get("ok") and _listens(process.pid, port):
            return receiver
        time.sleep(0.05)  # poll interval, not a wait for something to happen
    stop_receiver(receiver, kill=True)
    raise RuntimeError(
        f"Der Empfänger antwortet nach {START_TIMEOUT:.0f} s nicht auf /status (Protokoll: {log})."
    )


def start_receiver(db: Path, extra_env: Mapping[str, str] | None = None) -> RunningReceiver:
    """Start ``python -m sitekit.receiver`` on a free port; return once /status answers."""
    env = receiver_env(db, extra_env)
    log = db.with_name(db.name + ".log")
    for _ in range(START_ATTEMPTS):
        receiver = _launch(db, env, log)
        if receiver is not None:
            return receiver
    raise RuntimeError(
        f"Der Empfänger ist nicht gestartet: {log.read_text(errors='replace')[-2000:]}"
    )


def stop_receiver(receiver: RunningReceiver, kill: bool = False) -> int:
    """End the receiver: SIGTERM (clean shutdown) or, with ``kill``, SIGKILL. Exit code."""
    if kill:
        receiver.process.kill()
    else:
        receiver.process.terminate()
    try:
        return receiver.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        receiver.process.kill()
        return receiver.process.wait()


# --- command line ------------------------------------------------------------------


def _german(number: float) -> str:
    return f"{number:.1f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sitekit.receiver.loadtest",
        description="Lasttest des Empfängers mit einer temporären Datenbank.",
    )
    parser.add_argument("--submissions", type=int, default=1000, help="Anzahl Einsendungen")
    parser.add_argument("--clients", type=int, default=20, help="gleichzeitige Clients")
    args = parser.parse_args(argv)
    if args.submissions < 1 or args.clients < 1:
        parser.error("--submissions und --clients müssen mindestens 1 sein.")

    with tempfile.TemporaryDirectory(prefix="empfaenger-last-") as folder:
        db = Path(folder) / "empfang.sqlite3"
        receiver = start_receiver(db)
        try:
            result = run_load(receiver.base_url, args.submissions, args.clients)
        finally:
            stop_receiver(receiver)
        stored = stored_references(db)

    missing = set(result.references) - set(stored)
    print(f"Einsendungen bestätigt: {result.acknowledged} von {len(result.keys)}")
    print(f"gespeicherte Zeilen: {len(stored)}")
    print(f"Durchsatz: {_german(result.throughput)} Einsendungen/s ({args.clients} Clients)")
    print(f"Latenz Median: {_german(result.median_ms)} ms")
    print(f"Latenz p95: {_german(result.p95_ms)} ms")
    print(f"Fehler: {result.failures}")
    if len(stored) != result.acknowledged or missing:
        print(
            f"FEHLER: {len(stored)} Zeilen gespeichert, aber {result.acknowledged} "
            f"Einsendungen bestätigt ({len(missing)} bestätigte fehlen).",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
