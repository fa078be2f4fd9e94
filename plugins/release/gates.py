"""The release gates in order, each returning figures and precise problems."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class GateResult:
    name: str
    figures: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, limit: int = 25) -> str:
        figures = ", ".join(f"{k}: {v}" for k, v in self.figures.items())
        head = f"[{'OK' if self.ok else 'FEHLER'}] {self.name} ({self.seconds:.1f} s) {figures}"
        lines = [head] + [f"    - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"    … und {len(self.problems) - limit} weitere")
        return "\n".join(lines)


def _gates() -> dict[str, Callable[[Path, str], GateResult]]:
    from .browser import browser_gate
    from .lighthouse import lighthouse_gate
    from .links import links_gate
    from .markup import html_validity_gate, inline_code_gate

    return {
        "links": links_gate,
        "inline": inline_code_gate,
        "html": html_validity_gate,
        "browser": browser_gate,
        "lighthouse": lighthouse_gate,
    }


GATE_NAMES = ("links", "inline", "html", "browser", "lighthouse")


def run_gates(
    site: Path, siteurl: str, names: tuple[str, ...] = GATE_NAMES, echo=print
) -> list[GateResult]:
    """Run the named gates in order; stop at the first that fails."""
    gates = _gates()
    results = []
    for name in names:
        if name not in gates:
            raise ValueError(f"Unbekanntes Gate '{name}'; vorhanden: {', '.join(GATE_NAMES)}")
        start = time.perf_counter()
        result = gates[name](site, siteurl)
        result.seconds = time.perf_counter() - start
        echo(result.report())
        results.append(result)
        if not result.ok:
            break
    return results
