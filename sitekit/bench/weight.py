"""Benchmark of the demo site: build time, the gzip weight of typical pages, and the
images the home page makes a phone and a desktop download (``images.py``).

Times are medians of several builds in one run (machines here are shared and
noisy); weights are exact and checked against the budget.
"""

from __future__ import annotations

import gzip
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from lxml import html

from .images import print_image_weights
from .table import de

#: Pages a visitor typically opens, and the gzip budget for each (HTML + CSS + JS).
TYPICAL_PAGES = (
    "index.html",
    "leistungen/bueroorganisation/index.html",
    "faq/index.html",
    "blog/das-gute-briefing/index.html",
    "fragebogen/index.html",
)
#: HTML, CSS and JS (gzip) plus the self-hosted font (woff2, already compressed): the budget
#: of 30 KB was raised by the one font file and nothing else.
FONT_ALLOWANCE = 29_000
BUDGET_BYTES = 30_000 + FONT_ALLOWANCE


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Gzip bytes of a page and every stylesheet and script it loads from the site (the
    modules a module script imports included: the page preloads each), plus the bytes of
    the fonts it preloads."""
    source = (site / page).read_bytes()
    tree = html.fromstring(source)
    weights = {"html": gzip_size(source), "css": 0, "js": 0, "font": 0}
    for href in tree.xpath("//link[@rel='preload'][@as='font']/@href"):
        weights["font"] += len((site / href.lstrip("/")).read_bytes())
    for href in tree.xpath("//link[@rel='stylesheet']/@href"):
        weights["css"] += gzip_size((site / href.lstrip("/")).read_bytes())
    for src in dict.fromkeys(tree.xpath("//script/@src | //link[@rel='modulepreload']/@href")):
        weights["js"] += gzip_size((site / src.lstrip("/")).read_bytes())
    weights["total"] = weights["html"] + weights["css"] + weights["js"] + weights["font"]
    return weights


def time_builds(pelican: Path, root: Path, runs: int = 3, *extra: str) -> list[float]:
    """Wall-clock seconds of ``runs`` full builds with pelicanconf.py."""
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run(
                [
                    str(pelican),
                    str(root / "content"),
                    "-s",
                    str(root / "pelicanconf.py"),
                    "-o",
                    str(Path(tmp) / "out"),
                    "-q",
                    *extra,
                ],
                check=True,
                cwd=root,
                capture_output=True,
            )
            seconds.append(time.perf_counter() - start)
    return seconds


def report(pelican: Path, root: Path, site: Path, runs: int = 3) -> bool:
    """Print the figures; return False when a page is over budget."""
    seconds = time_builds(pelican, root, runs)
    without_pdf = statistics.median(
        time_builds(pelican, root, runs, "-e", "QUESTIONNAIRE_PDF=false")
    )
    pages = len(list(site.rglob("*.html")))
    median = statistics.median(seconds)
    print(
        f"Build: Median {de(median)} s aus {runs} Läufen "
        f"({de(min(seconds))}–{de(max(seconds))} s), {pages} Seiten, "
        f"{1000 * median / pages:.0f} ms je Seite"
    )
    print(
        f"Ohne Fragebogen-PDF: Median {de(without_pdf)} s "
        f"(mit PDF dauert ein Build {de(median / without_pdf, 1)}-mal so lang)"
    )
    ok = True
    for page in TYPICAL_PAGES:
        w = page_weight(site, page)
        flag = "ok" if w["total"] <= BUDGET_BYTES else "über dem Budget"
        ok &= w["total"] <= BUDGET_BYTES
        print(
            f"{page:45} html {w['html']:6} + css {w['css']:5} + js {w['js']:5} "
            f"+ Schrift {w['font']:5} = {w['total']:6} B  ({flag}, Budget {BUDGET_BYTES} B)"
        )
    print_image_weights(site)  # apart from the budget: what phones and desktops download
    return ok
