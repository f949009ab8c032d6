"""Stopping a solve and saying what it has done, without threading two more arguments through
every layer: `solve(..., should_stop=..., detail=...)` installs a `Control` for the calling
thread (a context variable), and the layers below ask it.

- `checkpoint()` raises `Cancelled` once `should_stop()` is true; the solver calls it between
  stages and between CP-SAT components.
- `stopping(cp_solver)` watches `should_stop` while CP-SAT searches and calls its
  `stop_search()`, so even a long search ends within `POLL_S` of the request.
- `note(what, done, total)` reports countable progress ("component 3 of 17").
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from matcher.errors import Cancelled

POLL_S = 0.2  # how often a running CP-SAT search looks at `should_stop`

ShouldStop = Callable[[], bool]
Detail = Callable[[str, int, int], None]  # (what, done, total): ("component", 3, 17)


@dataclass(frozen=True)
class Control:
    should_stop: ShouldStop | None = None
    detail: Detail | None = None


NONE = Control()
_current: ContextVar[Control | None] = ContextVar("matcher_control", default=None)


def _control() -> Control:
    return _current.get() or NONE


@contextmanager
def controlled(should_stop: ShouldStop | None, detail: Detail | None) -> Iterator[None]:
    """Install the hooks for the solve that runs inside the block (this thread only)."""
    token = _current.set(Control(should_stop, detail))
    try:
        yield
    finally:
        _current.reset(token)


def stop_requested() -> bool:
    hook = _control().should_stop
    return bool(hook is not None and hook())


def checkpoint() -> None:
    """Raise `Cancelled` if the caller asked the solve to stop."""
    if stop_requested():
        raise Cancelled()


def note(what: str, done: int, total: int) -> None:
    """Report that `done` of `total` `what`s are finished."""
    hook = _control().detail
    if hook is not None:
        hook(what, done, total)


@contextmanager
def stopping(cp_solver: Any) -> Iterator[None]:
    """While the block runs CP-SAT, stop its search as soon as a stop is requested."""
    hook = _control().should_stop
    if hook is None:
        yield
        return
    done = threading.Event()

    def watch() -> None:
        while not done.wait(POLL_S):
            if hook():
                cp_solver.stop_search()
                return

    watcher = threading.Thread(target=watch, name="cpsat-stop", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()
