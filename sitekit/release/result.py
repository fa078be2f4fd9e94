"""What a release gate reports: figures, and precise problems (empty when it passed)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class GateResult:
    name: str
    figures: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)  # extra lines, e.g. Lighthouse scores

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, limit: int = 25) -> str:
        figures = ", ".join(f"{k}: {v}" for k, v in self.figures.items())
        head = f"[{'OK' if self.ok else 'FEHLER'}] {self.name} ({self.seconds:.1f} s) {figures}"
        lines = [head] + [f"    {line}" for line in self.details]
        lines += [f"    - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"    … und {len(self.problems) - limit} weitere")
        return "\n".join(lines)
