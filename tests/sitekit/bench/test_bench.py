"""The benchmark's logic without timing anything: corpus, ratios, targets, table, options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit.bench import table
from sitekit.bench.builds import foreign_seconds, measured, parse_sizes, probed
from sitekit.bench.corpus import write_corpus
from sitekit.bench.edits import spread
from sitekit.bench.table import Result


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_corpus_is_the_same_for_the_same_seed(tmp_path):
    write_corpus(tmp_path / "a", 12, seed=7)
    write_corpus(tmp_path / "b", 12, seed=7)
    write_corpus(tmp_path / "c", 12, seed=8)
    assert contents(tmp_path / "a") == contents(tmp_path / "b")
    assert contents(tmp_path / "a") != contents(tmp_path / "c")
    assert len(contents(tmp_path / "a")) == 12


def result(
    articles: int = 100, kit=(2.0, 3.0, 9.0), plain=(2.0, 4.0, 1.0), cold=(5.0,), **extra
) -> Result:
    return Result(articles, kit_cold=list(cold), kit=list(kit), plain=list(plain), **extra)


def test_targets_use_the_median_of_each_rounds_ratio():
    measured = result(
        kit=(2.2, 4.4, 3.0),  # ÷ plain in each round: 1.1, 1.1, 3.0
        cold=(9.0, 5.0, 4.0),  # 4.5, 1.25, 4.0
        body=[0.2, 0.25, 2.0],
        kit_self_kib=300 * 1024,
        kit_cold_kib=320 * 1024,
        kit_unsearched_worker_kib=400 * 1024,  # a render worker; Pagefind apart
        plain_kib=200 * 1024,
    )
    checked = table.targets(measured)
    build, cold, edit, memory, cold_memory, worker = checked
    # the rounds' median, not the ratio of the medians (3.0 ÷ 2.0 = 1.5, 5.0 ÷ 2.0 = 2.5)
    assert build.value == pytest.approx(1.1) and not build.ok
    assert cold.value == pytest.approx(4.0) and not cold.ok  # limit 2.0
    assert edit.value == pytest.approx(0.25) and edit.ok  # limit 0.3 s
    assert memory.value == pytest.approx(1.5) and memory.ok  # the limit itself is ok
    assert cold_memory.value == pytest.approx(1.6) and not cold_memory.ok
    assert worker.value == pytest.approx(2.0) and not worker.ok
    assert table.target_lines(checked)[0].lstrip().startswith("verfehlt")
    # from 5,000 articles on, the first build may take 2.5 × plain Pelican
    assert table.targets(result(5000, cold=(4.0, 9.0, 2.4)))[1].ok  # 2.0, 2.25, 2.4
    assert not table.targets(result(1000, cold=(4.0, 9.0, 2.4)))[1].ok
    # without a plain build for every round (an older JSON): the ratio of the medians
    assert table.targets(result(cold=(5.0,)))[1].value == pytest.approx(2.5)


def test_growth_compares_time_per_article_of_smallest_and_largest_size():
    assert table.growth([result(100)]) is None
    small, large = result(100, kit=[1.0]), result(1000, kit=[20.0])
    target = table.growth([large, small])
    assert target.value == pytest.approx(2.0) and not target.ok
    lines = table.growth_table([large, small])
    assert lines[2].startswith("| 100 |") and lines[3].startswith("| 1000 |")


def test_table_rows_and_missing_values():
    lines = table.table(result())
    assert len({line.count("|") for line in lines}) == 1  # every row has four cells
    assert "| 3,00 s | 2,00 s | 1,00× |" in lines[2]  # the rounds: 1.0, 0.75, 9.0
    rounds = table.table(result(cold=(4.0, 6.0, 3.0)))
    assert rounds[5].endswith("| 2,00× · 1,50× · 3,00× |")
    assert table.table(result())[5].endswith("| – |")  # one first build, three rounds
    # a first build's largest child (Pagefind, the PDF) is shown, not held to a target
    children = table.table(result(kit_cold_children_kib=150 * 1024, plain_kib=60 * 1024))
    assert "| 150 MiB | – (keine) | 2,50× |" in children[11]
    assert table.de(float("nan")) == "–" and table.mib(0) == "–"


def test_the_kits_own_processes_in_a_first_build_are_held_to_the_memory_target():
    # without Pagefind: the PDF program, share images, reading and rendering
    own = result(kit_cold_own_kib=96 * 1024, plain_kib=60 * 1024)
    row = next(line for line in table.table(own) if "eigener Kindprozess" in line)
    assert row.endswith("| 96 MiB | – (keine) | 1,60× |")
    target = next(t for t in table.targets(own) if "eigener Kindprozess" in t.label)
    assert target.value == pytest.approx(1.6) and not target.ok
    assert table.targets(result(kit_cold_own_kib=90 * 1024, plain_kib=60 * 1024))[-1].ok
    assert not any("eigener" in t.label for t in table.targets(result()))  # not measured


def test_sizes_and_spread_articles():
    assert parse_sizes("100, 1000,5000") == [100, 1000, 5000]
    for bad in ("", "0", "hundert"):
        with pytest.raises(ValueError):
            parse_sizes(bad)
    paths = [Path(f"{i}.md") for i in range(10)]
    assert spread(paths, 3) == [Path("9.md"), Path("6.md"), Path("3.md")]
    assert set(spread(paths, 3, offset=1)).isdisjoint(spread(paths, 3))


def test_a_round_that_shared_the_machine_is_named():
    quiet = result(cold=(4.0, 6.0, 3.0), cold_round_load=[0.01, 0.0, 0.02])
    assert table.table(quiet)[6].endswith("| 1 % · 0 % · 2 % |")
    assert table.load_warning(quiet) == ""
    busy = result(cold=(4.0, 6.0, 3.0), cold_round_load=[0.01, 0.35, 0.06])
    warning = table.load_warning(busy)
    assert "In Runde 2 (35 %), Runde 3 (6 %) nahmen andere Prozesse" in warning
    assert table.load_share(8.0, 10.0, 2) == pytest.approx(0.4)
    # the build's own CPU is not foreign; steal always is; no /proc/stat: nothing known
    assert foreign_seconds((100.0, 5.0), (112.0, 6.5), own=10.0) == pytest.approx(3.5)
    assert foreign_seconds((100.0, 5.0), (108.0, 5.0), own=10.0) == 0.0
    assert foreign_seconds(None, (108.0, 5.0), own=1.0) == 0.0


#: A child that waits until the process PID has used another 0.2 s of CPU.
WAITS_FOR_CPU = """
import sys, time
def used(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / {ticks}
pid = int(sys.argv[1])
start = used(pid)
while used(pid) - start < 0.2:
    time.sleep(0.01)
"""


@pytest.mark.skipif(not Path("/proc/stat").exists(), reason="/proc/stat: Linux only")
def test_cpu_taken_by_another_process_during_a_build_is_counted(tmp_path):
    busy = subprocess.Popen(
        [sys.executable, "-c", "print('los', flush=True)\nwhile True: pass"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert busy.stdout.readline() == "los\n"
        script = WAITS_FOR_CPU.replace("{ticks}", str(os.sysconf("SC_CLK_TCK")))
        run = measured([sys.executable, "-c", script, str(busy.pid)], tmp_path, tmp_path / "log")
    finally:
        busy.kill()
        busy.wait()
        busy.stdout.close()
    assert run.foreign >= 0.2 - 0.03  # two readings, each to a tick of 0.01 s


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM: Linux only")
def test_a_builds_peak_memory_is_its_own_not_the_benchmarks(tmp_path):
    # Linux carries a process's peak over exec: a program started from a large
    # benchmark reports at least the benchmark's peak in ru_maxrss. The bench must not
    # compare those floors (it once reported plain Pelican at 67 MiB, really 55 MiB).
    ballast = b"\1" * (200 * 1024 * 1024)  # every page written, so resident
    run = probed("platform", [], tmp_path, "klein", dict(os.environ))
    assert run.peak_kib >= 200 * 1024  # what wait4 says: the benchmark's peak
    assert 0 < run.self_kib < 64 * 1024  # what the program itself used
    assert len(ballast) == 200 * 1024 * 1024
