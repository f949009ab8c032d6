"""The run use cases on the in-memory unit of work: a run's job end to end with its stages,
the decision rules, and the rules of starting a run."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest

from matcher.model import ProposalStatus
from matcher.solver import api as solver_api
from matcher.solver.engine import EngineResult
from matcher.solver.solution import Solution, value
from service import runs
from service.domain import DecisionAction, RunStage, RunStatus
from service.errors import (
    Forbidden,
    InvalidData,
    InvalidTransition,
    RunInProgress,
    RunSuperseded,
    VersionConflict,
)
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import CURATOR, OTHER, clock, finished_run


def test_a_run_reads_the_bank_reports_its_stages_and_stores_proposals(
    uow: FakeUnitOfWork,
) -> None:
    seen: list[tuple[RunStage, float]] = []
    set_progress = uow.runs.set_progress

    def spy(run_id: int, stage: RunStage, progress: float) -> None:
        seen.append((stage, progress))
        set_progress(run_id, stage, progress)

    uow.runs.set_progress = spy  # type: ignore[method-assign]
    run_id = finished_run(uow)
    stages = [s for s, _ in seen]
    assert stages[0] == RunStage.loading
    assert [s for s in (RunStage.scoring, RunStage.solving, RunStage.explaining)
            if s in stages] == [RunStage.scoring, RunStage.solving, RunStage.explaining]
    fractions = [p for _, p in seen]
    assert fractions == sorted(fractions) and 0 < fractions[0] and fractions[-1] <= 1
    stored = uow.runs.get(run_id, full=True)
    assert stored is not None and stored.progress == 1.0
    assert stored.bank_version == "3:1" and stored.bank is not None
    assert {"a": "T02", "b": "T06", "note": "Конфликт в прошлом учебном году"} in (
        stored.bank["conflicts"])
    assert stored.summary is not None
    assert len(uow.proposals.list_for(run_id)) == stored.summary["proposals"] > 0
    actions = [(e.action, e.entity) for e in uow.audit.rows if e.entity == "run"]
    assert actions == [("start", "run"), ("finish", "run")]


@pytest.mark.parametrize(("action", "start", "after"), [
    (DecisionAction.confirm, ProposalStatus.proposed, ProposalStatus.confirmed),
    (DecisionAction.reject, ProposalStatus.proposed, ProposalStatus.rejected),
    (DecisionAction.lock, ProposalStatus.proposed, ProposalStatus.locked),
    (DecisionAction.lock, ProposalStatus.confirmed, ProposalStatus.locked),
    (DecisionAction.reject, ProposalStatus.confirmed, ProposalStatus.rejected),
    (DecisionAction.end, ProposalStatus.confirmed, ProposalStatus.ended),
    (DecisionAction.end, ProposalStatus.locked, ProposalStatus.ended),
])
def test_allowed_decisions(uow: FakeUnitOfWork, action: DecisionAction,
                           start: ProposalStatus, after: ProposalStatus) -> None:
    run_id = finished_run(uow)
    stored = uow.proposals.list_for(run_id)[0]
    version = 1
    if start != ProposalStatus.proposed:
        first = DecisionAction.confirm if start == ProposalStatus.confirmed else (
            DecisionAction.lock)
        stored, _ = runs.decide(uow, CURATOR, run_id, stored.pid, first, 1, clock=clock)
        version = stored.version
    updated, decision = runs.decide(uow, CURATOR, run_id, stored.pid, action, version,
                                    "причина", clock=clock)
    assert updated.proposal.status == after and updated.version == version + 1
    assert (decision.status_before, decision.status_after, decision.actor) == (
        start.value, after.value, "curator")
    assert uow.audit.rows[-1].action == action.value


@pytest.mark.parametrize(("action", "start"), [
    (DecisionAction.confirm, ProposalStatus.confirmed),
    (DecisionAction.confirm, ProposalStatus.rejected),
    (DecisionAction.end, ProposalStatus.proposed),
    (DecisionAction.lock, ProposalStatus.rejected),
    (DecisionAction.reject, ProposalStatus.locked),
])
def test_refused_decisions_change_nothing(uow: FakeUnitOfWork, action: DecisionAction,
                                          start: ProposalStatus) -> None:
    run_id = finished_run(uow)
    stored = uow.proposals.list_for(run_id)[0]
    if start != ProposalStatus.proposed:
        first = {ProposalStatus.confirmed: DecisionAction.confirm,
                 ProposalStatus.rejected: DecisionAction.reject,
                 ProposalStatus.locked: DecisionAction.lock}[start]
        stored, _ = runs.decide(uow, CURATOR, run_id, stored.pid, first, 1, "r", clock=clock)
    with pytest.raises(InvalidTransition):
        runs.decide(uow, CURATOR, run_id, stored.pid, action, stored.version, "r", clock=clock)
    assert uow.proposals.get(run_id, stored.pid) == stored


def test_decision_rules(uow: FakeUnitOfWork) -> None:
    run_id = finished_run(uow)
    pid = uow.proposals.list_for(run_id)[0].pid
    with pytest.raises(VersionConflict):
        runs.decide(uow, CURATOR, run_id, pid, DecisionAction.confirm, 2, clock=clock)
    with pytest.raises(InvalidData) as no_reason:
        runs.decide(uow, CURATOR, run_id, pid, DecisionAction.reject, 1, " ", clock=clock)
    assert [e.field for e in no_reason.value.errors] == ["reason"]
    with pytest.raises(Forbidden):
        runs.decide(uow, OTHER, run_id, pid, DecisionAction.confirm, 1, clock=clock)
    finished_run(uow)
    with pytest.raises(RunSuperseded):
        runs.decide(uow, CURATOR, run_id, pid, DecisionAction.confirm, 1, clock=clock)


def test_one_run_at_a_time_and_reruns_start_from_the_latest(uow: FakeUnitOfWork) -> None:
    first = finished_run(uow)
    queued = runs.start_run(uow, CURATOR, "P", clock=clock)
    assert queued.previous_run_id == first
    with pytest.raises(RunInProgress):
        runs.start_run(uow, CURATOR, "P", clock=clock)
    assert runs.fail_interrupted(uow, clock=clock) == [queued.id]
    assert runs.start_run(uow, CURATOR, "P", fresh=True, clock=clock).previous_run_id is None


def test_links_open_only_their_own_explanation(uow: FakeUnitOfWork) -> None:
    run_id = finished_run(uow)
    [link] = runs.create_links(uow, CURATOR, run_id, ["T05"], key="k" * 32,
                               algorithm="HS256", days=3, clock=lambda: datetime.now(UTC))
    assert link.expires_at - datetime.now(UTC) <= timedelta(days=3)
    public = runs.explanation_for_link(uow, link.token, key="k" * 32, algorithm="HS256")
    assert public.explanation.participant_id == "T05"
    assert public.period[0] > date.today()


# A solver result that breaks a hard rule fails the run with the validator's message; no
# proposal of it is stored (the validator runs inside `matcher.solver.solve`).
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
