"""Runs that cannot get stuck, through the API on SQLite and PostgreSQL: one accepted of 8
simultaneous requests, a cancel that frees the programme at once and stops the solve within
seconds, progress in words."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from matcher.errors import Cancelled
from service.runs import execution
from tests.api.helpers import API, World
from tests.api.runs_helpers import run, sample_school, wait_for

STOP_WITHIN_S = 5.0


def test_eight_simultaneous_run_requests_accept_exactly_one(world: World) -> None:
    school = sample_school(world)
    start = threading.Barrier(8)
    codes: list[int] = []
    lock = threading.Lock()

    def request() -> None:
        start.wait()
        response = school.client.post(f"{API}/programmes/{school.programme}/runs",
                                      headers=school.curator.headers)
        with lock:
            codes.append(response.status_code)

    threads = [threading.Thread(target=request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [202] + [409] * 7
    listed = school.client.get(f"{API}/programmes/{school.programme}/runs",
                               headers=school.curator.headers).json()
    assert len(listed) == 1
    assert wait_for(world, school.curator, listed[0]["id"])["status"] == "done"


class LongSolve:
    """The first solve runs "forever" (until told to stop, as the real solver's hooks do);
    the next ones are the real solver. Records how long the first took to stop."""

    def __init__(self) -> None:
        self.real = execution.solve
        self.calls = 0
        self.started = threading.Event()
        self.stopped_at: float | None = None

    def __call__(self, *args: Any, should_stop: Any = None, detail: Any = None,
                 **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls > 1:
            return self.real(*args, should_stop=should_stop, detail=detail, **kwargs)
        self.started.set()
        deadline = time.monotonic() + 120
        n = 0
        try:  # stopped by `should_stop`, or by the progress write refused for a cancelled run
            while time.monotonic() < deadline:
                n += 1
                detail("component", min(n, 16), 17)
                if should_stop():
                    raise Cancelled()
                time.sleep(0.05)
        finally:
            self.stopped_at = time.monotonic()
        raise AssertionError("the solve was never told to stop")


def test_cancel_a_long_run_then_start_a_new_one_at_once(
    world: World, monkeypatch: pytest.MonkeyPatch,
) -> None:
    school = sample_school(world)
    long_solve = LongSolve()
    monkeypatch.setattr(execution, "solve", long_solve)
    first = school.client.post(f"{API}/programmes/{school.programme}/runs",
                               headers=school.curator.headers).json()["id"]
    assert long_solve.started.wait(60)
    deadline = time.monotonic() + 10
    while True:  # progress in words, not only a stage
        shown = school.client.get(f"{API}/runs/{first}", headers=school.curator.headers).json()
        if shown["detail"] or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert shown["status"] == "running"
    assert shown["detail"].startswith("независимая часть задачи ") and " из 17" in shown["detail"]

    cancelled_at = time.monotonic()
    cancel = school.client.post(f"{API}/runs/{first}/cancel", headers=school.curator.headers)
    assert cancel.status_code == 200, cancel.text
    assert cancel.json()["status"] == "failed"
    assert "отменён" in cancel.json()["error"]
    again = school.client.post(f"{API}/runs/{first}/cancel", headers=school.curator.headers)
    assert again.status_code == 409 and again.json()["code"] == "run_not_active"

    second = run(school)  # at once: the programme is free, and this run is solved for real
    assert second["status"] == "done" and second["id"] != first
    assert world.client.app.state.jobs.wait(timeout=STOP_WITHIN_S)
    assert long_solve.stopped_at is not None
    assert long_solve.stopped_at - cancelled_at < STOP_WITHIN_S
    ended = school.client.get(f"{API}/runs/{first}", headers=school.curator.headers).json()
    assert ended["status"] == "failed" and "отменён" in ended["error"]  # not overwritten
    en = school.client.get(f"{API}/runs/{first}",
                           headers={**school.curator.headers, "Accept-Language": "en"}).json()
    assert en["error"] == f"The run was cancelled by {school.curator.login}"


def test_a_run_of_another_organisation_cannot_be_cancelled(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    foreign = school.client.post(f"{API}/runs/{done['id']}/cancel",
                                 headers=world.curator_b.headers)
    assert foreign.status_code in (403, 404)
    ended = school.client.post(f"{API}/runs/{done['id']}/cancel",
                               headers=school.curator.headers)
    assert ended.status_code == 409
    assert "уже завершён" in ended.json()["detail"]
