"""The run use cases' shared cases on the in-memory unit of work: a clock, the curator of the
sample school and a finished run (the `uow` fixture with the sample bank is in conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime

from service import runs
from service.domain import Actor, RunStatus, UserRole
from tests.service.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


CURATOR = Actor(1, "curator", UserRole.curator, 3)
OTHER = Actor(2, "other", UserRole.curator, 1)


def finished_run(uow: FakeUnitOfWork, **kw: object) -> int:
    run = runs.start_run(uow, CURATOR, "P", clock=clock, **kw)  # type: ignore[arg-type]
    runs.execute_run(lambda: uow, run.id, clock=clock)
    stored = uow.runs.get(run.id)
    assert stored is not None and stored.status == RunStatus.done, stored
    return run.id
