"""Alternates of a run: kept per mentee when the run finishes (`matcher.solver.alternates`),
listed for the curator, and promoted when a pair goes (a participant declined it, or it ended
and is replaced): the best alternate still available becomes a new proposal of the same run,
every other proposal left as it is, for the curator to confirm. With no alternate left, a
local re-solve scores the run's bank again and takes the best feasible mentor for that mentee
under the places left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from matcher.aftermatch import ChangeKind, Ground, Initiator
from matcher.candidates import Candidates
from matcher.model import Bank, Programme, Proposal, ProposalStatus, RunResult
from matcher.solver.alternates import Alternate, alternates, free_places, pick
from matcher.solver.api import score_candidates
from service.aftermatch_repositories import PairChange
from service.domain import Actor, ProposalFacts, ProposalMark, StoredProposal
from service.errors import NotFound
from service.runs.common import RunContext, context_of, stored_run
from service.runs.readmodel import top_of
from service.services.common import require_read, utcnow
from service.unit_of_work import AbstractUnitOfWork


def alternates_of(bank: Bank, programme: Programme, result: RunResult,
                  candidates: Candidates) -> list[Alternate]:
    """Every alternate of a finished run, to keep with it."""
    return [a for alts in alternates(bank, programme, result, candidates).values()
            for a in alts]


@dataclass(frozen=True)
class AlternateView:
    alternate: Alternate
    mentor_name: str
    available: bool  # a place left and the pair not refused, as the run stands now


def list_alternates(uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str
                    ) -> list[AlternateView]:
    """The alternates kept for each mentee of the proposal, best first, marked available or
    not under the run's proposals as they are now."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        ctx = context_of(uow, run)
        stored = uow.proposals.get(run_id, proposal_id)
        if stored is None:
            raise NotFound(entity="proposal", key=proposal_id)
        kept = [a for e in stored.proposal.mentees for a in uow.aftermatch.alternates(run_id, e)]
    places = free_places(ctx.bank, ctx.programme, ctx.result.proposals)
    refused = {(p.mentor, e) for p in ctx.result.proposals
               if p.status in (ProposalStatus.rejected, ProposalStatus.ended) for e in p.mentees}
    return [AlternateView(a, ctx.bank.by_id[a.mentor].full_name if a.mentor in ctx.bank.by_id
                          else a.mentor,
                          places.get(a.mentor, 0) > 0 and (a.mentor, a.mentee) not in refused)
            for a in kept]


def _local_resolve(ctx: RunContext, result: RunResult, mentee: str) -> Proposal | None:
    """The best feasible mentor for `mentee` under the places `result` leaves, from the run's
    bank scored again (the alternates ran out)."""
    refused = frozenset((p.mentor, e) for p in result.proposals
                        if p.status in (ProposalStatus.rejected, ProposalStatus.ended)
                        for e in p.mentees)
    _, cands = score_candidates(ctx.bank, ctx.programme, rejected=refused)
    found = alternates(ctx.bank, ctx.programme, result, cands, k=1, mentees=[mentee],
                       rejected=refused)
    return pick(ctx.bank, ctx.programme, result, found.get(mentee, ()), rejected=refused)


def promote(
    uow: AbstractUnitOfWork, ctx: RunContext, gone: Proposal, *, ground: Ground,
    initiator: Initiator, actor: str, actor_id: int | None, at: datetime | None = None,
) -> list[StoredProposal]:
    """Inside the caller's transaction: for each mentee of `gone` (already rejected or ended
    in the store), propose the best available alternate, else the local re-solve's mentor;
    record each as a change. The new proposals, one per mentee that found a mentor."""
    at = at or utcnow()
    rows = [r.proposal for r in uow.proposals.list_for(ctx.run.id)]
    result = ctx.result.model_copy(update={"proposals": tuple(rows)})
    out = []
    for mentee in gone.mentees:
        prop = pick(ctx.bank, ctx.programme, result,
                    uow.aftermatch.alternates(ctx.run.id, mentee))
        if prop is None:
            prop = _local_resolve(ctx, result, mentee)
        if prop is None:
            continue
        position = uow.aftermatch.append_proposal(ctx.run.id, prop, at, actor)
        _write_facts(uow, ctx, prop, position)
        result = result.model_copy(update={"proposals": (*result.proposals, prop)})
        uow.aftermatch.add_change(PairChange(
            run_id=ctx.run.id, proposal_id=gone.id, change=ChangeKind.promote, ground=ground,
            initiator=initiator, mentor=prop.mentor, mentees=prop.mentees, at=at, actor=actor,
            actor_id=actor_id, new_proposal_id=prop.id))
        stored = uow.proposals.get(ctx.run.id, prop.id)
        assert stored is not None
        out.append(stored)
    return out


def _write_facts(uow: AbstractUnitOfWork, ctx: RunContext, p: Proposal, position: int) -> None:
    bank = ctx.bank

    def name(pid: str) -> str:
        return bank.by_id[pid].full_name if pid in bank.by_id else pid

    people = (p.mentor, *p.mentees)
    orgs = tuple(sorted({bank.by_id[x].organisation for x in people if x in bank.by_id}))
    uow.views.write(ctx.run.id, [], [ProposalFacts(
        proposal_id=p.id, position=position, form=p.form.value, kind=p.kind.value,
        score=p.score, mentor_name=name(p.mentor), names=tuple(name(x) for x in people),
        organisations=orgs, mark=ProposalMark("new"), mentor=p.mentor, mentees=p.mentees,
        topics=p.topics, top=top_of(p))], [])
