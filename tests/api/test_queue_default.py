"""Which queue solves runs by default: the durable one on PostgreSQL (with a worker embedded in
the web process, so `python -m service` alone solves runs), threads on SQLite."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import sessionmaker

from service import runs
from service.config import Settings
from service.db.engine import make_engine, make_session_factory
from service.domain import Actor
from service.jobs import InProcessQueue, ProcrastinateQueue, make_queue
from service.main import configure
from tests.api.helpers import World
from tests.api.runs_helpers import run, sample_school

POSTGRES = "postgresql://nastavnik@db.example:5432/nastavnik"


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_the_queue_follows_the_database_unless_set() -> None:
    assert settings(database_url="sqlite:///x.db").queue == "inprocess"
    assert settings(database_url=POSTGRES).queue == "procrastinate"
    assert settings(database_url="postgresql+psycopg://u@h/db").queue == "procrastinate"
    assert settings(database_url=POSTGRES, run_queue="inprocess").queue == "inprocess"
    embedded = make_queue(sessionmaker(), settings(database_url=POSTGRES))
    assert isinstance(embedded, ProcrastinateQueue) and embedded.worker is not None
    alone = make_queue(sessionmaker(), settings(database_url=POSTGRES, embedded_worker=False))
    assert isinstance(alone, ProcrastinateQueue) and alone.worker is None
    assert isinstance(make_queue(sessionmaker(), settings(database_url="sqlite:///x.db")),
                      InProcessQueue)


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_web_process_alone_solves_runs_on_postgresql(world: World) -> None:
    """No worker process: the default queue on PostgreSQL is durable and the web process's
    embedded worker solves the run."""
    school = sample_school(world)
    app = school.client.app
    configure(app, world.settings.model_copy(update={"run_queue": "auto"}))  # type: ignore[attr-defined]
    queue = app.state.queue  # type: ignore[attr-defined]
    assert isinstance(queue, ProcrastinateQueue) and queue.worker is not None
    queue.start()
    try:
        finished = run(school)
        with world.uow() as uow:
            stored = uow.runs.get(finished["id"])
        assert stored is not None and stored.job_id is not None  # it went through the queue
    finally:
        queue.shutdown()


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_supervisor_defers_forgotten_runs_and_cancels_jobs_of_ended_ones(
        world: World) -> None:
    """A run queued by a web process that died before the defer gets a job after the grace
    period (not before); a job still waiting for a run that has ended is cancelled."""
    school = sample_school(world)
    actor = Actor(school.curator.id, school.curator.login, school.curator.role,
                  school.curator.organisation_id)
    run_ = runs.start_run(world.uow(), actor, school.programme)  # committed, never deferred
    engine = make_engine(world.settings.database_url)
    queue = ProcrastinateQueue(make_session_factory(engine), world.settings.model_copy(
        update={"run_defer_grace_s": 3600.0}))
    try:
        assert queue.tidy()[0] == []  # younger than the grace period: its defer may be coming
        queue.settings = queue.settings.model_copy(update={"run_defer_grace_s": 0.001})
        time.sleep(0.01)
        unsent, _ = queue.tidy()
        assert unsent == [run_.id]
        with world.uow() as uow:
            job_id = uow.runs.get(run_.id).job_id  # type: ignore[union-attr]
        assert job_id is not None and job_status(engine, job_id) == "todo"
        assert queue.tidy()[0] == []  # deferred once

        runs.cancel_run(world.uow(), actor, run_.id)  # ended; its job was not told
        _, stale = queue.tidy()
        assert job_id in stale and job_status(engine, job_id) == "cancelled"
    finally:
        queue.shutdown()
        engine.dispose()


def job_status(engine: Engine, job_id: int) -> str:
    with engine.connect() as conn:
        return str(conn.execute(text("SELECT status FROM procrastinate_jobs WHERE id = :id"),
                                {"id": job_id}).scalar_one())
