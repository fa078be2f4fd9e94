"""The live preview server: serves the build, its reload client, and reload events."""

from __future__ import annotations

import threading
import urllib.request

from helpers import DEMO_CONTENT, build_site, read

from sitekit.servers.preview import Reloader, start


def test_serves_files_client_and_pushes_a_reload(tmp_path):
    (tmp_path / "index.html").write_text("<h1>Hallo</h1>", encoding="utf-8")
    reloader = Reloader()
    server = start(tmp_path, 0, reloader)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert urllib.request.urlopen(base + "/").read() == b"<h1>Hallo</h1>"
        client = urllib.request.urlopen(base + "/__livereload.js")
        assert client.headers["Content-Type"].startswith("text/javascript")
        assert b"EventSource" in client.read()

        events = urllib.request.urlopen(base + "/__livereload", timeout=10)
        threading.Timer(0.3, reloader.notify).start()
        assert events.readline() == b"event: reload\n"
        events.close()
    finally:
        server.shutdown()


def test_live_builds_include_the_client_and_normal_builds_do_not(site, tmp_path):
    assert "__livereload" not in read(site, "/")
    out = tmp_path / "out"
    build = build_site(DEMO_CONTENT, out, "pelicanconf.py", "-e", "LIVERELOAD=true")
    assert build.ok, build.output
    assert '<script src="/__livereload.js" defer></script>' in read(out, "/")
