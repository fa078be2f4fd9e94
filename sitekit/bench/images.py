"""The images a visitor's browser really downloads for a page, phone and desktop.

``invoke bench --weight`` reports them apart from the HTML/CSS/JS budget. Chromium opens
the page from the built site (served with its ``_headers``) in two devices as Lighthouse
emulates them, scrolls to the end so that lazy images load too, and waits until every
image has finished. The figures are the bytes of each image response (the resource
timing's ``encodedBodySize``): which width of ``srcset`` and which format the browser
chose is its own decision from ``sizes`` and the screen, not a guess of ours.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from sitekit.chromium import CHROMIUM, CHROMIUM_ARGS, isolated_env
from sitekit.servers.static import serve

#: (name, viewport width, height, device pixel ratio): Lighthouse's mobile and desktop.
DEVICES = (
    ("Telefon (412 px, DPR 1,75)", 412, 823, 1.75),
    ("Desktop (1350 px, DPR 1)", 1350, 940, 1.0),
)

#: Scroll to the end in steps (lazy images load near the viewport), then wait for all.
LOAD_ALL = """
async () => {
  for (let y = 0; y < document.body.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50)));
  }
  await Promise.all([...document.images].map((img) => img.decode().catch(() => null)));
  return performance.getEntriesByType("resource")
    .filter((entry) => entry.initiatorType === "img")
    .map((entry) => [entry.name, entry.encodedBodySize]);
}
"""


@dataclass
class Loaded:
    device: str
    images: list[tuple[str, int]]  # (path, bytes) in the order the browser loaded them

    @property
    def total(self) -> int:
        return sum(size for _, size in self.images)


def image_weights(site: Path, page: str = "/", browser=None) -> list[Loaded]:
    """What each device downloads as images for ``page`` of the built ``site``.

    ``browser``: a Playwright browser to use (the tests pass theirs); else Chromium is
    started here.
    """
    server, base = serve(site)
    try:
        if browser is not None:
            return [_load(browser, base + page, device) for device in DEVICES]
        with tempfile.TemporaryDirectory() as home, sync_playwright() as playwright:
            own = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=isolated_env(home)
            )
            try:
                return [_load(own, base + page, device) for device in DEVICES]
            finally:
                own.close()
    finally:
        server.shutdown()


def _load(browser, url: str, device: tuple[str, int, int, float]) -> Loaded:
    name, width, height, ratio = device
    context = browser.new_context(
        viewport={"width": width, "height": height}, device_scale_factor=ratio
    )
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        entries = page.evaluate(LOAD_ALL)
    finally:
        context.close()
    return Loaded(name, [(urlsplit(src).path, int(size)) for src, size in entries])


def kib(size: int) -> str:
    return f"{size / 1024:.1f}".replace(".", ",") + " KiB"


def count(files: int) -> str:
    return "1 Datei" if files == 1 else f"{files} Dateien"


def print_image_weights(site: Path, page: str = "/") -> None:
    for loaded in image_weights(site, page):
        files = ", ".join(f"{Path(path).name} {kib(size)}" for path, size in loaded.images)
        print(
            f"Bilder der Startseite, {loaded.device}: {count(len(loaded.images))}, "
            f"{kib(loaded.total)} ({files or 'keine'})"
        )
