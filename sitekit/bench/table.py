"""The benchmark's figures: medians, ratios, targets and the printed table (German).

Pure functions over a ``Result`` (one corpus size) so they can be tested without
timing anything. ``builds`` measures; this module only computes and formats.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field

#: The targets the benchmark holds (printed as ok / verfehlt, never a test).
BUILD_RATIO_MAX = 1.0  # full build of the kit (warm build cache) ≤ 1.0 × plain Pelican
COLD_RATIO_MAX = 2.0  # first build, empty build cache, ≤ 2.0 × plain Pelican …
COLD_RATIO_MAX_LARGE = 2.5  # … and ≤ 2.5 × from LARGE articles on
LARGE = 5000
EDIT_SECONDS_MAX = 0.3  # body edit to preview ≤ 0.3 s …
EDIT_TARGET_UP_TO = 1000  # … up to 1,000 articles
MEMORY_RATIO_MAX = 1.5  # peak RSS of the build process ≤ 1.5 × plain Pelican
GROWTH_MAX = 1.5  # time per article, largest N against smallest N
#: Share of the machine (all cores, over a round's two first-build measurements) that
#: other processes or the host (steal) may take before the round's ratio is named unsure
LOAD_SHARE_MAX = 0.05

MIB = 1024  # ru_maxrss is in KiB on Linux
NAN = float("nan")


@dataclass
class Result:
    """Everything measured for one corpus size; times in seconds, memory in KiB."""

    articles: int
    kit_cold: list[float]  # first builds, empty build cache (CACHE_PATH)
    kit: list[float]  # full builds, warm build cache
    plain: list[float]
    kit_pages: int = 0
    plain_pages: int = 0
    kit_self_kib: int = 0  # largest peak of the build process itself (warm cache)
    kit_worker_kib: int = 0  # largest peak of a child: render worker or Pagefind (warm cache)
    kit_unsearched: list[float] = field(default_factory=list)  # full builds, SEARCH_INDEX off
    kit_unsearched_worker_kib: int = 0  # largest child without Pagefind: a render worker
    kit_cold_kib: int = 0  # largest peak of the build process in a first build
    kit_cold_children_kib: int = 0  # … and of its largest child (Pagefind, the PDF, a worker)
    #: largest child of a first build without the search index: the kit's own processes
    #: (the PDF program, share images, readers, render workers); 0: not measured
    kit_cold_own_kib: int = 0
    plain_kib: int = 0
    body: list[float] = field(default_factory=list)  # edit to preview: article text
    body_quick: int = 0  # how many body edits took the quick path
    body_index: list[float] = field(default_factory=list)  # the search index, afterwards
    title: list[float] = field(default_factory=list)  # edit to preview: a title
    preview_kib: int = 0
    #: per round: share of the machine taken by anything else during plain Pelican and
    #: the kit's first build (``load_share``)
    cold_round_load: list[float] = field(default_factory=list)


@dataclass
class Target:
    label: str
    value: float
    limit: float
    unit: str  # "×" or "s"

    @property
    def ok(self) -> bool:
        return self.value <= self.limit


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def ratio(kit: float, plain: float) -> float:
    return kit / plain if plain else float("nan")


def round_ratios(kit: list[float], plain: list[float]) -> list[float]:
    """Each round's ratio kit ÷ plain (each round built both one right after the other);
    none without a plain build for every round (an older JSON)."""
    if not kit or len(kit) != len(plain):
        return []
    return [ratio(k, p) for k, p in zip(kit, plain, strict=True)]


def paired(kit: list[float], plain: list[float]) -> float:
    """The median of the rounds' ratios, so a busy minute of the shared machine hits both
    builds it compares; without them, the ratio of the medians."""
    rounds = round_ratios(kit, plain)
    return median(rounds) if rounds else ratio(median(kit), median(plain))


def per_round(kit: list[float], plain: list[float]) -> str:
    """Each round's ratio, as German text: "1,68× · 1,80× · 1,99×"."""
    return " · ".join(times(value) for value in round_ratios(kit, plain)) or "–"


def load_share(foreign: float, seconds: float, cores: int) -> float:
    """``foreign`` CPU seconds as a share of what ``cores`` cores give in ``seconds``."""
    return foreign / (seconds * cores) if seconds > 0 and cores > 0 else 0.0


def percent(share: float) -> str:
    return f"{round(100 * share)} %"


def load_warning(result: Result) -> str:
    """One line naming the rounds whose first-build ratio another load made unsure."""
    busy = [
        f"Runde {index} ({percent(share)})"
        for index, share in enumerate(result.cold_round_load, 1)
        if share > LOAD_SHARE_MAX
    ]
    if not busy:
        return ""
    return (
        f"  Achtung: In {', '.join(busy)} nahmen andere Prozesse oder der Host (Steal) mehr als "
        f"{percent(LOAD_SHARE_MAX)} des Rechners; der Baukasten nutzt alle Kerne, Pelican pur "
        "einen, das Verhältnis dieser Runde ist deshalb zu hoch. Bitte auf einem ruhigen "
        "Rechner wiederholen."
    )


def per_article(result: Result) -> float:
    """Seconds of the kit's full build per article (the demo site included)."""
    return median(result.kit) / result.articles


def targets(result: Result) -> list[Target]:
    return [
        Target(
            "Voller Build Baukasten ≤ 1,0 × Pelican pur",
            paired(result.kit, result.plain),
            BUILD_RATIO_MAX,
            "×",
        ),
        Target(
            f"Erster Build (Build-Cache leer) ≤ {de(cold_limit(result), 1)} × Pelican pur",
            paired(result.kit_cold, result.plain),
            cold_limit(result),
            "×",
        ),
        *(
            [
                Target(
                    "Bearbeiten → Vorschau (Text) ≤ 0,3 s",
                    median(result.body),
                    EDIT_SECONDS_MAX,
                    "s",
                )
            ]
            if result.articles <= EDIT_TARGET_UP_TO
            else []
        ),
        Target(
            "Spitzen-RSS Build-Prozess ≤ 1,5 × Pelican pur",
            ratio(result.kit_self_kib, result.plain_kib),
            MEMORY_RATIO_MAX,
            "×",
        ),
        Target(
            "Spitzen-RSS Build-Prozess, erster Build ≤ 1,5 × Pelican pur",
            ratio(result.kit_cold_kib, result.plain_kib),
            MEMORY_RATIO_MAX,
            "×",
        ),
        Target(
            "Spitzen-RSS größter Render-Worker ≤ 1,5 × Pelican pur",
            ratio(result.kit_unsearched_worker_kib, result.plain_kib),
            MEMORY_RATIO_MAX,
            "×",
        ),
        *(
            [
                Target(
                    "Spitzen-RSS größter eigener Kindprozess, erster Build ≤ 1,5 × Pelican pur",
                    ratio(result.kit_cold_own_kib, result.plain_kib),
                    MEMORY_RATIO_MAX,
                    "×",
                )
            ]
            if result.kit_cold_own_kib
            else []
        ),
    ]


def cold_limit(result: Result) -> float:
    return COLD_RATIO_MAX_LARGE if result.articles >= LARGE else COLD_RATIO_MAX


def growth(results: list[Result]) -> Target | None:
    """Time per article at the largest N against the smallest (needs two sizes)."""
    if len({r.articles for r in results}) < 2:  # noqa: PLR2004 - a comparison needs two
        return None
    small = min(results, key=lambda r: r.articles)
    large = max(results, key=lambda r: r.articles)
    return Target(
        f"Zeit je Beitrag bei {large.articles} ≤ 1,5 × bei {small.articles} Beiträgen",
        per_article(large) / per_article(small),
        GROWTH_MAX,
        "×",
    )


# --- formatting ---------------------------------------------------------------------


def de(value: float, digits: int = 2) -> str:
    """A number as German text: decimal comma; "–" when there is none."""
    if math.isnan(value):
        return "–"
    return f"{value:.{digits}f}".replace(".", ",")


def mib(kib: int) -> str:
    return f"{de(kib / MIB, 0)} MiB" if kib else "–"


def times(value: float) -> str:
    return "–" if math.isnan(value) else f"{de(value)}×"


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def table(result: Result) -> list[str]:
    """The Markdown table of one corpus size. A ratio of times is the median of the
    rounds' ratios (``paired``), so it can differ from the ratio of the medians shown."""
    kit, plain = median(result.kit), median(result.plain)
    return [
        _row("Messung", "Baukasten", "Pelican pur", "Baukasten ÷ Pelican"),
        _row("---", "---:", "---:", "---:"),
        _row(
            f"Voller Build, Median aus {len(result.kit)} (Build-Cache warm)",
            f"{de(kit)} s",
            f"{de(plain)} s",
            times(paired(result.kit, result.plain)),
        ),
        _row(
            f"Voller Build ohne Suchindex, Median aus {len(result.kit_unsearched)}",
            f"{de(median(result.kit_unsearched))} s",
            f"{de(plain)} s",
            times(paired(result.kit_unsearched, result.plain)),
        ),
        _row(
            f"Erster Build mit leerem Build-Cache, Median aus {len(result.kit_cold)}",
            f"{de(median(result.kit_cold))} s",
            f"{de(plain)} s",
            times(paired(result.kit_cold, result.plain)),
        ),
        _row(
            "… erster Build ÷ Pelican pur in jeder Runde",
            "–",
            "–",
            per_round(result.kit_cold, result.plain),
        ),
        _row(
            "… fremde Last in jeder Runde (andere Prozesse und Steal, Anteil am Rechner)",
            "–",
            "–",
            " · ".join(percent(share) for share in result.cold_round_load) or "–",
        ),
        _row(
            "Zeit je Beitrag (Median ÷ Beiträge)",
            f"{de(1000 * kit / result.articles)} ms",
            f"{de(1000 * plain / result.articles)} ms",
            times(ratio(kit, plain)),
        ),
        _row("Geschriebene HTML-Seiten", str(result.kit_pages), str(result.plain_pages), "–"),
        _row(
            "Spitzen-RSS Build-Prozess (Cache warm, größter Lauf)",
            mib(result.kit_self_kib),
            mib(result.plain_kib),
            times(ratio(result.kit_self_kib, result.plain_kib)),
        ),
        _row(
            "Spitzen-RSS Build-Prozess, erster Build (Cache leer)",
            mib(result.kit_cold_kib),
            "–",
            times(ratio(result.kit_cold_kib, result.plain_kib)),
        ),
        _row(
            "Spitzen-RSS größter Kindprozess, erster Build (Pagefind, PDF oder Worker)",
            mib(result.kit_cold_children_kib),
            "– (keine)",
            times(ratio(result.kit_cold_children_kib, result.plain_kib)),
        ),
        _row(
            "Spitzen-RSS größter eigener Kindprozess, erster Build ohne Suchindex "
            "(PDF, Teilen-Bilder, Lesen, Worker)",
            mib(result.kit_cold_own_kib) if result.kit_cold_own_kib else "–",
            "– (keine)",
            times(
                ratio(result.kit_cold_own_kib, result.plain_kib) if result.kit_cold_own_kib else NAN
            ),
        ),
        _row(
            "Spitzen-RSS größter Render-Worker (ohne Suchindex; mit geteilten Seiten)",
            mib(result.kit_unsearched_worker_kib),
            "– (keine)",
            times(ratio(result.kit_unsearched_worker_kib, result.plain_kib)),
        ),
        _row(
            "Spitzen-RSS größter Kindprozess mit Suchindex (Pagefind oder Worker)",
            mib(result.kit_worker_kib) if result.kit_worker_kib else "– (Index aus dem Cache)",
            "– (keine)",
            times(ratio(result.kit_worker_kib, result.plain_kib) if result.kit_worker_kib else NAN),
        ),
        _row(
            f"Bearbeiten → Vorschau: Text, Median aus {len(result.body)} "
            f"(schneller Weg: {result.body_quick}/{len(result.body)})",
            f"{de(median(result.body))} s",
            "–",
            "–",
        ),
        _row(
            "… danach der Suchindex, im Hintergrund (Browser hat schon neu geladen)",
            f"{de(median(result.body_index))} s",
            "–",
            "–",
        ),
        _row(
            f"Bearbeiten → Vorschau: Titel, Median aus {len(result.title)} (warmer voller Build)",
            f"{de(median(result.title))} s",
            "–",
            "–",
        ),
        _row("Spitzen-RSS Vorschau-Prozess", mib(result.preview_kib), "–", "–"),
    ]


def unit(target: Target) -> str:
    return target.unit if target.unit == "×" else f" {target.unit}"


def target_lines(checked: list[Target]) -> list[str]:
    return [
        f"  {'ok' if t.ok else 'verfehlt':8}  {t.label}: {de(t.value)}{unit(t)}" for t in checked
    ]


def growth_table(results: list[Result]) -> list[str]:
    """Time per article for every N, kit and plain, and the marginal cost per article."""
    ordered = sorted(results, key=lambda r: r.articles)
    lines = [
        _row("Beiträge", "Baukasten", "je Beitrag", "Pelican pur", "je Beitrag"),
        _row("---:", "---:", "---:", "---:", "---:"),
    ]
    for r in ordered:
        kit, plain = median(r.kit), median(r.plain)
        lines.append(
            _row(
                str(r.articles),
                f"{de(kit)} s",
                f"{de(1000 * kit / r.articles)} ms",
                f"{de(plain)} s",
                f"{de(1000 * plain / r.articles)} ms",
            )
        )
    small, large = ordered[0], ordered[-1]
    extra = large.articles - small.articles
    if extra > 0:
        kit_each = (median(large.kit) - median(small.kit)) / extra
        plain_each = (median(large.plain) - median(small.plain)) / extra
        lines.append("")  # a text line right under a Markdown table would join it
        lines.append(
            f"Jeder weitere Beitrag (von {small.articles} bis {large.articles}): "
            f"Baukasten {de(1000 * kit_each)} ms, Pelican pur {de(1000 * plain_each)} ms"
        )
    return lines
