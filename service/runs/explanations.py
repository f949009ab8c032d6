"""Explanations: why a pair was not proposed, and the participants' signed links to their own
explanation of a run.

Links are stored (`StoredLink`), so the curator can revoke one or all of a run's; a link also
stops working, with status 410 and the reason in plain words, when its person is deleted or
withdraws a consent they gave, or when a newer finished run of the programme supersedes its run.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from matcher.model import Bank, Participant, Proposal, ProposalStatus, RunResult
from matcher.reports import PersonalExplanation, personal_explanation
from matcher.solver import SolveOptions, why_not
from matcher.solver.rerun import with_decisions
from matcher.solver.why_not import WhyNot
from service import security
from service.domain import Actor, RunStatus, StoredLink, StoredRun
from service.errors import LinkGone, LinkInvalid, LinkNotFound, field_error, reason_of
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
            raise invalid([field_error("input.participant_not_in_run", name, value=pid)])
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
    id: int | None = None  # the stored link's, for revoking it


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
                raise invalid([field_error("input.participant_not_in_run", f"participants[{i}]",
                                           value=pid)])
        expires = at + timedelta(days=days)
        links = []
        for pid in dict.fromkeys(ids):
            stored = uow.links.add(run_id, pid, at, actor.login, actor.user_id or None, expires)
            links.append(ExplanationLink(
                pid, ctx.bank.get(pid).full_name,
                security.create_explanation_token(pid, run_id, key=key, algorithm=algorithm,
                                                  expires=expires, now=at, link_id=stored.id),
                expires, stored.id))
        record(uow, actor, "create_links", "run", str(run_id), run.organisation_id, None,
               {"participants": [link.participant_id for link in links],
                "links": [link.id for link in links], "expires_at": expires.isoformat()}, at)
        uow.commit()
    return links


@dataclass(frozen=True)
class PublicExplanation:
    explanation: PersonalExplanation
    programme_name: str
    period: tuple[date, date]
    run_created_at: datetime


def _gone(code: str) -> LinkGone:
    """`LinkGone` saying why, in the catalogue's words (`link_gone.*`)."""
    return LinkGone(**reason_of(code))


def withdrew_consent(person: Participant, today: date) -> bool:
    """True if a consent the person gave is revoked and not given again."""
    return any(c.revoked is not None and c.revoked <= today
               and not person.consent_active(c.kind, today) for c in person.consents)


def _check_link(uow: AbstractUnitOfWork, claims: security.LinkClaims, today: date) -> StoredRun:
    """The link's run if the link still works; `LinkInvalid` (404) for what was never a link,
    `LinkGone` (410, saying why) for one that stopped working."""
    link = None if claims.link_id is None else uow.links.get(claims.link_id)
    if link is None or link.run_id != claims.run_id or link.participant_id != claims.participant_id:
        raise LinkInvalid()
    if link.is_revoked:
        raise _gone("link_gone.revoked")
    run = uow.runs.get(claims.run_id, full=True)
    if run is None or run.status != RunStatus.done:
        raise LinkInvalid()
    person = uow.participants.get(claims.participant_id)
    if person is None:
        raise _gone("link_gone.deleted")
    if withdrew_consent(person.participant, today):
        raise _gone("link_gone.consent")
    latest = uow.runs.latest(run.programme_id, frozenset({RunStatus.done}))
    if latest is not None and latest.id != run.id:
        raise _gone("link_gone.superseded")
    return run


def check_link(uow: AbstractUnitOfWork, claims: security.LinkClaims, today: date) -> StoredRun:
    """The link's run if the link still works (see `_check_link`), for the link's other uses
    (a participant's answer)."""
    return _check_link(uow, claims, today)


def explanation_for_link(
    uow: AbstractUnitOfWork, token: str, *, key: str, algorithm: str, lang: str = "ru",
    clock: Clock = utcnow,
) -> PublicExplanation:
    """The explanation a link opens (no sign-in: the signed token is the permission); only
    what concerns its participant (`matcher.reports.personal`), and only while the link
    still works (see the module)."""
    claims = security.explanation_from_token(token, key=key, algorithm=algorithm)
    participant_id = claims.participant_id
    with uow:
        run = _check_link(uow, claims, clock().date())
        ctx = context_of(uow, run)
    if participant_id not in ctx.bank.by_id:
        raise LinkInvalid()
    text = personal_explanation(ctx.bank, ctx.result, participant_id, lang=lang)
    return PublicExplanation(text, ctx.programme.name or ctx.programme.id,
                             (ctx.programme.start, ctx.programme.end), ctx.result.created_at)


def list_links(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> list[StoredLink]:
    """The run's links (without their tokens), for the curator who may change the run."""
    with uow:
        run = stored_run(uow, run_id)
        require_write(actor, run.organisation_id)
        return uow.links.list_for(run_id)


def revoke_link(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, link_id: int, reason: str = "",
    *, clock: Clock = utcnow,
) -> StoredLink:
    """Revoke one of the run's links (revoking a revoked one changes nothing)."""
    at = clock()
    with uow:
        run = stored_run(uow, run_id)
        require_write(actor, run.organisation_id)
        link = uow.links.get(link_id)
        if link is None or link.run_id != run_id:
            raise LinkNotFound(key=str(link_id))
        if link.is_revoked:
            return link
        revoked = uow.links.revoke(link_id, at, actor.login, reason.strip())
        assert revoked is not None
        record(uow, actor, "revoke_link", "run", str(run_id), run.organisation_id, None,
               {"link": link_id, "participant": link.participant_id, "reason": reason}, at)
        uow.commit()
    return revoked


def revoke_links(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, reason: str = "",
    *, clock: Clock = utcnow,
) -> int:
    """Revoke every link of the run that still works; how many were revoked."""
    at = clock()
    with uow:
        run = stored_run(uow, run_id)
        require_write(actor, run.organisation_id)
        count = uow.links.revoke_all(run_id, at, actor.login, reason.strip())
        record(uow, actor, "revoke_links", "run", str(run_id), run.organisation_id, None,
               {"revoked": count, "reason": reason}, at)
        uow.commit()
    return count
