"""A build ends, whatever its forked workers were doing when it ended.

A worker that inherited the build's SIGTERM handler raised SystemExit where the signal
landed; inside a finalizer or a callback Python drops that exception, and the worker went
on waiting for work. multiprocessing ends a daemonic worker with SIGTERM as the build
exits and then waits for it: the build never ended (a CI run hung on it for 90 minutes).
The worker here drops every exception, the surest form of that race.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from helpers import ROOT, clean_env

BUILD = """
import multiprocessing, os, signal, sys
from sitekit.stopping import exit_with_signal, handler

def worker(ready):
    ready.send(os.getpid())
    ready.close()
    while True:
        try:
            signal.pause()
        except BaseException:
            pass

if __name__ == "__main__":
    signal.signal(signal.SIGTERM, handler(exit_with_signal))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    context.Process(target=worker, args=(sender,), daemon=True).start()
    try:
        print(receiver.recv(), flush=True)  # ready: within the block that cleans up
        if sys.argv[1] == "fails":
            sys.exit(1)
        signal.pause()
    finally:
        print("aufgeräumt", flush=True)
"""
#: Far more than the few milliseconds the processes need to end: only a hang reaches it.
HANG = 120


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _start(how: str) -> tuple[subprocess.Popen, int]:
    process = subprocess.Popen(
        [sys.executable, "-c", BUILD, how],
        cwd=ROOT,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    worker = int(process.stdout.readline())
    return process, worker


@pytest.mark.parametrize("how", ["fails", "sigterm"])
def test_a_build_ends_with_its_workers_however_it_ends(how):
    process, worker = _start(how)
    if how == "sigterm":
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=HANG)
        out, err = process.stdout.read(), process.stderr.read()  # after the ready line
    finally:
        process.kill()
        process.stdout.close()
        process.stderr.close()
        if _alive(worker):
            os.kill(worker, signal.SIGKILL)

    assert process.returncode == (1 if how == "fails" else 128 + signal.SIGTERM), err
    assert out.splitlines() == ["aufgeräumt"]
    assert err == ""  # the worker ended silently, with no "Exception ignored" report
    assert not _alive(worker)
