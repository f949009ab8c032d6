"""Participants answer through their link: accept or decline a proposed pair (with an optional
reason), and state their wishes after the acquaintance meeting (yes / maybe / no, ranked)
about the people they were paired with. No sign-in: the signed link is the permission, and a
participant can answer only about their own pairs and name only their own partners.

A decline (or a "no" about the partner) frees the pair: the proposal is rejected as the
participant's decision, recorded with the reason, and the best available alternate of each
mentee is proposed in its place for the curator to confirm (`service.runs.alternates`). A
locked pair, or a group one member declines, is not freed by a link: the answer is recorded
for the curator to act on (a group's mentor declining frees the group). Wishes
are also kept with the participant, so the next run scores mutual interest from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from matcher.aftermatch import AnswerKind, ChangeKind, Ground, Initiator
from matcher.lifecycle import DecisionAction, allows
from matcher.messages import message
from matcher.model import Proposal, ProposalStatus, Wish, WishLevel
from service import security
from service.aftermatch_repositories import PairChange, StoredAnswer
from service.domain import Actor, Decision, StoredProposal, StoredRun, UserRole
from service.errors import NotFound, field_error
from service.runs.alternates import promote
from service.runs.common import RunContext, context_of, stored_run
from service.runs.explanations import check_link
from service.services.common import (
    Clock,
    bank_taxonomy,
    invalid,
    record,
    require_read,
    save_participant,
    utcnow,
    validate_participant,
)
from service.unit_of_work import AbstractUnitOfWork

MAX_REASON = 1000
MAX_WISHES = 20


@dataclass(frozen=True)
class WishAnswer:
    target: str
    level: WishLevel
    rank: int | None = None


@dataclass(frozen=True)
class AnswerOutcome:
    """What became of an answer: the answer stored, whether the pair was freed, and the
    next step in the participant's words (codes of `matcher.messages.aftermatch`)."""

    answer: StoredAnswer
    freed: bool
    next_step: str  # a message code: answer.next.*


def _link_actor(participant_id: str, link_id: int | None) -> Actor:
    """Who the audit log names for an answer given through a link."""
    return Actor(0, f"participant:{participant_id}" + (f"/link:{link_id}" if link_id else ""),
                 UserRole.viewer, None)


def _partners(p: Proposal, me: str) -> set[str]:
    return set(p.mentees) if p.mentor == me else {p.mentor}


def answer_through_link(
    uow: AbstractUnitOfWork, token: str, proposal_id: str, answer: AnswerKind | None, *,
    reason: str = "", wishes: list[WishAnswer] | None = None, key: str, algorithm: str,
    clock: Clock = utcnow,
) -> AnswerOutcome:
    """Record the link's participant's answer on one of their pairs (see the module)."""
    reason = reason.strip()[:MAX_REASON]
    wishes = list(wishes or [])
    if answer is None and not wishes:
        raise invalid([field_error("answer.empty", "answer")])
    if len(wishes) > MAX_WISHES:
        raise invalid([field_error("answer.too_many_wishes", "wishes", n=MAX_WISHES)])
    claims = security.explanation_from_token(token, key=key, algorithm=algorithm)
    me = claims.participant_id
    at = clock()
    with uow:
        run = check_link(uow, claims, at.date())
        ctx = context_of(uow, run)
        stored = uow.proposals.get(run.id, proposal_id)
        if stored is None or (stored.proposal.mentor != me and me not in stored.proposal.mentees):
            # the same answer whether the proposal is someone else's or does not exist
            raise invalid([field_error("answer.not_yours", "proposal_id")])
        prop = stored.proposal
        partners = _partners(prop, me)
        for i, w in enumerate(wishes):
            if w.target not in partners:
                raise invalid([field_error("answer.wish_not_partner", f"wishes[{i}].target")])
        if prop.status in (ProposalStatus.rejected, ProposalStatus.ended) and answer is not None:
            raise invalid([field_error("answer.pair_gone", "proposal_id")])
        # a "no" about the partner is a decline of a one-to-one pair; in a group only an
        # explicit decline counts, and only the mentor's frees the group (a member's goes to
        # the curator, who decides how the group goes on)
        says_no = answer == AnswerKind.decline or (
            not prop.is_group and any(w.level == WishLevel.no for w in wishes))
        frees = says_no and allows(prop.status, DecisionAction.reject) and (
            not prop.is_group or prop.mentor == me)
        saved = uow.aftermatch.add_answer(StoredAnswer(
            run_id=run.id, proposal_id=prop.id, participant_id=me,
            answer=AnswerKind.decline if says_no else answer, at=at, reason=reason,
            wishes=tuple({"target": w.target, "level": w.level.value, "rank": w.rank}
                         for w in wishes), link_id=claims.link_id))
        actor = _link_actor(me, claims.link_id)
        if wishes:
            _keep_wishes(uow, actor, run, me, wishes, at)
        record(uow, actor, "answer", "proposal", f"{run.id}/{prop.id}", run.organisation_id,
               None, {"participant": me, "answer": saved.answer.value if saved.answer else None,
                      "reason": reason, "wishes": list(saved.wishes)}, at)
        if frees:
            _free(uow, ctx, stored, me, reason, actor, at)
        uow.commit()
    if frees:
        step = "answer.next.declined"
    elif says_no and prop.is_group:
        step = "answer.next.declined_group"
    elif says_no:
        step = "answer.next.declined_locked"
    elif answer == AnswerKind.accept:
        step = "answer.next.accepted"
    else:
        step = "answer.next.wishes"
    return AnswerOutcome(saved, frees, step)


def _keep_wishes(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun, me: str,
                 wishes: list[WishAnswer], at: datetime) -> None:
    # ids are per organisation: the person is the one in the banks the run read
    found = uow.participants.find(me, run.bank_organisations)
    if len(found) != 1:
        return
    person = found[0]
    targets = {w.target for w in wishes}
    kept = [w for w in person.participant.wishes if w.target not in targets]
    kept += [Wish(target=w.target, level=w.level, rank=w.rank) for w in wishes]
    changed = validate_participant({**person.participant.model_dump(), "wishes": kept},
                                   bank_taxonomy(uow, person.organisation_id))
    save_participant(uow, actor, person, changed, "set_wish", at)


def _free(uow: AbstractUnitOfWork, ctx: RunContext, stored: StoredProposal, me: str,
          reason: str, actor: Actor, at: datetime) -> None:
    """Reject the pair as the participant's decision and propose alternates in its place."""
    prop = stored.proposal
    words = message("answer.declined_reason" if reason else "answer.declined_no_reason",
                    reason=reason)
    changed = prop.model_copy(update={"status": ProposalStatus.rejected, "status_reason": words})
    uow.proposals.update(stored, changed, stored.version, at, actor.login)
    uow.proposals.add_decision(Decision(
        run_id=ctx.run.id, proposal_id=prop.id, action=DecisionAction.reject,
        status_before=prop.status.value, status_after=ProposalStatus.rejected.value,
        reason=words, at=at, actor=actor.login))
    initiator = Initiator.mentor if prop.mentor == me else Initiator.mentee
    uow.aftermatch.add_change(PairChange(
        run_id=ctx.run.id, proposal_id=prop.id, change=ChangeKind.decline,
        ground=Ground.participant_declined, initiator=initiator, mentor=prop.mentor,
        mentees=prop.mentees, at=at, actor=actor.login, note=reason))
    promote(uow, ctx, changed, ground=Ground.participant_declined, initiator=initiator,
            actor=actor.login, actor_id=None, at=at)


def proposal_answers(uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str
                     ) -> tuple[list[StoredAnswer], dict[str, str]]:
    """Every answer the participants gave on one proposal, oldest first, and their names as
    the run read them, for the curator who may read the run."""
    with uow:
        run = stored_run(uow, run_id)
        require_read(actor, run.organisation_id)
        if uow.proposals.get(run_id, proposal_id) is None:
            raise NotFound(entity="proposal", key=proposal_id)
        found = uow.aftermatch.answers(run_id, proposal_id)
        people = uow.views.people(run_id, sorted({a.participant_id for a in found}))
    return found, {pid: p.full_name for pid, p in people.items()}


def run_answers(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun
                ) -> tuple[dict[str, list[StoredAnswer]], dict[str, str]]:
    """Every answer on the run's proposals by proposal id, and the names of who answered,
    for the curator's cards (of a run the page has loaded: one query, two with answers)."""
    require_read(actor, run.organisation_id)
    with uow:
        found = uow.aftermatch.answers(run.id)
        people = uow.views.people(run.id, sorted({a.participant_id for a in found})
                                  ) if found else {}
    out: dict[str, list[StoredAnswer]] = {}
    for a in found:
        out.setdefault(a.proposal_id, []).append(a)
    return out, {pid: p.full_name for pid, p in people.items()}


def own_answers(uow: AbstractUnitOfWork, token: str, *, key: str, algorithm: str,
                clock: Clock = utcnow) -> dict[str, StoredAnswer]:
    """The link's participant's latest answer on each of their proposals (only theirs)."""
    claims = security.explanation_from_token(token, key=key, algorithm=algorithm)
    with uow:
        run = check_link(uow, claims, clock().date())
        found = uow.aftermatch.answers(run.id, participant_id=claims.participant_id)
    return {a.proposal_id: a for a in found}
