"""A rerun compared with the run it started from."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.model import Bank, Programme, ProposalStatus, Reason, RunResult
from matcher.solver import RunDiff
from service.domain import Actor
from service.runs.common import require_done, stored_run
from service.runs.readmodel import explained_diff
from service.services.common import require_read
from service.unit_of_work import AbstractUnitOfWork


@dataclass(frozen=True)
class DiffView:
    """A rerun's difference from the run it started from, with a reason for every change
    (`matcher.solver.diff` gives them), and the bank for the people's names."""

    run_id: int
    previous_run_id: int | None
    diff: RunDiff
    bank: Bank

    @property
    def changed_reasons(self) -> tuple[Reason, ...]:
        """One per `diff.changed`: why the old proposal went."""
        return self.diff.changed_reasons


def run_diff(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> DiffView:
    """Kept, changed, new and ended proposals against the previous run, as the curator's
    decisions stood when this run started, each change with its cause named; promised pairs
    (confirmed, locked) that went come first. A run without a previous one is all new."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        require_done(run)
        assert run.result is not None and run.bank is not None and run.programme is not None
        result = RunResult.model_validate(run.result)
        bank, programme = Bank.model_validate(run.bank), Programme.model_validate(run.programme)
        prev = uow.runs.get(run.previous_run_id, full=True) if run.previous_run_id else None
    if prev is None or prev.result is None:
        return DiffView(run.id, None, RunDiff(new=result.proposals), bank)
    previous = RunResult.model_validate(prev.result)
    decisions = {k: ProposalStatus(v) for k, v in (run.decisions or {}).items()}
    return DiffView(run.id, prev.id, explained_diff(previous, decisions, result, bank,
                                                    programme, prev.bank), bank)
