"""`make livereload` in a real browser: a broken save shows the build's German message,
the next good save brings the page back."""

from __future__ import annotations

import shutil
import threading

import pytest
from helpers import DEMO_CONTENT
from playwright.sync_api import expect

from sitekit.preview import WarmPreview, live
from sitekit.servers.preview import Reloader, start

pytestmark = pytest.mark.browser


def test_a_failed_save_shows_a_german_error_page_until_the_next_good_one(tmp_path, page):
    """`make livereload` as the owner sees it: a save that breaks the build replaces the
    page with the build's German message (same origin, within the CSP); the next good save
    brings the page back. Both by the browser's own reload, nothing clicked."""
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    post = content / "blog" / "das-gute-briefing.md"
    good = post.read_text(encoding="utf-8")
    preview = WarmPreview(content, tmp_path / "output")
    assert preview.build().ok
    reloader, stop = Reloader(), threading.Event()
    server = start(preview.output, 0, reloader)
    loop = threading.Thread(
        target=live, args=(preview, reloader, [content], lambda: None, stop), daemon=True
    )
    loop.start()
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/blog/das-gute-briefing/")
        heading = page.locator("h1")
        before = heading.inner_text()
        page.wait_for_function("document.readyState === 'complete'")
        post.write_text(good.replace("title:", "title: [", 1), encoding="utf-8")
        expect(heading).to_have_text("Die Vorschau konnte nicht gebaut werden", timeout=60_000)
        assert "content/blog/das-gute-briefing.md" in page.locator("main").inner_text()
        assert "YAML-Fehler" in page.locator("main").inner_text()
        post.write_text(good, encoding="utf-8")
        expect(heading).to_have_text(before, timeout=60_000)
    finally:
        stop.set()
        server.shutdown()
        loop.join(timeout=30)
    assert not [p for p in problems if "Content Security Policy" in p], problems
