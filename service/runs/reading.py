"""Reading runs: one run, a programme's runs, a finished run's result and its proposals."""

from __future__ import annotations

from matcher.model import Bank, ProposalStatus, RunResult
from service.domain import Actor, Decision, StoredProposal, StoredRun
from service.errors import NotFound
from service.runs.common import RunContext, context_of, stored_run
from service.services.common import require_read, stored_programme
from service.unit_of_work import AbstractUnitOfWork


def get_run(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> StoredRun:
    with uow:
        run = stored_run(uow, run_id)
    require_read(actor, run.organisation_id)
    return run


def list_runs(uow: AbstractUnitOfWork, actor: Actor, programme_id: str) -> list[StoredRun]:
    """The programme's runs, newest first."""
    with uow:
        programme = stored_programme(uow, programme_id)
        require_read(actor, programme.organisation_id)
        return uow.runs.list_for(programme_id)


def run_context(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunContext:
    """A finished run the actor may read, with its bank, programme and current result."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        return context_of(uow, run)


def run_result(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunResult:
    return run_context(uow, actor, run_id).result


def list_proposals(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, status: ProposalStatus | None = None
) -> tuple[list[StoredProposal], Bank]:
    """The run's proposals (of one status if given) and the bank, for the people's names."""
    ctx = run_context(uow, actor, run_id)
    rows = [r for r in ctx.proposals if status is None or r.proposal.status == status]
    return rows, ctx.bank


def get_proposal(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str
) -> tuple[StoredProposal, list[Decision], Bank]:
    """One proposal with its decisions, oldest first."""
    ctx = run_context(uow, actor, run_id)
    stored = next((r for r in ctx.proposals if r.pid == proposal_id), None)
    if stored is None:
        raise NotFound(entity="proposal", key=proposal_id)
    with uow:
        decisions = uow.proposals.decisions(run_id, proposal_id)
    return stored, decisions, ctx.bank
