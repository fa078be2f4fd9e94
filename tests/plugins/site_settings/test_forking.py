"""Work done in a forked process for the build: its result comes back, its imports stay
there, and its errors are the build's own when it fails."""

from __future__ import annotations

import functools
import os
import sys

import pytest
from helpers import run_python

from plugins.site_settings.brand import brand_css, contrast_problem
from plugins.site_settings.forking import (
    BACKGROUND_NICENESS,
    forking,
    result_apart,
    started_apart,
)


def test_a_result_comes_back_from_another_process():
    assert result_apart(os.getpid) != os.getpid()


def test_what_cannot_come_back_is_computed_here():
    assert result_apart(lambda: lambda: 1) is not None  # a function cannot be pickled


def test_an_error_is_raised_here_as_the_work_raises_it():
    with pytest.raises(ZeroDivisionError):
        result_apart(lambda: 1 / 0)


def test_brand_colours_are_computed_apart_and_are_the_same():
    code = (
        "import sys\n"
        "from plugins.site_settings.brand import css_of, problem_of\n"
        "print(repr((problem_of('#0a5a4e'), problem_of('#7fd4c1'), css_of('#0a5a4e'))))\n"
        "print('coloraide' in sys.modules)\n"
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    apart, imported = done.stdout.strip().split("\n")
    here = (contrast_problem("#0a5a4e"), contrast_problem("#7fd4c1"), brand_css("#0a5a4e"))
    assert apart == repr(here)
    assert here[1]  # the light colour has a problem, and it is told
    assert imported == "False"


def in_a_daemon(work):
    """What ``work()`` gives in a daemonic process (multiprocessing lets no daemonic
    process start another one)."""
    with forking() as context:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_send, args=(work, sender), daemon=True)
        process.start()
        sender.close()
    assert receiver.poll(60)  # a daemon that fails ends, and the pipe with it
    value = receiver.recv()
    process.join()
    assert process.exitcode == 0
    return value


def _send(work, pipe) -> None:
    pipe.send(work())


def test_a_daemonic_process_computes_it_itself():
    assert in_a_daemon(lambda: result_apart(lambda: "berechnet")) == "berechnet"


def _note_pid(path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


def test_work_started_apart_runs_in_another_process_while_the_build_goes_on(tmp_path):
    note = tmp_path / "pid"
    process = started_apart(functools.partial(_note_pid, note))
    assert process is not None
    process.join()
    assert process.exitcode == 0
    assert int(note.read_text(encoding="utf-8")) != os.getpid()


def test_a_daemonic_process_is_told_to_do_the_work_itself():
    assert in_a_daemon(lambda: started_apart(lambda: None) is None)


def _note_priority(path) -> None:
    path.write_text(str(os.getpriority(os.PRIO_PROCESS, 0)), encoding="utf-8")


def test_work_started_apart_gives_way_to_the_build_and_the_build_keeps_its_priority(tmp_path):
    """Background work runs at a lower priority (a higher niceness) than the build, which
    stays as it was."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    note = tmp_path / "prioritaet"
    process = started_apart(functools.partial(_note_priority, note))
    assert process is not None
    process.join()
    expected = min(19, own + BACKGROUND_NICENESS)
    assert expected > own or own == 19  # noqa: PLR2004 - the lowest there is
    assert int(note.read_text(encoding="utf-8")) == expected
    assert os.getpriority(os.PRIO_PROCESS, 0) == own


FAULTS_OF_DRAWING_CARDS = """
import resource, sys
from pathlib import Path
from plugins.share_images.card import Style, card, png
from plugins.site_settings.forking import reuse_freed_memory

if sys.argv[1] == "reuse":
    assert reuse_freed_memory()
style = Style("#fdfcf9", "#0a5a4e", "#1d2326", Path("theme/fonts/DejaVuSans-Bold.ttf"))
def faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt
png(card("Der erste Titel", "Büro", "b.example", style))  # the first one faults in
before = faults()
for number in range(20):
    png(card(f"Titel Nummer {number}", "Büro", "b.example", style))
print((faults() - before) // 20)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's setting: elsewhere none is made")
def test_a_drawing_process_reuses_the_memory_it_frees_instead_of_faulting_in_new_pages():
    """Each card allocates and frees about 2 MB (its pixels, their rows and copies):
    without the setting the C library gives them back to the system and each card
    faults in hundreds of fresh pages; with it, the next card reuses them."""
    counts = {}
    for way in ("as_is", "reuse"):
        result = run_python(FAULTS_OF_DRAWING_CARDS, way)
        assert result.returncode == 0, result.stderr
        counts[way] = int(result.stdout)
    assert counts["as_is"] > 100, counts  # noqa: PLR2004 - faults per card
    assert counts["reuse"] < 20, counts  # noqa: PLR2004
