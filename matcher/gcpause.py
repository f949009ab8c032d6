"""The cyclic garbage collector paused while a solve runs (`paused()`).

A region's bank holds millions of long-lived objects, and a solve allocates many more; every
full collection walks them all, yet finds almost nothing: at 100,000 people the collector
took about 5 s of a 36 s solve and freed about a thousand objects in cycles. Reference
counting frees everything else, so the collector waits until the solve ends and then resumes
on its own schedule. Solves on several threads share one count: it resumes when the last ends.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block (nor in any other thread's until all end)."""
    global _running, _was_enabled
    with _lock:
        if _running == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0 and _was_enabled:
                gc.enable()
