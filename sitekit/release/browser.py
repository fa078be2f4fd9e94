"""Gate: every page in Chromium under the site's own headers: no CSP violation, no
console error, no request to another host, no cookie, and the questionnaire works.

What to visit is read from the release: every HTML page, every feed, and every page
that carries questionnaire data. Every check waits for the condition it needs (an
element to appear, a response to arrive) up to ``WAIT_MS`` and, when it gives up,
says what it waited for.
"""

from __future__ import annotations

import json
import tempfile
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from sitekit.chromium import CHROMIUM, CHROMIUM_ARGS, isolated_env
from sitekit.servers.static import serve

from .result import GateResult

WAIT_MS = 20_000
SAMPLE = {
    "text": "Test",
    "textarea": "Test",
    "email": "test@beispiel.example",
    "tel": "030 123456",
    "date": "2027-01-15",
}


def page_paths(site: Path) -> list[str]:
    return [
        "/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in sorted(site.rglob("*.html"))
    ]


def feed_paths(site: Path) -> list[str]:
    return ["/" + p.relative_to(site).as_posix() for p in sorted(site.glob("feeds/*.xml"))]


def questionnaire_paths(site: Path) -> list[str]:
    """Pages that embed questionnaire data (the script's configuration)."""
    return [
        "/" + p.relative_to(site).as_posix().removesuffix("index.html")
        for p in sorted(site.rglob("*.html"))
        if b'id="fragebogen-daten"' in p.read_bytes()
    ]


def appears(page, selector: str, what: str, problems: list[str], where: str) -> bool:
    """Wait until ``selector`` is visible; on time-out record what did not appear."""
    try:
        page.locator(selector).first.wait_for(state="visible", timeout=WAIT_MS)
    except Exception:  # Playwright's TimeoutError; any other failure means the same here
        problems.append(f"{where}: {what} erscheint nicht (nach {WAIT_MS // 1000} s: {selector})")
        return False
    return True


def fill_required(page, config: dict) -> None:
    """Answer every required question that is visible, with harmless sample values."""
    for question in config["questions"]:
        box = page.locator(f"#frage-{question['id']}")
        if not question["required"] or not box.is_visible():
            continue
        kind = question["type"]
        if kind in ("single", "multiple", "scale", "yesno"):
            select = page.locator(f"select#q-{question['id']}")
            if select.count():
                select.select_option(question["options"][0]["value"])
            else:
                page.check(f"#q-{question['id']}-{question['options'][0]['value']}")
        elif kind == "number":
            page.fill(f"#q-{question['id']}", str(int(question.get("min", 1))))
        else:
            page.fill(f"#q-{question['id']}", SAMPLE[kind])


def check_questionnaire(page, base: str, path: str, problems: list[str]) -> None:
    page.goto(base + path, wait_until="load")
    if not appears(page, "[data-submit]", "Der Absende-Knopf", problems, path):
        return
    config = json.loads(page.locator("#fragebogen-daten").text_content())
    page.click("[data-submit]")
    if not appears(page, "[data-error-summary]", "Die Fehlerübersicht", problems, path):
        return
    fill_required(page, config)
    page.click("[data-submit]")
    appears(page, "[data-review]", "Der Überblick nach dem Ausfüllen", problems, path)


def check_feeds(page, base: str, site: Path, messages: list[str], problems: list[str]) -> int:
    """Each feed renders as a page (XSLT). Chromium's own XSLT deprecation banner uses
    inline styles, which the site's CSP rightly blocks: its console lines are dropped."""
    feeds = feed_paths(site)
    for path in feeds:
        before = len(messages)
        response = page.goto(base + path, wait_until="load")
        if response is None or response.status != HTTPStatus.OK:
            problems.append(f"{path}: HTTP {response.status if response else 'keine Antwort'}")
        else:
            appears(page, "h1", "Die Feed-Ansicht (Überschrift h1)", problems, path)
        del messages[before:]
    return len(feeds)


def browser_gate(site: Path, siteurl: str) -> GateResult:
    result = GateResult("Chromium mit den Headern der Website")
    server, base = serve(site)
    host = urlsplit(base).netloc
    paths = page_paths(site)
    questionnaires = questionnaire_paths(site)
    messages: list[str] = []
    current = {"path": ""}

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.netloc != host:
            result.problems.append(f"{current['path']}: Anfrage an {request.url}")

    try:
        with tempfile.TemporaryDirectory() as home, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=isolated_env(home)
            )
            page = browser.new_page()
            page.on(
                "console",
                lambda m: m.type == "error" and messages.append(f"{current['path']}: {m.text}"),
            )
            page.on("pageerror", lambda e: messages.append(f"{current['path']}: {e}"))
            page.on("request", on_request)
            for path in paths:
                current["path"] = path
                response = page.goto(base + path, wait_until="load")
                if response is None or response.status != HTTPStatus.OK:
                    status = response.status if response else "keine Antwort"
                    result.problems.append(f"{path}: HTTP {status}")
            current["path"] = ""
            feeds = check_feeds(page, base, site, messages, result.problems)
            for path in questionnaires:
                current["path"] = path
                check_questionnaire(page, base, path, result.problems)
            cookies = page.context.cookies()
            browser.close()
    finally:
        server.shutdown()
    csp = [m for m in messages if "Content Security Policy" in m]
    result.problems += messages
    if cookies:
        result.problems.append(f"Cookies gesetzt: {cookies}")
    result.figures = {
        "Seiten": len(paths),
        "Feeds": feeds,
        "CSP-Verstöße": len(csp),
        "Konsolenfehler": len(messages) - len(csp),
        "Fragebögen geprüft": len(questionnaires),
    }
    return result
