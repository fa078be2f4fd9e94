"""The preview's receiver belongs to its preview (``invoke serve``): it accepts the form of
a preview on any port, ends with the preview on SIGTERM, SIGHUP and SIGINT, and never
uses what else holds its port, be it another project's receiver or another program.

Every process here is real; every wait is for a condition."""

from __future__ import annotations

import http.server
import json
import signal
import subprocess
import sys
import threading
import urllib.request
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from helpers import DEMO_CONTENT, INVOKE, build_site, clean_env, free_port, wait_for
from helpers.receiver import script_fields, valid_answers

from sitekit.project import ROOT
from sitekit.receiver import local


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The demo, built to send to a receiver on a port of its own (not 8001)."""
    port = free_port()
    out = tmp_path_factory.mktemp("vorschau") / "output"
    receiver = f'QUESTIONNAIRE_RECEIVER="http://127.0.0.1:{port}"'
    assert build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", receiver).ok
    return out, port


def serve(folder, preview_port, db):
    return subprocess.Popen(
        [str(INVOKE), "serve", "--port", str(preview_port), "--folder", str(folder)],
        cwd=ROOT,
        env=clean_env(RECEIVER_DB=str(db), RECEIVER_CONTENT=str(DEMO_CONTENT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def post(receiver_port: int, origin: str) -> int:
    body = urlencode({**valid_answers(), **script_fields()}, doseq=True).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{receiver_port}/antworten/fragebogen",
        data=body,
        headers={
            "Origin": origin,
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_preview_on_any_port_gets_its_own_receiver_that_ends_with_it(built, tmp_path, ending):
    """Before: --port 8123 refused its own form (403), and SIGTERM left the receiver up."""
    folder, receiver_port = built
    preview_port = free_port()
    db = tmp_path / "vorschau.sqlite3"
    preview = serve(folder, preview_port, db)
    try:
        wait_for(
            lambda: local.belongs_here(local.status(receiver_port), {"RECEIVER_DB": str(db)}),
            "der Empfänger dieser Vorschau",
        )
        found = local.status(receiver_port)
        assert f"http://127.0.0.1:{preview_port}" in found["ursprünge"]
        assert post(receiver_port, f"http://127.0.0.1:{preview_port}") == 200
        assert post(receiver_port, "http://127.0.0.1:8000") == 403  # not any other page
    finally:
        preview.send_signal(ending)
        output = preview.communicate(timeout=60)[0]
    assert preview.returncode is not None, output
    wait_for(lambda: local.port_free(receiver_port), "der Port des Empfängers wieder frei")
    assert local.status(receiver_port) is None


class ForeignStatus(http.server.BaseHTTPRequestHandler):
    """Another project's receiver: its /status names another folder."""

    def do_GET(self):  # noqa: N802 - the standard library's name
        body = json.dumps(
            {
                "ok": True,
                "projekt": "/srv/anderes-projekt",
                "datenbank": "/srv/x.sqlite3",
                "ursprünge": [],
                "postausgang": {},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_another_projects_receiver_on_the_port_is_never_used(built, tmp_path):
    """Before: "lief schon" – and this project's answers went into the other database."""
    folder, receiver_port = built
    other = http.server.ThreadingHTTPServer(("127.0.0.1", receiver_port), ForeignStatus)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        preview = serve(folder, free_port(), tmp_path / "vorschau.sqlite3")
        output = preview.communicate(timeout=60)[0]
    finally:
        other.shutdown()
        other.server_close()
    assert preview.returncode == 1
    [line] = [line for line in output.splitlines() if line.startswith("FEHLER")]
    assert f"Port {receiver_port} für den Fragebogen-Empfänger ist belegt" in line
    assert "eines anderen Projekts (/srv/anderes-projekt" in line


@contextmanager
def another_program_on(port: int):
    """A program that is no receiver (Python's file server) holding ``port``."""
    other = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(lambda: not local.port_free(port), "das fremde Programm auf dem Port")
        yield other
    finally:
        other.terminate()
        other.wait()


def test_another_program_on_the_port_is_named_with_its_process(built, tmp_path):
    """Before: "Der Empfänger ist nicht gestartet (Exit-Code 3)", which said nothing."""
    folder, receiver_port = built
    with another_program_on(receiver_port) as other:
        preview = serve(folder, free_port(), tmp_path / "vorschau.sqlite3")
        output = preview.communicate(timeout=60)[0]
    assert preview.returncode == 1
    [line] = [line for line in output.splitlines() if line.startswith("FEHLER")]
    assert f"Port {receiver_port}" in line and "http.server" in line
    assert f"(PID {other.pid})" in line


def test_livereload_takes_a_free_port_when_its_own_is_held(tmp_path):
    """The live preview builds its pages itself, so it can move its receiver elsewhere."""
    held = free_port()
    env = {**local.preview_env("http://127.0.0.1:8123"), "RECEIVER_DB": str(tmp_path / "e.db")}
    env["RECEIVER_CONTENT"] = str(DEMO_CONTENT)
    with another_program_on(held):
        receiver = local.start(held, env, origin="http://127.0.0.1:8123", elsewhere=True)
        try:
            assert receiver.port != held and receiver.process is not None
            assert local.belongs_here(local.status(receiver.port), env, "http://127.0.0.1:8123")
        finally:
            receiver.stop()
