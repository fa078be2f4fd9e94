"""Gate: Lighthouse (pinned in package.json) on one page of every page type in the
sitemap, mobile and desktop: 100 in accessibility, best practices and SEO.

Those three categories are audits of the markup and do not depend on how busy the
machine is. The performance score does (it is computed from measured timings), so
it is reported here but never fails a release: speed is held in ``invoke bench``.
Lighthouse itself now and then fails to start Chromium on a busy machine; that tool
failure (not a score) is retried once."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from lxml import etree, html

from sitekit.chromium import CHROMIUM, CHROMIUM_ARGS, isolated_env
from sitekit.project import NODE_MODULES
from sitekit.servers.static import serve

from .links import internal_path
from .result import GateResult

LIGHTHOUSE = NODE_MODULES / "lighthouse/cli/index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FULL_SCORE = 100
#: Starts when Lighthouse itself failed (e.g. NO_NAVSTART on a loaded machine), never for a
#: score: two were not always enough with three test suites on two cores.
ATTEMPTS = 4


def page_type(file: Path) -> str:
    """What kind of page a built file is (the theme marks ``<body data-page-type>``)."""
    types = html.fromstring(file.read_bytes()).xpath("//body/@data-page-type")
    return types[0] if types else ""


def typical_pages(site: Path, siteurl: str) -> list[str]:
    """One page of every page type the sitemap lists (home first), by the sitemap's order.

    Articles come newest first in the feed, so the type "article" is the newest post.
    """
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return ["/"]
    locs = [loc.text.strip() for loc in etree.parse(str(sitemap)).iter("{*}loc") if loc.text]
    paths = [internal_path(loc, "/", siteurl) for loc in locs]
    paths = [p for p in paths if p]
    feed = site / "feeds/all.rss.xml"
    if feed.exists():
        newest = etree.parse(str(feed)).find("channel/item/link")
        if newest is not None and newest.text:
            paths.insert(0, internal_path(newest.text.strip(), "/", siteurl) or "/")
    chosen: dict[str, str] = {}
    for path in ["/", *paths]:
        file = site / path.lstrip("/")
        file = file / "index.html" if path.endswith("/") else file
        kind = page_type(file) if file.exists() else ""
        if kind and kind not in chosen:
            chosen[kind] = path
    return list(chosen.values())


class LighthouseFailed(RuntimeError):  # noqa: N818 - reads better at the call site
    """Lighthouse itself did not produce a report."""


def run_lighthouse(url: str, form_factor: str, report: Path, home: str) -> dict[str, int]:
    command = [
        shutil.which("node") or "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_ARGS])}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    env = {**isolated_env(home), "CHROME_PATH": CHROMIUM}
    # Lighthouse now and then fails to start or connect to Chromium on a busy machine
    # (a tool failure, not a score): more attempts, then report its own words.
    for attempt in range(1, ATTEMPTS + 1):
        proc = subprocess.run(
            command, capture_output=True, text=True, env=env, timeout=240, check=False
        )
        if proc.returncode == 0:
            break
        if attempt == ATTEMPTS:
            last = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise LighthouseFailed(" | ".join(last) or f"Exit-Code {proc.returncode}")
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}
    scores["_failed"] = [  # type: ignore[assignment]
        audit["title"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
    ]
    return scores


def lighthouse_gate(site: Path, siteurl: str) -> GateResult:
    result = GateResult("Lighthouse (mobil und Desktop)")
    if not LIGHTHOUSE.exists() or not shutil.which("node"):
        result.problems.append(
            "Lighthouse fehlt: Node.js und `npm ci` im Projektordner werden gebraucht."
        )
        return result
    pages = typical_pages(site, siteurl)
    if not pages:
        result.problems.append("Keine Seite mit <body data-page-type> in der Sitemap gefunden.")
        return result
    server, base = serve(site)
    scores_seen = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path in pages:
                for form_factor in ("mobile", "desktop"):
                    report = Path(tmp) / "report.json"
                    try:
                        scores = run_lighthouse(base + path, form_factor, report, tmp)
                    except (subprocess.SubprocessError, LighthouseFailed) as error:
                        result.problems.append(
                            f"{path} ({form_factor}): Lighthouse lief nicht: {error}"
                        )
                        continue
                    failed = scores.pop("_failed")
                    line = " ".join(f"{k} {v}" for k, v in scores.items())
                    scores_seen.append(f"{path:40} {form_factor:8} {line}")
                    for name in ("accessibility", "best-practices", "seo"):
                        if scores[name] < FULL_SCORE:
                            result.problems.append(
                                f"{path} ({form_factor}): {name} {scores[name]} < 100; "
                                f"nicht bestanden: {', '.join(failed) or '–'}"
                            )
    finally:
        server.shutdown()
    result.figures = {"Seitentypen": len(scores_seen) // 2, "Läufe": len(scores_seen)}
    result.details = scores_seen
    return result
