"""Worker processes that share the build's memory instead of copying it.

The build forks workers (reading, share images, rendering) once its data is in memory.
A forked child shares the parent's pages until one of them writes to a page; Python's
cyclic garbage collector writes to every object it visits, so a collection in either
process would copy nearly all of the build's memory (on a virtual machine, seconds of
system time). ``forking()`` moves every object alive into the collector's permanent
generation (``gc.freeze``, as the Python documentation advises before ``fork``) while the
workers are started, and back afterwards.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext


@contextmanager
def forking() -> Iterator[BaseContext]:
    """The fork context, with the objects alive now left alone by the collector."""
    gc.freeze()
    try:
        yield multiprocessing.get_context("fork")
    finally:
        gc.unfreeze()
