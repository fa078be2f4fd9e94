"""Worker processes that share the build's memory instead of copying it.

The build forks workers (reading, share images, rendering) once its data is in memory.
A forked child shares the parent's pages until one of them writes to a page; Python's
cyclic garbage collector writes to every object it visits, so a collection in either
process would copy nearly all of the build's memory (on a virtual machine, seconds of
system time). ``forking()`` moves every object alive into the collector's permanent
generation (``gc.freeze``, as the Python documentation advises before ``fork``) while the
workers are started, and back afterwards.

Work whose result the build needs only at its end (share images, image variants; the
questionnaire's PDF too, in a program of its own) runs ``in_background``: at a lower
priority (``BACKGROUND_NICENESS``), so it gives way to the build process, its readers
and render workers, and takes the time they leave. On a
machine with fewer cores than processes the cores then stay busy while the build
process alone prepares the pages, and the build ends sooner (at 1,000 posts on two
cores, about a tenth).

A process that allocates and frees the same large buffers again and again (drawing share
images: 0.7 MB of pixels per card) calls ``reuse_freed_memory``: otherwise the C library
returns each freed buffer to the system and gets fresh, zeroed pages for the next one,
several hundred page faults per card, half the time of drawing it.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess

#: How much lower than the build a background process runs (``os.nice``; 19 is lowest).
BACKGROUND_NICENESS = 10


def in_background() -> None:
    """Lower the priority of this process, a forked one doing background work."""
    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICENESS)


#: glibc's ``mallopt`` parameters (malloc.h) and the values set by ``reuse_freed_memory``
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
KEPT_FREE = 64 << 20  # freed memory at the heap's top returned to the system beyond this
FROM_HEAP = 8 << 20  # blocks up to this size come from the heap, not from their own mmap


def reuse_freed_memory() -> bool:
    """Let this process reuse the memory it frees for its next blocks of up to 8 MB,
    instead of giving it back to the system and faulting in fresh pages (glibc's
    ``mallopt``; elsewhere nothing changes). Whether the C library took the setting."""
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc (macOS)
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, FROM_HEAP) and mallopt(M_TRIM_THRESHOLD, KEPT_FREE))


@contextmanager
def forking() -> Iterator[BaseContext]:
    """The fork context, with the objects alive now left alone by the collector."""
    gc.freeze()
    try:
        yield multiprocessing.get_context("fork")
    finally:
        gc.unfreeze()


def report_outcome(pipe, work: Callable[[], object], as_is: tuple[type, ...] = ()) -> None:
    """In a background process: run ``work`` and tell the build how it ended through
    ``pipe``: "" when it succeeded, else one line naming the error (the build stops with
    it; errors of the types ``as_is`` already are such a line)."""
    try:
        work()
    except Exception as error:  # reported to the build, which stops with it
        pipe.send(str(error) if isinstance(error, as_is) else f"{type(error).__name__}: {error}")
    else:
        pipe.send("")
    finally:
        pipe.close()


def apart(work: Callable[[], object]) -> None:
    """Run ``work`` in a forked process and wait for it: what it allocates (a decoded
    photo of 50 MB) never adds to the build process's memory. Its errors stay there:
    ``work`` leaves its results in files the build then uses or checks itself."""
    with forking() as context:
        process = context.Process(target=work)
        process.start()
    process.join()


def started_apart(work: Callable[[], object]) -> BaseProcess | None:
    """``work`` started in a forked process ``in_background``, to be joined later; None
    where no process can be started (in a daemonic one): the caller then does the work
    itself."""
    try:
        with forking() as context:
            process = context.Process(target=_in_background, args=(work,))
            process.start()
    except (OSError, AssertionError):
        return None
    return process


def _in_background(work: Callable[[], object]) -> None:
    in_background()
    work()


def result_apart(work: Callable[[], object]) -> object:
    """``work()``, computed in a forked process and sent back: the modules it imports and
    what it allocates stay out of the build process. Should the process give nothing
    back (it failed, or could not start), ``work`` runs here, with its own errors."""
    try:
        with forking() as context:
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_send_result, args=(work, sender))
            process.start()
            sender.close()
    except (OSError, AssertionError):  # no process to spare, or inside a daemonic one
        return work()
    try:
        outcome = receiver.recv() if receiver.poll(None) else None
    except EOFError:
        outcome = None
    finally:
        receiver.close()
        process.join()
    return outcome[0] if outcome is not None else work()


def _send_result(work: Callable[[], object], pipe) -> None:
    try:
        pipe.send((work(),))
    except Exception:  # noqa: BLE001, S110 - the build process runs it again and reports it
        pass
    finally:
        pipe.close()
