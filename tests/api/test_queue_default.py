"""Which queue solves runs by default: the durable one on PostgreSQL (with a worker embedded in
the web process, so `python -m service` alone solves runs), threads on SQLite."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import sessionmaker

from service.config import Settings
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
