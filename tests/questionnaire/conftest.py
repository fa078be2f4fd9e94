"""A real local HTTP endpoint for answers, and sites built to send to it."""

from __future__ import annotations

import functools
import http.server
import json
import socket
import threading
from urllib.parse import parse_qsl

import pytest
from helpers import ROOT, build_site

from sitekit.servers.static import serve


class Endpoint:
    """Records every POST; answers 200 (JSON) or, when told, 500."""

    def __init__(self):
        self.received: list[list[tuple[str, str]]] = []
        self.content_types: list[str] = []
        self.status = 200
        handler = functools.partial(_EndpointHandler, self)
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/antworten"

    def reset(self, status: int = 200) -> None:
        self.received.clear()
        self.content_types.clear()
        self.status = status

    def last(self) -> dict[str, list[str]]:
        answers: dict[str, list[str]] = {}
        for key, value in self.received[-1]:
            answers.setdefault(key, []).append(value)
        return answers


class _EndpointHandler(http.server.BaseHTTPRequestHandler):
    def __init__(self, endpoint, *args, **kwargs):
        self.endpoint = endpoint
        super().__init__(*args, **kwargs)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode("utf-8")
        self.endpoint.content_types.append(self.headers.get("Content-Type", ""))
        self.endpoint.received.append(parse_qsl(body, keep_blank_values=True))
        payload = json.dumps({"ok": self.endpoint.status < 400}).encode()
        self.send_response(self.endpoint.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


def _build_with_endpoint(tmp_path_factory, endpoint_url: str):
    out = tmp_path_factory.mktemp("endpoint-site") / "output"
    build = build_site(
        ROOT / "content", out, "pelicanconf.py", "-e", f'QUESTIONNAIRE_ENDPOINT="{endpoint_url}"'
    )
    assert build.ok, build.output
    return out


@pytest.fixture(scope="session")
def endpoint():
    server = Endpoint()
    yield server
    server.server.shutdown()


@pytest.fixture(scope="session")
def endpoint_site(tmp_path_factory, endpoint):
    """Base URL of the demo site built to send answers to the local endpoint."""
    server, url = serve(_build_with_endpoint(tmp_path_factory, endpoint.url))
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def unreachable_site(tmp_path_factory):
    """Base URL of the demo site whose endpoint port has nobody listening."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server, url = serve(_build_with_endpoint(tmp_path_factory, f"http://127.0.0.1:{port}/x"))
    yield url
    server.shutdown()


@pytest.fixture
def fresh_endpoint(endpoint):
    endpoint.reset()
    return endpoint
