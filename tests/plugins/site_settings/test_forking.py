"""Work done in a forked process for the build: its result comes back, its imports stay
there, and its errors are the build's own when it fails."""

from __future__ import annotations

import os

import pytest
from helpers import run_python

from plugins.site_settings.brand import brand_css, contrast_problem
from plugins.site_settings.forking import forking, result_apart


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


def _in_a_daemon(pipe) -> None:
    pipe.send(result_apart(lambda: "berechnet"))


def test_a_daemonic_process_computes_it_itself():
    """multiprocessing lets no daemonic process start another one."""
    with forking() as context:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_in_a_daemon, args=(sender,), daemon=True)
        process.start()
        sender.close()
    assert receiver.poll(60)  # a daemon that fails ends, and the pipe with it
    assert receiver.recv() == "berechnet"
    process.join()
    assert process.exitcode == 0
