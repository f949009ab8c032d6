"""Recovery of runs whose worker died, on the fakes: queued again once, then failed with a
Russian message; a claimed run cannot be claimed twice; the solver stops when asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from matcher.errors import Cancelled
from service import runs
from service.domain import RunStatus
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import CURATOR

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_run_whose_worker_stopped_beating_is_retried_once_then_failed(
    uow: FakeUnitOfWork,
) -> None:
    run = runs.start_run(uow, CURATOR, "P", clock=lambda: T0)
    assert uow.runs.claim(run.id, "w1", T0, T0 - timedelta(seconds=30))
    assert not uow.runs.claim(run.id, "w2", T0, T0 - timedelta(seconds=30))  # held by w1
    uow.commit()
    requeued: list[int] = []
    later = T0 + timedelta(seconds=10)
    assert runs.recover_stalled(lambda: uow, requeued.append, stall_s=30,
                                clock=lambda: later) == []  # w1 beat 10 s ago: alive
    dead = T0 + timedelta(seconds=31)
    assert runs.recover_stalled(lambda: uow, requeued.append, stall_s=30,
                                clock=lambda: dead) == [run.id]
    assert requeued == [run.id]
    assert uow.runs.get(run.id).status == RunStatus.queued  # type: ignore[union-attr]
    assert uow.runs.claim(run.id, "w2", dead, dead - timedelta(seconds=30))
    uow.commit()
    gone = dead + timedelta(seconds=31)
    assert runs.recover_stalled(lambda: uow, requeued.append, stall_s=30,
                                clock=lambda: gone) == [run.id]
    assert requeued == [run.id]  # not queued a third time
    failed = uow.runs.get(run.id)
    assert failed is not None and failed.status == RunStatus.failed
    assert failed.error.startswith("Обработчик подбора перестал отвечать (попыток: 2)")


def test_a_solve_asked_to_stop_raises_cancelled(uow: FakeUnitOfWork) -> None:
    from matcher.bank_io import read_bank
    from matcher.model import Programme
    from matcher.solver import solve
    from tests.api.runs_helpers import SAMPLES, programme_body

    bank = read_bank(SAMPLES / "sample.json").bank
    programme = Programme.model_validate(programme_body("P"))
    with pytest.raises(Cancelled):
        solve(bank, programme, should_stop=lambda: True)
    notes: list[tuple[str, int, int]] = []
    solve(bank, programme, detail=lambda *n: notes.append(n))
    assert notes and notes[-1][0] in ("mentees", "component") and notes[-1][1] <= notes[-1][2]
