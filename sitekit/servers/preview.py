"""Local preview server that reloads the browser after every successful build.

The ``livereload`` package injects an inline script, which the site's strict
Content-Security-Policy (rightly) blocks. This server instead serves its client as
a same-origin file (``/__livereload.js``, included by ``base.html`` only when the
build has ``LIVERELOAD = True``) and pushes reloads as Server-Sent Events, which
``connect-src 'self'`` allows.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

CLIENT = b"""new EventSource("/__livereload").addEventListener("reload", function () {
  location.reload();
});
"""


class Reloader:
    """A build counter that waiting browsers watch."""

    def __init__(self) -> None:
        self.generation = 0
        self.changed = threading.Condition()

    def notify(self) -> None:
        with self.changed:
            self.generation += 1
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.generation != seen, timeout=timeout)
            return self.generation


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    reloader: Reloader

    def do_GET(self) -> None:  # noqa: N802 - http.server's API name
        if self.path == "/__livereload.js":
            self._send(200, "text/javascript; charset=utf-8", CLIENT)
        elif self.path == "/__livereload":
            self._stream_reloads()
        else:
            super().do_GET()

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_reloads(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.reloader.generation
        try:
            while True:
                now = self.reloader.wait(seen, timeout=15)
                message = b"event: reload\ndata: 1\n\n" if now != seen else b": still here\n\n"
                self.wfile.write(message)
                self.wfile.flush()
                seen = now
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, *args) -> None:  # the build output matters, not every request
        pass


def start(root: Path, port: int, reloader: Reloader) -> http.server.ThreadingHTTPServer:
    """Serve ``root`` on 127.0.0.1:``port`` in a background thread."""
    handler = functools.partial(
        type("Handler", (PreviewHandler,), {"reloader": reloader}), directory=str(root)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
