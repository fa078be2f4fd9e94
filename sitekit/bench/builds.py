"""``invoke bench``: this kit against plain Pelican on the same German corpus, in one run.

``python -m sitekit.bench.builds [--articles 1000|100,1000,5000] [--runs 3] [--json PATH]``

For every N it writes a reproducible corpus (``corpus.write_corpus``) into a temporary
folder and measures, each build as its own child process on a fresh output folder:

- the kit: a copy of ``content/`` (the demo) plus the corpus in ``blog/korpus/``, built
  by ``python -m sitekit.build``, once as is and once with ``SEARCH_INDEX=false`` (what
  the Pagefind search index adds, which plain Pelican does not make), each run through
  ``probe``, which reports the peak memory of the build process and of its largest
  child (a forked render worker, or the Pagefind binary);
- its first build, with an empty temporary ``CACHE_PATH``: the first round's fills the
  cache of every timed build after it (the questionnaire PDF, the image files, pages),
  as every build after the first finds it; each later round's builds into an empty
  cache of its own (the builds without the search index use a copy of the filled
  cache: other settings, other pages); in the first round also a first build without
  the search index, whose largest child is one of the kit's own processes (the PDF
  program, share images, reading, rendering), not Pagefind;
- plain Pelican: the corpus alone in ``blog/``, ``python -m pelican -q`` through
  ``probe`` as well, with settings
  that set only SITENAME, PATH, TIMEZONE, DEFAULT_LANG, PLUGINS=[] and
  DEFAULT_PAGINATION (the default theme, notmyidea);
- edit to preview: ``edits`` in its own process, a warm ``WarmPreview`` on a copy of
  the kit's content.

Each of ``--runs`` rounds builds plain Pelican and the kit's first build right after one
another (which of them goes first alternates), then the kit with the warm cache and
without the search index. A ratio to plain Pelican is taken within each round, so a
busy minute of the shared machine hits both builds it compares; the median of the
rounds' ratios counts. Times are wall-clock seconds from starting the process until it
has ended (Python's start-up included). Memory is each process's own high-water mark
(``probe``: not ``ru_maxrss``, which carries the benchmark's own peak over ``exec``).

A ratio within a round still holds only if nothing else ran meanwhile: plain Pelican
works on one core, the kit on all of them, so another process, or a host taking the
virtual machine's CPU away (steal time), slows the kit far more. For every build the
bench therefore takes the machine's busy and stolen CPU time from ``/proc/stat`` and
subtracts what the build itself used (``os.wait4``); the rest, as a share of all cores
over the build, is shown for each round and named when it is too high to trust.

Nothing the bench writes is deleted before its very end (for 100, 1,000 and 5,000
articles and three rounds, about 4 GB in the temporary folder, estimated from the
folders' sizes), so no deletion of thousands of files lies between two measured builds.

It prints one table per N, the targets (ok / verfehlt) and, for several N, how the time
per article grows; all figures go to a JSON file as well.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from sitekit.project import CONTENT, ROOT

from . import table
from .corpus import write_corpus
from .table import Result

PYTHON = sys.executable
DEFAULT_JSON = Path(tempfile.gettempdir()) / "va-sitekit-bench.json"

PLAIN_SETTINGS = """\
SITENAME = "Korpus"
PATH = {path!r}
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
PLUGINS = []
DEFAULT_PAGINATION = 6
"""


class BenchError(RuntimeError):
    """A build or the preview failed; the message is German and names the log."""


@dataclass
class Run:
    seconds: float
    peak_kib: int  # wait4: at least the benchmark's own peak (see probe); not reported
    self_kib: int = 0  # probe: the process alone
    children_kib: int = 0  # probe: its largest waited-for child
    foreign: float = 0.0  # CPU seconds of the machine not used by the build, stolen included


# --- the machine ------------------------------------------------------------------------


def cores() -> int:
    """The cores this process may use (as nproc counts them)."""
    return len(os.sched_getaffinity(0))


#: /proc/stat's first line: user nice system idle iowait irq softirq steal (guest is in user)
BUSY_FIELDS = (0, 1, 2, 5, 6)
STEAL_FIELD = 7


def cpu_seconds() -> tuple[float, float] | None:
    """The machine's busy and stolen CPU seconds since it started (all cores), or None
    where ``/proc/stat`` is missing (not Linux)."""
    try:
        first = Path("/proc/stat").read_text(encoding="utf-8").splitlines()[0]
    except OSError:
        return None
    ticks = [int(value) for value in first.split()[1:]]
    per_second = os.sysconf("SC_CLK_TCK")
    busy = sum(ticks[i] for i in BUSY_FIELDS)
    steal = ticks[STEAL_FIELD] if len(ticks) > STEAL_FIELD else 0
    return busy / per_second, steal / per_second


def foreign_seconds(
    before: tuple[float, float] | None, after: tuple[float, float] | None, own: float
) -> float:
    """CPU seconds the machine spent on anything but the build (``own``) between two
    readings of ``cpu_seconds``, plus the time the host took (steal); 0 without them."""
    if before is None or after is None:
        return 0.0
    busy, steal = after[0] - before[0], after[1] - before[1]
    return max(0.0, busy - own) + max(0.0, steal)


def machine() -> dict[str, object]:
    """Cores (as nproc counts them), CPU model, RAM, load: printed and kept in the JSON."""
    model = ""
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    meminfo = Path("/proc/meminfo").read_text(encoding="utf-8").split()
    ram_kib = int(meminfo[meminfo.index("MemTotal:") + 1])
    return {
        "nproc": cores(),
        "cpu": model or platform.processor(),
        "ram_gib": round(ram_kib / 1024**2, 1),
        "load": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
    }


def machine_line(info: dict[str, object]) -> str:
    return (
        f"Rechner: {info['nproc']} Kerne (nproc), {info['cpu']}, "
        f"{table.de(float(info['ram_gib']), 1)} GiB RAM; Python {info['python']}, "
        f"Last (1 min) beim Start {table.de(float(info['load']))}, "
        f"am Ende {table.de(float(info['load_end']))}"
    )


# --- measuring one child process ---------------------------------------------------------


def measured(command: list[str], cwd: Path, log: Path, env: dict | None = None) -> Run:
    """Run ``command`` to its end; wall-clock seconds, its peak RSS from ``os.wait4``, and
    the CPU time the rest of the machine took meanwhile."""
    with log.open("wb") as sink:
        before = cpu_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=sink, stderr=sink)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        after = cpu_seconds()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise BenchError(
            f"{' '.join(command[:4])} … endete mit {process.returncode}: {log_tail(log)}"
        )
    own = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss, foreign=foreign_seconds(before, after, own))


def log_tail(log: Path, lines: int = 5) -> str:
    """The last lines of a child's output, on one line (the folder goes afterwards)."""
    text = log.read_text(encoding="utf-8", errors="replace").strip()
    return " | ".join(text.splitlines()[-lines:])


def probed(module: str, args: list[str], folder: Path, name: str, env: dict) -> Run:
    """``python -m module args`` through ``probe``: with the peaks of itself and its workers."""
    report = folder / f"{name}.rss.json"
    command = [PYTHON, "-m", "sitekit.bench.probe", str(report), module, *args]
    run = measured(command, ROOT, folder / f"{name}.log", env)
    peaks = json.loads(report.read_text(encoding="utf-8"))
    run.self_kib, run.children_kib = peaks["self_kib"], peaks["children_kib"]
    return run


def html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


# --- one corpus size ---------------------------------------------------------------------


@dataclass
class Workspace:
    """A temporary folder with both content folders and the plain settings."""

    root: Path

    @property
    def kit(self) -> Path:
        return self.root / "kit"

    @property
    def plain(self) -> Path:
        return self.root / "plain"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def unsearched_cache(self) -> Path:
        return self.root / "cache-ohne-suche"

    @property
    def settings(self) -> Path:
        return self.root / "pelican_pur.py"

    def env(self) -> dict[str, str]:
        """The environment of the kit's processes: the cache never in the repository."""
        return {**os.environ, "SITEKIT_CACHE": str(self.cache)}


def prepare(root: Path, articles: int, seed: int) -> Workspace:
    space = Workspace(root)
    shutil.copytree(CONTENT, space.kit)
    write_corpus(space.kit / "blog" / "korpus", articles, seed)
    write_corpus(space.plain / "blog", articles, seed)
    space.settings.write_text(PLAIN_SETTINGS.format(path=str(space.plain)), encoding="utf-8")
    return space


def kit_build(
    space: Workspace, name: str, *extra: str, cache: Path | None = None
) -> tuple[Run, int]:
    """One full build of the kit into a fresh folder; the run and the pages written."""
    out = space.root / f"out-{name}"
    args = ["-s", "pelicanconf.py", "-c", str(space.kit), "-o", str(out)]
    args += ["-e", f"CACHE_PATH={cache or space.cache}", *extra]
    run = probed("sitekit.build", args, space.root, name, space.env())
    return run, html_pages(out)


def plain_build(space: Workspace, name: str) -> tuple[Run, int]:
    """One build of the corpus with plain Pelican into a fresh folder (through the probe,
    as the kit's builds: both peaks are measured the same way)."""
    out = space.root / f"out-{name}"
    args = [str(space.plain), "-s", str(space.settings), "-o", str(out), "-q"]
    run = probed("pelican", args, space.root, name, dict(os.environ))
    return run, html_pages(out)


def builds(space: Workspace, articles: int, runs: int) -> Result:
    """``runs`` rounds of plain Pelican and the kit's first build (empty cache), one right
    after the other and in turn which first, then the kit with the warm cache and without
    the search index (see the module's text)."""
    result = Result(articles, [], [], [])
    plain_runs, cold_runs, kit_runs, unsearched = [], [], [], []
    for index in range(1, runs + 1):
        say(f"  Runde {index}/{runs}: Pelican pur und Baukasten, erster Build (Cache leer) …")
        # the first round's first build fills the cache of all the warm builds
        empty = space.cache if index == 1 else space.root / f"cache-leer-{index}"
        plain_run = functools.partial(plain_build, space, f"pelican-{index}")
        cold_run = functools.partial(kit_build, space, f"kit-kalt-{index}", cache=empty)
        if index % 2:  # a tuple's items are evaluated from left to right
            (plain, result.plain_pages), (cold, _) = plain_run(), cold_run()
        else:
            (cold, _), (plain, result.plain_pages) = cold_run(), plain_run()
        if index == 1:
            # Builds without the search index have other settings, so other rendered
            # pages: their own copy of the cache, or they would take turns pushing each
            # other's pages out.
            shutil.copytree(space.cache, space.unsearched_cache)
        say(f"  Runde {index}/{runs}: Baukasten mit warmem Cache, ohne Suchindex …")
        kit, result.kit_pages = kit_build(space, f"kit-{index}")
        without, _ = kit_build(
            space, f"ohne-suche-{index}", "SEARCH_INDEX=false", cache=space.unsearched_cache
        )
        if index == 1:  # the kit's own processes in a first build, without Pagefind's
            say(f"  Runde {index}/{runs}: Baukasten, erster Build ohne Suchindex …")
            empty = space.root / "cache-leer-ohne-suche"
            own, _ = kit_build(space, "kalt-ohne-suche", "SEARCH_INDEX=false", cache=empty)
            result.kit_cold_own_kib = own.children_kib
        plain_runs.append(plain)
        cold_runs.append(cold)
        kit_runs.append(kit)
        unsearched.append(without)
    result.plain = [r.seconds for r in plain_runs]
    result.kit_cold = [r.seconds for r in cold_runs]
    result.cold_round_load = [
        table.load_share(plain.foreign + cold.foreign, plain.seconds + cold.seconds, cores())
        for plain, cold in zip(plain_runs, cold_runs, strict=True)
    ]
    result.kit = [r.seconds for r in kit_runs]
    result.kit_unsearched = [r.seconds for r in unsearched]
    result.kit_cold_kib = max(r.self_kib for r in cold_runs)
    result.kit_cold_children_kib = max(r.children_kib for r in cold_runs)
    result.kit_unsearched_worker_kib = max(r.children_kib for r in unsearched)
    result.plain_kib = max(r.self_kib for r in plain_runs)
    result.kit_self_kib = max(r.self_kib for r in kit_runs)
    result.kit_worker_kib = max(r.children_kib for r in kit_runs)
    return result


def edit_to_preview(space: Workspace, result: Result, bodies: int, titles: int) -> None:
    """Time saves in a warm preview (its own process, on its own copy of the content)."""
    say(f"  Vorschau: {bodies} Textänderungen, {titles} Titeländerungen …")
    content, output = space.root / "vorschau-content", space.root / "vorschau"
    shutil.copytree(space.kit, content)
    found = space.root / "vorschau.json"
    args = [str(content), str(output), str(space.cache), str(found)]
    args += ["--bodies", str(bodies), "--titles", str(titles)]
    run = probed("sitekit.bench.edits", args, space.root, "vorschau", space.env())
    edits = json.loads(found.read_text(encoding="utf-8"))
    if not all(record["ok"] for record in edits["body"] + edits["title"]):
        log = space.root / "vorschau.log"
        raise BenchError(f"Ein Build der Vorschau ist gescheitert: {log_tail(log)}")
    result.body = [record["seconds"] for record in edits["body"]]
    result.body_index = [record["index"] for record in edits["body"]]
    result.body_quick = sum(record["quick"] for record in edits["body"])
    result.title = [record["seconds"] for record in edits["title"]]
    result.preview_kib = run.self_kib


def measure(articles: int, args: argparse.Namespace, root: Path) -> Result:
    """Everything for one corpus size, in ``root`` (deleted by the caller at the end)."""
    say(f"{articles} Beiträge: Korpus schreiben …")
    space = prepare(root, articles, args.seed)
    result = builds(space, articles, args.runs)
    edit_to_preview(space, result, args.edits, args.titles)
    return result


# --- report --------------------------------------------------------------------------------


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def workers() -> int:
    """How many workers the kit's build uses here (BUILD_WORKERS is not set in the demo)."""
    from plugins.site_settings.plugin import build_workers  # noqa: PLC0415 - imports Pelican

    return build_workers({})


def print_result(result: Result) -> list[table.Target]:
    print()
    print(
        f"Benchmark mit {result.articles} Beiträgen (Baukasten: dazu die Demo-Website; "
        f"Worker: {workers()})"
    )
    print()
    print("\n".join(table.table(result)))
    checked = table.targets(result)
    print()
    print("Ziele:")
    print("\n".join(table.target_lines(checked)))
    warning = table.load_warning(result)
    if warning:
        print(warning)
    return checked


def print_growth(results: list[Result]) -> table.Target | None:
    target = table.growth(results)
    if target is None:
        return None
    print()
    print("Wachstum mit der Zahl der Beiträge (Median je Größe):")
    print()
    print("\n".join(table.growth_table(results)))
    print()
    print("\n".join(table.target_lines([target])))
    return target


def report(results: list[Result], info: dict, path: Path) -> None:
    """Print every table and write all figures as JSON to ``path``."""
    info["load_end"] = round(os.getloadavg()[0], 2)
    print()
    print(machine_line(info))
    checked = {r.articles: [asdict(t) for t in print_result(r)] for r in results}
    growth = print_growth(results)
    data = {
        "machine": info,
        "results": [asdict(r) for r in results],
        "targets": checked,
        "growth": asdict(growth) if growth else None,
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    print()
    print(f"Alle Messwerte als JSON: {path}")


def parse_sizes(text: str) -> list[int]:
    """``"100,1000"`` → ``[100, 1000]``; each a whole number ≥ 1."""
    sizes = [int(part) for part in text.replace(" ", "").split(",") if part]
    if not sizes or min(sizes) < 1:
        raise ValueError(text)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitekit.bench.builds", description=__doc__)
    parser.add_argument("--articles", default="1000", help="N or a list: 100,1000,5000")
    parser.add_argument("--runs", type=int, default=3, help="timed full builds per N")
    parser.add_argument("--edits", type=int, default=5, help="body edits in the preview")
    parser.add_argument("--titles", type=int, default=3, help="title edits in the preview")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON)
    args = parser.parse_args(argv)
    try:
        sizes = parse_sizes(args.articles)
    except ValueError:
        print(
            f"FEHLER: --articles erwartet Zahlen wie 1000 oder 100,1000 (nicht {args.articles!r})."
        )
        return 2
    info = machine()
    try:
        with tempfile.TemporaryDirectory(prefix="va-sitekit-bench-") as tmp:
            results = [measure(n, args, Path(tmp) / str(n)) for n in sizes]
    except BenchError as error:
        print(f"FEHLER: {error}")
        return 1
    report(results, info, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
