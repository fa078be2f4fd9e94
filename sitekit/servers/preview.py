"""Local preview server that reloads the browser after every successful build.

The ``livereload`` package injects an inline script, which the site's strict
Content-Security-Policy (rightly) blocks. This server instead serves its client as
a same-origin file (``/__livereload.js``, included by ``base.html`` only when the
build has ``LIVERELOAD = True``) and pushes reloads as Server-Sent Events, which
``connect-src 'self'`` allows.
"""

from __future__ import annotations

import functools
import html
import http.server
import threading
from pathlib import Path

CLIENT = b"""new EventSource("/__livereload").addEventListener("reload", function () {
  location.reload();
});
"""


class Reloader:
    """A build counter that waiting browsers watch, and the errors of the last build."""

    def __init__(self) -> None:
        self.generation = 0
        self.errors: list[str] = []  # while not empty, every page shows them
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
        path = self.path.split("?", 1)[0]
        if path == "/__livereload.js":
            self._send(200, "text/javascript; charset=utf-8", CLIENT)
        elif path == "/__livereload":
            self._stream_reloads()
        elif self.reloader.errors and (path.endswith("/") or path.endswith(".html")):
            self._send(500, "text/html; charset=utf-8", error_page(self.reloader.errors))
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


def error_page(errors: list[str]) -> bytes:
    """The page the preview shows while the last build failed (same origin, no inline code)."""
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in errors)
    page = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
        "<title>Vorschau: Fehler beim Bauen</title>"
        '<script src="/__livereload.js" defer></script></head><body><main>'
        "<h1>Die Vorschau konnte nicht gebaut werden</h1>"
        "<p>Die Seite erscheint wieder, sobald die Datei korrigiert und gespeichert ist.</p>"
        f"<ul>{items}</ul></main></body></html>"
    )
    return page.encode("utf-8")


def start(root: Path, port: int, reloader: Reloader) -> http.server.ThreadingHTTPServer:
    """Serve ``root`` on 127.0.0.1:``port`` in a background thread."""
    handler = functools.partial(
        type("Handler", (PreviewHandler,), {"reloader": reloader}), directory=str(root)
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
