"""Import jobs on PostgreSQL's durable queue: `python -m service worker` (another process)
takes a stored import job from Procrastinate's queue and imports it; a job whose worker died
half-way is given back to the queue by a worker's supervisor and resumed after its last
applied batch. Skipped, saying why, only where PostgreSQL is unreachable."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from service import jobs, services
from service.config import Settings
from service.db.engine import make_engine, make_session_factory
from service.domain import Actor, ImportJob, ImportJobStatus
from service.services import import_jobs
from tests.api.helpers import API, World, bank_file, participant_json
from tests.api.processes import stop, worker

pytestmark = [pytest.mark.postgres]
ROWS = 120
WORKER_ENV = {"RUN_STALL_S": "3", "RUN_HEARTBEAT_S": "0.5"}


def content() -> bytes:
    return bank_file(*(participant_json(f"Q{i:03d}", full_name=f"Петрова Елена {i}")
                       for i in range(ROWS)))


def curator(world: World) -> Actor:
    return Actor(world.curator_a.id, world.curator_a.login, world.curator_a.role,
                 world.curator_a.organisation_id)


@pytest.fixture
def queue(world: World) -> Iterator[jobs.ProcrastinateQueue]:
    """The queue as a web process without an embedded worker has it."""
    settings: Settings = world.settings.model_copy(update={"run_queue": "procrastinate",
                                                           "run_stall_s": 3.0})
    engine = make_engine(settings.database_url)
    queue = jobs.ProcrastinateQueue(make_session_factory(engine), settings)
    try:
        yield queue
    finally:
        queue.shutdown()
        engine.dispose()


def until_ended(world: World, job_id: int, timeout: float = 90) -> ImportJob:
    deadline = time.monotonic() + timeout
    while True:
        with world.uow() as uow:
            job = uow.imports.get_job(job_id)
        assert job is not None
        if not job.active:
            return job
        assert time.monotonic() < deadline, f"import job still {job.status}"
        time.sleep(0.2)


def total(world: World) -> Any:
    return world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"]


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_worker_process_imports_a_job_from_the_durable_queue(
        world: World, queue: jobs.ProcrastinateQueue, tmp_path: Path) -> None:
    url = world.settings.database_url
    job = services.start_import_job(world.uow(), curator(world), "big.json", content(),
                                    preview=False)
    queue.enqueue_import(job.id)  # as the web process does after storing the job
    process = worker(url, tmp_path, "imports", **WORKER_ENV)
    try:
        ended = until_ended(world, job.id)
    finally:
        stop(process)
    assert ended.status == ImportJobStatus.done, ended.error
    assert ended.worker.split(":")[1] == str(process.pid)  # the worker process did it
    assert (ended.done, ended.total) == (ROWS, ROWS) and ended.report is not None
    assert len(ended.report["created"]) == ROWS and ended.report["import_id"] is not None
    assert total(world) == ROWS
    with queue.session_factory() as session:
        state = session.scalar(text("SELECT status FROM procrastinate_jobs WHERE id = :id"),
                               {"id": ended.queue_job_id})
    assert state == "succeeded"


class Killed(BaseException):
    """The worker's process dies here."""


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_job_whose_worker_died_is_resumed_by_a_worker_process(
        world: World, queue: jobs.ProcrastinateQueue, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker (this test) applies two batches and dies; a worker process started later
    sees its heartbeat is stale, gives it back to the queue and imports the rest."""
    # the test's own app (threads on this database) must not be the one that rescues it
    world.client.app.state.queue.supervisor.stop()  # type: ignore[attr-defined]
    job = services.start_import_job(world.uow(), curator(world), "big.json", content(),
                                    preview=False)
    real, calls = import_jobs.import_participants, [0]

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 3:
            raise Killed()
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", dying)
    with pytest.raises(Killed):
        queue._execute_import(job.id)
    with world.uow() as uow:
        died = uow.imports.get_job(job.id)
        assert died is not None and died.status == ImportJobStatus.running
        assert died.done == 2 * import_jobs.BATCH_ROWS
        uow.imports.beat_job(job.id, died.worker, datetime(2020, 1, 1, tzinfo=UTC))
        uow.commit()
    process = worker(world.settings.database_url, tmp_path, "rescuer", **WORKER_ENV)
    try:
        ended = until_ended(world, job.id)
    finally:
        stop(process)
    assert ended.status == ImportJobStatus.done, ended.error
    assert ended.attempts == 2 and ended.worker.split(":")[1] == str(process.pid)
    assert ended.report is not None and ended.report["unchanged"] == []
    assert sorted(ended.report["created"]) == [f"Q{i:03d}" for i in range(ROWS)]
    assert total(world) == ROWS
    undone = world.client.post(f"{API}/imports/{ended.report['import_id']}/undo",
                               headers=world.curator_a.headers)
    assert undone.status_code == 200, undone.text
    assert total(world) == 0


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_supervisor_defers_forgotten_imports_and_cancels_queue_jobs_of_ended_ones(
        world: World, queue: jobs.ProcrastinateQueue) -> None:
    """An import job stored by a web process that died before the defer gets a queue job
    after the grace period (not before); a queue job left for an import job that has ended
    is cancelled."""
    job = services.start_import_job(world.uow(), curator(world), "big.json", content(),
                                    preview=False)  # committed, never deferred
    queue.settings = queue.settings.model_copy(update={"run_defer_grace_s": 3600.0})
    assert queue.tidy_imports() == ([], [])  # its defer may still be coming
    queue.settings = queue.settings.model_copy(update={"run_defer_grace_s": 0.001})
    time.sleep(0.01)
    assert queue.tidy_imports()[0] == [job.id]
    with world.uow() as uow:
        queue_job = uow.imports.get_job(job.id).queue_job_id  # type: ignore[union-attr]
    assert queue_job is not None and queue.tidy_imports() == ([], [])  # deferred once
    services.cancel_import_job(world.uow(), curator(world), job.id)  # its queue job not told
    assert queue.tidy_imports() == ([], [queue_job])
    with queue.session_factory() as session:
        assert session.scalar(text("SELECT status FROM procrastinate_jobs WHERE id = :id"),
                              {"id": queue_job}) == "cancelled"
