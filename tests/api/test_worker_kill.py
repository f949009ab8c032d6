"""The durable queue on PostgreSQL: a worker killed (SIGKILL) during a run does not leave the
run «running» forever: another worker's supervisor sees its heartbeat stop, queues the run
again and it is solved (or it fails with a message)."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from service import jobs, runs
from service.db.engine import make_engine, make_session_factory
from service.domain import Actor, RunStatus
from tests.api.helpers import World
from tests.api.processes import stop, worker
from tests.api.runs_helpers import sample_school

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
STALL_S = 3.0
WORKER_ENV = {"RUN_STALL_S": str(STALL_S), "RUN_HEARTBEAT_S": "0.5"}


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_killed_worker_does_not_leave_its_run_running(world: World, tmp_path: Path) -> None:
    school = sample_school(world)
    url = world.settings.database_url
    settings = world.settings.model_copy(update={"run_queue": "procrastinate",
                                                 "run_stall_s": STALL_S})
    engine = make_engine(url)
    factory = make_session_factory(engine)
    queue = jobs.ProcrastinateQueue(factory, settings)
    first = worker(url, tmp_path, "first", **WORKER_ENV)
    second = None
    try:
        actor = Actor(school.curator.id, school.curator.login, school.curator.role,
                      school.curator.organisation_id)
        run = runs.start_run(world.uow(), actor, school.programme)
        queue.enqueue(run.id)
        deadline = time.monotonic() + 60
        while True:
            with world.uow() as uow:
                stored = uow.runs.get(run.id)
            assert stored is not None and time.monotonic() < deadline, stored
            if stored.status == RunStatus.running:
                break
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        killed_at = time.monotonic()
        second = worker(url, tmp_path, "second", **WORKER_ENV)
        while True:
            with world.uow() as uow:
                stored = uow.runs.get(run.id)
            assert stored is not None
            if stored.status in (RunStatus.done, RunStatus.failed):
                break
            assert time.monotonic() - killed_at < 60, f"run still {stored.status}"
            time.sleep(0.2)
        assert stored.status == RunStatus.done, stored.error  # retried to the end
        assert stored.attempts == 2
    finally:
        stop(first, second)
        engine.dispose()
