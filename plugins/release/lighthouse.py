"""Gate: Lighthouse (pinned in package.json) scores on the locally served site,
mobile and desktop: 100 in accessibility, best practices and SEO, and at least
LIGHTHOUSE_MIN_PERFORMANCE in performance (simulated throttling varies a little)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from .browser import CHROMIUM, CHROMIUM_ARGS
from .gates import GateResult
from .server import serve

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules/lighthouse/cli/index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_MIN_PERFORMANCE = 95


def typical_pages(site: Path) -> list[str]:
    """Home, a service, the FAQ, the newest article and the questionnaire."""

    def first(folder: str, skip: tuple[str, ...] = ()) -> str:
        for child in sorted((site / folder).iterdir()):
            if child.is_dir() and child.name not in skip and (child / "index.html").exists():
                return f"/{folder}/{child.name}/"
        return ""

    article = ""
    feed = site / "feeds/all.rss.xml"
    if feed.exists():
        newest = etree.parse(str(feed)).find("channel/item/link")
        article = urlsplit(newest.text).path if newest is not None else ""
    pages = [
        "/",
        first("leistungen"),
        "/faq/",
        article or first("blog", ("kategorie",)),
        "/fragebogen/",
    ]
    return [p for p in pages if p]


class LighthouseFailed(RuntimeError):  # noqa: N818 - reads better at the call site
    """Lighthouse itself did not produce a report."""


def run_lighthouse(url: str, form_factor: str, report: Path) -> dict[str, int]:
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
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    # Lighthouse now and then fails to start or connect to Chromium on a busy machine
    # (a tool failure, not a score): one more attempt, then report its own words.
    for attempt in (1, 2):
        proc = subprocess.run(command, capture_output=True, text=True, env=env, timeout=240)
        if proc.returncode == 0:
            break
        if attempt == 2:
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
    server, base = serve(site)
    scores_seen = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for path in typical_pages(site):
                for form_factor in ("mobile", "desktop"):
                    report = Path(tmp) / "report.json"
                    try:
                        scores = run_lighthouse(base + path, form_factor, report)
                    except (subprocess.SubprocessError, LighthouseFailed) as error:
                        result.problems.append(
                            f"{path} ({form_factor}): Lighthouse lief nicht: {error}"
                        )
                        continue
                    failed = scores.pop("_failed")
                    line = " ".join(f"{k} {v}" for k, v in scores.items())
                    scores_seen.append(f"{path} {form_factor}: {line}")
                    print(f"    {path:40} {form_factor:8} {line}")
                    for name in ("accessibility", "best-practices", "seo"):
                        if scores[name] < 100:
                            result.problems.append(
                                f"{path} ({form_factor}): {name} {scores[name]} < 100; "
                                f"nicht bestanden: {', '.join(failed) or '–'}"
                            )
                    if scores["performance"] < LIGHTHOUSE_MIN_PERFORMANCE:
                        result.problems.append(
                            f"{path} ({form_factor}): performance {scores['performance']} "
                            f"< {LIGHTHOUSE_MIN_PERFORMANCE}"
                        )
    finally:
        server.shutdown()
    result.figures = {"Läufe": len(scores_seen)}
    result.scores = scores_seen  # type: ignore[attr-defined]
    return result
