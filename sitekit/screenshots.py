"""``invoke screenshots``: phone and desktop pictures of the main pages, in the project's
own Chromium (Debian's, or CHROMIUM_PATH; nothing is downloaded).

The built site is served locally with its own headers; each page is shown at 390×844
(phone) and 1280×800 (desktop), once as the first screen and once as the whole page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .servers.static import serve

SIZES = {"handy": (390, 844), "desktop": (1280, 800)}
PAGES = {
    "start": "/",
    "leistungen": "/leistungen/",
    "faq": "/faq/",
    "blog": "/blog/",
    "fragebogen": "/fragebogen/",
    "kontakt": "/kontakt/",
}


@dataclass(frozen=True)
class Shot:
    page: str
    size: str
    path: Path


def take(site: Path, folder: Path, pages: dict[str, str] | None = None) -> list[Shot]:
    """Screenshots of ``pages`` (name → path) of the built ``site`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    shots = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size, (width, height) in SIZES.items():
                context = browser.new_context(viewport={"width": width, "height": height})
                page = context.new_page()
                for name, path in (pages or PAGES).items():
                    if not (site / path.strip("/") / "index.html").is_file() and path != "/":
                        continue  # a site without this page (e.g. no blog yet)
                    page.goto(base + path, wait_until="networkidle")
                    first = folder / f"{name}-{size}.png"
                    page.screenshot(path=str(first))
                    whole = folder / f"{name}-{size}-ganz.png"
                    page.screenshot(path=str(whole), full_page=True)
                    shots += [Shot(name, size, first), Shot(name, size, whole)]
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return shots
