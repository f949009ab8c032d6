"""Explanations: why a pair was not proposed, and the participants' signed links to their own
explanation of a run.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from matcher.model import Bank, Proposal, ProposalStatus, RunResult
from matcher.reports import PersonalExplanation, personal_explanation
from matcher.solver import SolveOptions, why_not
from matcher.solver.rerun import with_decisions
from matcher.solver.why_not import WhyNot
from service import security
from service.domain import Actor, RunStatus
from service.errors import FieldError, LinkInvalid
from service.runs.common import RunContext, context_of, stored_run
from service.services.common import Clock, invalid, record, require_read, require_write, utcnow
from service.unit_of_work import AbstractUnitOfWork


def _rejected_pairs(proposals: Collection[Proposal]) -> frozenset[tuple[str, str]]:
    return frozenset((p.mentor, e) for p in proposals if p.status == ProposalStatus.rejected
                     for e in p.mentees)


def why_not_pair(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    mentee_id: str,
    mentor_id: str,
    *,
    time_limit_s: float | None = None,
) -> tuple[WhyNot, Bank]:
    """Why `mentor_id` is not proposed for `mentee_id` in this run as the curator's decisions
    stand: the hard rule that forbids the pair, or what forcing it would cost (re-solved with
    the run's confirmed and locked proposals kept and its rejected pairs excluded)."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        ctx = context_of(uow, run)
        prev = uow.runs.get(run.previous_run_id, full=True) if run.previous_run_id else None
    for pid, name in ((mentee_id, "mentee"), (mentor_id, "mentor")):
        if pid not in ctx.bank.by_id:
            raise invalid([FieldError(field=name, value=pid,
                                      message="участника нет в банке этого запуска",
                                      message_en="no such participant in this run's bank")])
    rejected = _rejected_pairs(ctx.result.proposals)
    if prev is not None and prev.result is not None:
        before = RunResult.model_validate(prev.result)
        statuses = {k: ProposalStatus(v) for k, v in (run.decisions or {}).items()}
        rejected |= _rejected_pairs(with_decisions(before, statuses))
    limit = min(ctx.programme.time_limit_s, time_limit_s or ctx.programme.time_limit_s)
    answer = why_not(ctx.bank, ctx.programme, mentee_id, mentor_id,
                     options=SolveOptions(time_limit_s=limit, explain=False),
                     rejected=rejected, previous=ctx.result)
    return answer, ctx.bank


@dataclass(frozen=True)
class ExplanationLink:
    participant_id: str
    name: str
    token: str
    expires_at: datetime


def _concerned(ctx: RunContext) -> list[str]:
    """Everyone the run is about: the programme's mentors and mentees in its bank."""
    return [p.id for p in ctx.bank.participants
            if ctx.programme.covers(p) and (p.mentor is not None or p.mentee is not None)]


def create_links(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    participant_ids: list[str] | None,
    *,
    key: str,
    algorithm: str,
    days: int,
    clock: Clock = utcnow,
) -> list[ExplanationLink]:
    """Signed links, valid `days` days, each opening one participant's own explanation of
    this run (everyone the run concerns when no ids are given)."""
    at = clock()
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_write(actor, run.organisation_id)
        ctx = context_of(uow, run)
        ids = _concerned(ctx) if participant_ids is None else participant_ids
        for i, pid in enumerate(ids):
            if pid not in ctx.bank.by_id:
                raise invalid([FieldError(
                    field=f"participants[{i}]", value=pid,
                    message="участника нет в банке этого запуска",
                    message_en="no such participant in this run's bank")])
        expires = at + timedelta(days=days)
        links = [ExplanationLink(
            pid, ctx.bank.get(pid).full_name,
            security.create_explanation_token(pid, run_id, key=key, algorithm=algorithm,
                                              expires=expires, now=at),
            expires) for pid in dict.fromkeys(ids)]
        record(uow, actor, "create_links", "run", str(run_id), run.organisation_id, None,
               {"participants": [link.participant_id for link in links],
                "expires_at": expires.isoformat()}, at)
        uow.commit()
    return links


@dataclass(frozen=True)
class PublicExplanation:
    explanation: PersonalExplanation
    programme_name: str
    period: tuple[date, date]
    run_created_at: datetime


def explanation_for_link(
    uow: AbstractUnitOfWork, token: str, *, key: str, algorithm: str, lang: str = "ru"
) -> PublicExplanation:
    """The explanation a link opens (no sign-in: the signed token is the permission); only
    what concerns its participant (`matcher.reports.personal`)."""
    participant_id, run_id = security.explanation_from_token(token, key=key, algorithm=algorithm)
    with uow:
        run = uow.runs.get(run_id, full=True)
        if run is None or run.status != RunStatus.done:
            raise LinkInvalid()
        ctx = context_of(uow, run)
    if participant_id not in ctx.bank.by_id:
        raise LinkInvalid()
    text = personal_explanation(ctx.bank, ctx.result, participant_id, lang=lang)
    return PublicExplanation(text, ctx.programme.name or ctx.programme.id,
                             (ctx.programme.start, ctx.programme.end), ctx.result.created_at)
