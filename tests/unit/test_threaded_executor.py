"""The single-process executor on threads (`LocalExecutor(threads=...)`): the scorer's
blocks run on every core of one machine with the answers of one thread, in order; a stop
asked of the caller reaches the workers; a failure is the caller's; progress is counted in
what the items hold."""

from __future__ import annotations

import threading
import time
from contextvars import ContextVar

import pytest

from matcher import control
from matcher.errors import Cancelled
from matcher.executors import LOCAL, LocalExecutor, scoring_executor

TWO = LocalExecutor(pieces=8, threads=2)
_label: ContextVar[str] = ContextVar("label", default="none")


def test_answers_in_the_order_of_the_items() -> None:
    def slow_first(shared: int, item: int) -> int:
        time.sleep(0.05 if item == 0 else 0.0)
        return shared * item

    assert TWO.map(slow_first, 3, list(range(10))) == [3 * i for i in range(10)]


def test_the_work_runs_on_several_threads() -> None:
    seen: set[str] = set()
    both = threading.Barrier(2, timeout=5)

    def meet(_shared: None, _item: int) -> None:
        seen.add(threading.current_thread().name)
        both.wait()  # only two threads at once can pass: one thread would time out

    TWO.map(meet, None, [0, 1])
    assert len(seen) == 2


def test_workers_see_the_callers_context() -> None:
    token = _label.set("programme A")
    try:
        assert TWO.map(lambda _s, _i: _label.get(), None, [0, 1, 2]) == ["programme A"] * 3
    finally:
        _label.reset(token)


def test_a_stop_reaches_the_running_workers() -> None:
    started = threading.Event()
    stopped: list[int] = []

    def long_item(_shared: None, item: int) -> None:
        started.set()
        try:
            for _ in range(500):  # up to 5 s: far longer than the stop takes
                control.checkpoint()
                time.sleep(0.01)
        except Cancelled:
            stopped.append(item)
            raise

    t = time.monotonic()
    with control.controlled(started.is_set, None), pytest.raises(Cancelled):
        TWO.map(long_item, None, list(range(6)))
    assert time.monotonic() - t < 2.5
    assert 1 <= len(stopped) <= 2  # the running ones stopped; the waiting ones never started


def test_a_failure_is_the_callers() -> None:
    def fails(_shared: None, item: int) -> int:
        if item == 3:
            raise ValueError("item 3")
        return item

    with pytest.raises(ValueError, match="item 3"):
        TWO.map(fails, None, list(range(6)))


def test_progress_counts_what_the_items_hold() -> None:
    notes: list[tuple[str, int, int]] = []
    with control.controlled(None, lambda what, done, total: notes.append((what, done, total))):
        TWO.map(lambda _s, i: i, None, [0, 1, 2], what="mentees", sizes=[10, 20, 30])
        LOCAL.map(lambda _s, i: i, None, [0, 1], what="mentees", sizes=[5, 7])
    threaded = [n for n in notes if n[2] == 60]  # one note per wait that saw items end
    assert threaded[-1] == ("mentees", 60, 60) and {n[1] for n in threaded} <= {10, 20, 30,
                                                                                 40, 50, 60}
    assert notes[len(threaded):] == [("mentees", 5, 12), ("mentees", 12, 12)]


def test_only_the_default_is_made_threaded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MATCHER_THREADS", "3")
    threaded = scoring_executor(LOCAL)
    assert isinstance(threaded, LocalExecutor) and threaded.threads == 3
    explicit = LocalExecutor(pieces=2)
    assert scoring_executor(explicit) is explicit
    monkeypatch.setenv("MATCHER_THREADS", "1")
    assert scoring_executor(LOCAL) is LOCAL

