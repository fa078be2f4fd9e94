"""Gates on the markup itself: no inline code (strict CSP) and valid HTML (Nu checker)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from lxml import html

from sitekit.project import NODE_MODULES

from .result import GateResult

VNU = NODE_MODULES / "vnu-jar/build/dist/vnu.jar"
DATA_TYPES = ("application/json", "application/ld+json")


def inline_code_gate(site: Path, siteurl: str) -> GateResult:
    """No inline <script>, <style>, style= or on…= anywhere: a strict CSP would block them."""
    result = GateResult("Kein Inline-Code (strenge CSP)")
    pages = sorted(site.rglob("*.html"))
    for page in pages:
        relative = page.relative_to(site).as_posix()
        tree = html.fromstring(page.read_bytes())
        for script in tree.xpath("//script[not(@src)]"):
            if script.get("type") not in DATA_TYPES:
                snippet = (script.text or "").strip()[:40]
                result.problems.append(f"{relative}: Inline-Skript <script>{snippet}…")
        for _element in tree.xpath("//style"):
            result.problems.append(f"{relative}: <style>-Element")
        for element in tree.xpath("//*[@style]"):
            result.problems.append(f"{relative}: style-Attribut an <{element.tag}>")
        for attribute in tree.xpath("//@*[starts-with(name(), 'on')]"):
            result.problems.append(f"{relative}: Event-Handler {attribute.attrname}=")
        for url in tree.xpath("//a/@href"):
            if url.strip().lower().startswith("javascript:"):
                result.problems.append(f"{relative}: javascript:-Link")
    result.figures = {"Seiten": len(pages)}
    return result


def html_validity_gate(site: Path, siteurl: str) -> GateResult:
    """Every HTML file is valid for the Nu Html Checker (vnu.jar, pinned in package.json)."""
    result = GateResult("HTML gültig (Nu Html Checker)")
    java = shutil.which("java")
    if not java or not VNU.exists():
        result.problems.append(
            "Der Nu Html Checker fehlt: Java (apt-get install default-jre-headless) und "
            "`npm ci` im Projektordner werden gebraucht."
        )
        return result
    pages = sorted(site.rglob("*.html"))
    proc = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--skip-non-html",
            "--errors-only",
            *map(str, pages),
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    messages = json.loads(proc.stderr or proc.stdout or '{"messages": []}')["messages"]
    for message in messages:
        file = message.get("url", "").removeprefix("file:")
        relative = Path(file).relative_to(site).as_posix() if file.startswith(str(site)) else file
        result.problems.append(
            f"{relative}:{message.get('lastLine', '?')}: {message.get('message', '').strip()}"
        )
    result.figures = {"Seiten": len(pages), "Fehler": len(messages)}
    return result
