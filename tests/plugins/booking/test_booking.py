"""The optional booking tool: nothing is contacted until the visitor asks for it, and the
contact page alone may frame the tool's address."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import DEMO_CONTENT, build_site, read
from lxml import html

from sitekit.servers.static import serve

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def booking(tmp_path_factory):
    """A stand-in booking tool on its own origin."""
    folder = tmp_path_factory.mktemp("booking")
    (folder / "index.html").write_text(
        '<!DOCTYPE html><html lang="de"><title>Kalender</title><h1>Freie Termine</h1></html>',
        encoding="utf-8",
    )
    server, base = serve(folder)
    yield base + "/"
    server.shutdown()


@pytest.fixture(scope="module")
def booking_site(tmp_path_factory, booking):
    out = tmp_path_factory.mktemp("booking-site") / "output"
    settings = (
        f'BOOKING_URL="{booking}"',
        'BOOKING_PROVIDER="Kalender-Beispiel GmbH, Köln"',
        "BOOKING_EMBED=true",
    )
    build = build_site(
        DEMO_CONTENT, out, "pelicanconf.py", *[a for s in settings for a in ("-e", s)]
    )
    assert build.ok, build.output
    server, base = serve(out)
    yield out, base
    server.shutdown()


def meta_policy(site, path: str) -> str:
    [policy] = html.fromstring(read(site, path)).xpath(
        "//meta[@http-equiv='Content-Security-Policy']/@content"
    )
    return policy


def test_only_the_contact_page_may_frame_the_booking_tool(booking_site, booking):
    site, _ = booking_site
    origin = booking.rstrip("/")
    assert re.search(rf"frame-src [^;]*{re.escape(origin)}", meta_policy(site, "kontakt/"))
    assert origin not in meta_policy(site, "/")
    assert origin not in meta_policy(site, "datenschutz/")
    headers = (site / "_headers").read_text(encoding="utf-8")
    site_rule = headers.split("\n\n")[0]
    assert origin not in site_rule  # the site-wide header does not allow it either
    privacy = html.fromstring(read(site, "datenschutz/"))
    assert "Kalender-Beispiel GmbH, Köln" in privacy.xpath("string(//*[@id='terminbuchung']/..)")


def test_calendar_loads_only_after_a_click(page, booking_site, booking):
    site, base = booking_site
    contacted = []
    page.on("request", lambda r: contacted.append(urlparse(r.url).netloc))
    violations = []
    page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    page.goto(base + "/kontakt/")
    button = page.get_by_role("button", name="Kalender hier laden")
    button.wait_for()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()
    booking_host = urlparse(booking).netloc
    assert booking_host not in contacted
    button.click()
    frame = page.frame_locator("iframe.booking__calendar")
    frame.get_by_role("heading", name="Freie Termine").wait_for()
    assert booking_host in contacted
    assert violations == []


def test_without_a_booking_url_nothing_appears(site):
    contact = read(site, "kontakt/")
    assert 'id="termin"' not in contact
    assert "frame-src" not in meta_policy(site, "kontakt/")
