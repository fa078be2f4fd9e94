"""A local static server that sends the headers from the site's own ``_headers`` file.

Used by the browser and Lighthouse gates (and the tests) so that pages are checked
under the very Content-Security-Policy a Netlify or Cloudflare host would send.
"""

from __future__ import annotations

import fnmatch
import functools
import http.server
import sys
import threading
from http import HTTPStatus
from pathlib import Path


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``_headers`` → [(path pattern, [(name, value), …]), …] in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        if not line.startswith((" ", "\t")):
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    """Headers for a request path; later matching rules override earlier ones."""
    headers: dict[str, str] = {}
    for pattern, values in rules:
        if fnmatch.fnmatchcase(path, pattern.replace(":splat", "*")):
            headers.update(dict(values))
    return headers


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []

    def end_headers(self) -> None:
        for name, value in headers_for(self.rules, self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if (
            code == HTTPStatus.NOT_FOUND and page.exists()
        ):  # like Netlify/Cloudflare: the site's 404 page
            body = page.read_bytes()
            self.send_response(HTTPStatus.NOT_FOUND)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A browser that stops reading (next page opened) is not an error."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(folder: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 with its ``_headers``; return (server, base URL)."""
    headers_file = folder / "_headers"
    rules = (
        parse_headers_file(headers_file.read_text(encoding="utf-8"))
        if headers_file.exists()
        else []
    )
    handler = functools.partial(
        type("HeadersHandler", (_Handler,), {"rules": rules}), directory=str(folder)
    )
    server = _Server(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
