"""The release gates in order; each is a function ``(site, siteurl) -> GateResult``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from .browser import browser_gate
from .lighthouse import lighthouse_gate
from .links import links_gate
from .markup import html_validity_gate, inline_code_gate
from .result import GateResult

GATES: dict[str, Callable[[Path, str], GateResult]] = {
    "links": links_gate,
    "inline": inline_code_gate,
    "html": html_validity_gate,
    "browser": browser_gate,
    "lighthouse": lighthouse_gate,
}
GATE_NAMES = tuple(GATES)


class UnknownGateError(ValueError):
    """A gate name that does not exist (the message is German)."""


def check_names(names: tuple[str, ...]) -> None:
    unknown = [name for name in names if name not in GATES]
    if unknown:
        raise UnknownGateError(
            f"Unbekanntes Gate „{unknown[0]}“ – vorhanden sind: {', '.join(GATE_NAMES)}."
        )


def run_gates(
    site: Path, siteurl: str, names: tuple[str, ...] = GATE_NAMES, echo=print
) -> list[GateResult]:
    """Run the named gates in order; stop at the first that fails."""
    check_names(names)
    results = []
    for name in names:
        start = time.perf_counter()
        result = GATES[name](site, siteurl)
        result.seconds = time.perf_counter() - start
        echo(result.report())
        results.append(result)
        if not result.ok:
            break
    return results
