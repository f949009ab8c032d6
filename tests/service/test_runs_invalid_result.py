"""A solver result that breaks a hard rule fails the run with the validator's message; no
proposal of it is stored (the validator runs inside `matcher.solver.solve`)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from matcher.bank_io import read_bank
from matcher.model import Programme
from matcher.solver import api as solver_api
from matcher.solver.engine import EngineResult
from matcher.solver.solution import Solution, value
from service import runs, services
from service.domain import SYSTEM, Actor, RunStatus, UserRole
from tests.api.runs_helpers import SAMPLES, programme_body
from tests.service.fakes import FakeUnitOfWork

NOW = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
CURATOR = Actor(1, "curator", UserRole.curator, 3)


def clock() -> datetime:
    return NOW


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """The sample school's bank and a programme of it, on the fake."""
    fake = FakeUnitOfWork()
    bank = read_bank(SAMPLES / "sample.json").bank
    for name in sorted({p.organisation for p in bank.participants}):
        fake.organisations.add(name, "")
    fake.users.add("curator", "Куратор", UserRole.curator, 3, "hash")
    fake.commit()
    rows = [services.ParsedRow(i, p) for i, p in enumerate(bank.participants, 1)]
    services.import_participants(fake, SYSTEM, rows, [], strict=True, conflicts=bank.conflicts)
    services.create_programme(fake, SYSTEM, Programme.model_validate(programme_body("P")), 3)
    return fake


def test_a_run_whose_result_breaks_a_rule_fails_with_the_validators_message(
        uow: FakeUnitOfWork, monkeypatch: pytest.MonkeyPatch) -> None:
    def every_candidate_as_a_pair(inst, **_kw) -> EngineResult:
        sol = Solution(pairs=np.flatnonzero(inst.pair_ok))
        v = value(inst, sol)
        return EngineResult(sol, True, v, v, "CP-SAT")

    monkeypatch.setattr(solver_api, "solve_instance", every_candidate_as_a_pair)
    run = runs.start_run(uow, CURATOR, "P", clock=clock)
    runs.execute_run(lambda: uow, run.id, clock=clock)
    stored = uow.runs.get(run.id)
    assert stored is not None and stored.status == RunStatus.failed
    assert "нарушает правила" in stored.error and "breaks rules" not in stored.error
    assert "breaks rules" in stored.error_en and "нарушает" not in stored.error_en
    assert uow.proposals.list_for(run.id) == []
