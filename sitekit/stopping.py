"""Signals that end a run of the kit cleanly: a build or a publish on SIGTERM, the preview
on SIGTERM, SIGHUP and SIGINT; temporary folders are removed and the receiver stops.

A handler belongs to the process that set it. The workers a build forks (readers, render
workers, share images) inherit it. In a worker it would raise
wherever the signal lands, and an exception raised in a finalizer or a callback (the
import system's lock clean-up, a weak reference) is only reported and then dropped: the
worker goes on, waits for work that never comes, and the build, which waits for its
workers as it ends, waits for ever. So in a forked worker these signals end the process
at once, as in a process without a handler, and silently.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from types import FrameType


def handler(action: Callable[[int], None]) -> Callable[[int, FrameType | None], None]:
    """A signal handler that runs ``action(signum)`` in this process only; in a process
    forked from it, the signal ends that process."""
    owner = os.getpid()

    def handle(signum: int, frame: FrameType | None) -> None:
        if os.getpid() == owner:
            action(signum)
            return
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)

    return handle


@contextmanager
def ending_on(signals: Iterable[int], action: Callable[[int], None]) -> Iterator[None]:
    """``action`` on each of ``signals`` while the block runs (``handler``), the earlier
    handlers afterwards."""
    handle = handler(action)
    previous = {number: signal.signal(number, handle) for number in signals}
    try:
        yield
    finally:
        for number, earlier in previous.items():
            signal.signal(number, earlier)


def exit_with_signal(signum: int) -> None:
    """End like a process killed by ``signum`` reports it (status 128 + its number),
    through SystemExit, so ``finally`` blocks remove temporary folders."""
    raise SystemExit(128 + signum)
