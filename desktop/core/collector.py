"""Python's cycle collector paused around a piece of work that makes very many short-lived
objects holding no reference cycles — figures and rows of an import batch, the cells of a
workbook xlsxwriter keeps until it writes the file.  Reference counting frees them; the
collector, started again and again by their sheer number, would walk them all each time for
nothing (15–18 % of an import's CPU, a fifth of a workbook's time, measured).

`paused()` is the one way to do it: the collector is back on when the work ends, however it
ends, unless it was already off (a caller that paused it keeps it paused).  It is process-
wide: another thread running meanwhile only collects later.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the `with` block, restored afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
