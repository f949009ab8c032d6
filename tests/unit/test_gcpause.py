"""The collector pauses for a solve and resumes after it, however it ends, and only once the
last of overlapping solves (threads) has ended; a collector the caller had off stays off."""

from __future__ import annotations

import gc
import threading

import pytest

from matcher import gcpause
from matcher.solver import solve
from tests.factories import bank, programme, teacher_mentee, teacher_mentor


def test_paused_inside_and_resumed_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gcpause.paused():
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled()


def test_resumes_when_the_last_overlapping_solve_ends() -> None:
    entered, release = threading.Event(), threading.Event()

    def other() -> None:
        with gcpause.paused():
            entered.set()
            release.wait(5)

    t = threading.Thread(target=other)
    with gcpause.paused():
        t.start()
        entered.wait(5)
    assert not gc.isenabled()  # the other solve still runs
    release.set()
    t.join(5)
    assert gc.isenabled()


def test_a_collector_already_off_stays_off() -> None:
    gc.disable()
    try:
        with gcpause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_solve_pauses_the_collector_and_resumes_it() -> None:
    seen: list[bool] = []
    result = solve(bank(teacher_mentor("m"), teacher_mentee("e")), programme(),
                   on_candidates=lambda _: seen.append(gc.isenabled()))
    assert seen == [False] and gc.isenabled()
    assert [p.mentees for p in result.proposals] == [("e",)]
