"""Changes of a pair after it was confirmed, on the regulation's grounds (000, 7.1–7.2) and on
someone's initiative (`matcher.aftermatch`): end it, end it and re-match the mentee (an
alternate first, then a local re-solve), extend it, or change its form or kind. Each change is
recorded (a decision where the status changes, the audit log, and a change record the order on
changes reads: `order_on_changes`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from matcher.aftermatch import ChangeKind, Ground, Initiator, ground_fits, word
from matcher.lifecycle import DecisionAction, allows, status_word
from matcher.model import Form, Kind, ProposalStatus
from matcher.reports.changes import ChangeLine, OrderOnChanges, order_on_changes_data
from matcher.rules import common_kinds, eligible_forms
from matcher.validation import violations
from service.aftermatch_repositories import PairChange
from service.domain import Actor, Decision, StoredProposal
from service.errors import InvalidTransition, NotFound, RunSuperseded, field_error
from service.runs.alternates import promote
from service.runs.common import NOT_FAILED, RunContext, context_of, require_done, stored_run
from service.services.common import (
    Clock,
    check_version,
    invalid,
    record,
    require_read,
    require_write,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork

CURATOR_CHANGES = (ChangeKind.end, ChangeKind.rematch, ChangeKind.extend,
                   ChangeKind.change_form)


@dataclass(frozen=True)
class ChangeOutcome:
    proposal: StoredProposal
    change: PairChange
    new_proposals: tuple[StoredProposal, ...] = ()


def _refuse(change: ChangeKind, status: ProposalStatus, proposal_id: str) -> InvalidTransition:
    return InvalidTransition(key=proposal_id, action=word(change, "ru"),
                             action_en=word(change, "en"), status=status_word(status, "ru"),
                             status_en=status_word(status, "en"))


def change_pair(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str, change: ChangeKind,
    *, ground: Ground, initiator: Initiator, expected_version: int, note: str = "",
    extended_until: date | None = None, new_form: Form | None = None,
    new_kind: Kind | None = None, clock: Clock = utcnow,
) -> ChangeOutcome:
    """Record `change` on a confirmed or locked pair of the programme's latest run (see the
    module); 422 for a ground or initiator the regulation does not allow for it, 409 for a
    pair in another status or a stale version."""
    note = note.strip()
    errors = []
    if change not in CURATOR_CHANGES:
        errors.append(field_error("change.not_curators", "change"))
    elif not ground_fits(change, ground, initiator):
        errors.append(field_error("change.ground_mismatch", "ground",
                                  change=word(change, "ru"), change_en=word(change, "en"),
                                  ground=word(ground, "ru"), ground_en=word(ground, "en"),
                                  initiator=word(initiator, "ru"),
                                  initiator_en=word(initiator, "en")))
    if change == ChangeKind.extend and extended_until is None:
        errors.append(field_error("change.until_required", "extended_until"))
    if change == ChangeKind.change_form and new_form is None and new_kind is None:
        errors.append(field_error("change.form_required", "new_form"))
    if errors:
        raise invalid(errors)
    at = clock()
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_write(actor, run.organisation_id)
        require_done(run)
        newest = uow.runs.latest(run.programme_id, NOT_FAILED)
        if newest is not None and newest.id != run.id:
            raise RunSuperseded(key=str(run.id), newer=newest.id)
        ctx = context_of(uow, run)
        stored = uow.proposals.get(run_id, proposal_id)
        if stored is None:
            raise NotFound(entity="proposal", key=proposal_id)
        check_version("proposal", proposal_id, expected_version, stored.version)
        prop = stored.proposal
        if not allows(prop.status, DecisionAction.end):  # confirmed or locked pairs change
            raise _refuse(change, prop.status, proposal_id)
        if change == ChangeKind.extend and extended_until is not None and (
                extended_until <= ctx.programme.end):
            raise invalid([field_error("change.until_too_early", "extended_until",
                                       end=ctx.programme.end.strftime("%d.%m.%Y"))])
        reason = word(ground, "ru") + (f": {note}" if note else "")
        updated = stored
        if change in (ChangeKind.end, ChangeKind.rematch):
            ended = prop.model_copy(update={"status": ProposalStatus.ended,
                                            "status_reason": reason})
            updated = uow.proposals.update(stored, ended, stored.version, at, actor.login)
            uow.proposals.add_decision(Decision(
                run_id=run_id, proposal_id=proposal_id, action=DecisionAction.end,
                status_before=prop.status.value, status_after=ProposalStatus.ended.value,
                reason=reason, at=at, actor=actor.login, actor_id=actor.user_id or None))
        elif change == ChangeKind.change_form:
            updated = _change_form(uow, ctx, stored, new_form, new_kind, actor, at)
        saved = uow.aftermatch.add_change(PairChange(
            run_id=run_id, proposal_id=proposal_id, change=change, ground=ground,
            initiator=initiator, mentor=prop.mentor, mentees=prop.mentees, at=at,
            actor=actor.login, actor_id=actor.user_id or None, note=note,
            extended_until=extended_until,
            new_form=(new_form.value if new_form else ""),
            new_kind=(new_kind.value if new_kind else "")))
        new: list[StoredProposal] = []
        if change == ChangeKind.rematch:
            new = promote(uow, ctx, updated.proposal, ground=ground, initiator=initiator,
                          actor=actor.login, actor_id=actor.user_id or None, at=at)
        record(uow, actor, f"pair_{change.value}", "proposal", f"{run_id}/{proposal_id}",
               run.organisation_id,
               {"status": prop.status.value, "version": stored.version, "form": prop.form.value,
                "kind": prop.kind.value},
               {"status": updated.proposal.status.value, "version": updated.version,
                "ground": ground.value, "initiator": initiator.value, "note": note,
                "form": updated.proposal.form.value, "kind": updated.proposal.kind.value,
                "extended_until": extended_until.isoformat() if extended_until else None,
                "new_proposals": [p.pid for p in new]}, at)
        uow.commit()
    return ChangeOutcome(updated, saved, tuple(new))


def _change_form(uow: AbstractUnitOfWork, ctx: RunContext, stored: StoredProposal,
                 new_form: Form | None, new_kind: Kind | None, actor: Actor, at: datetime
                 ) -> StoredProposal:
    prop = stored.proposal
    form, kind = new_form or prop.form, new_kind or prop.kind
    mentor = ctx.bank.get(prop.mentor)
    for e in prop.mentees:
        mentee = ctx.bank.get(e)
        if form not in eligible_forms(mentor, mentee, ctx.programme):
            raise invalid([field_error("change.form_not_allowed", "new_form")])
        if kind not in common_kinds(mentor, mentee, ctx.programme) or (
                kind == Kind.group) != prop.is_group:
            raise invalid([field_error("change.kind_not_allowed", "new_kind")])
    changed = prop.model_copy(update={"form": form, "kind": kind})
    rows = [changed if r.pid == prop.id else r.proposal
            for r in uow.proposals.list_for(ctx.run.id)]
    trial = ctx.result.model_copy(update={"proposals": tuple(rows)})
    broken = [v for v in violations(ctx.bank, ctx.programme, trial)
              if v.severity == "error" and prop.id in (v.proposal, "") and (
                  not v.people or set(v.people) & {prop.mentor, *prop.mentees})]
    if broken:
        raise invalid([field_error("change.form_not_allowed", "new_form")])
    return uow.proposals.update(stored, changed, stored.version, at, actor.login)


def order_on_changes(uow: AbstractUnitOfWork, actor: Actor, run_id: int, *,
                     lang: str = "ru") -> OrderOnChanges:
    """The data of an order on changes of the programme's pairs recorded on this run and the
    runs before it (`matcher.reports.changes`)."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        ctx = context_of(uow, run)
        chain = [run.id]
        prev = run.previous_run_id
        while prev is not None and len(chain) < 100:
            chain.append(prev)
            before = uow.runs.get(prev)
            prev = before.previous_run_id if before is not None else None
        records = uow.aftermatch.changes(chain)
    lines = [ChangeLine(change=c.change, ground=c.ground, initiator=c.initiator,
                        mentor=c.mentor, mentees=c.mentees, at=c.at.date(), note=c.note,
                        extended_until=c.extended_until,
                        new_form=Form(c.new_form) if c.new_form else None,
                        new_kind=Kind(c.new_kind) if c.new_kind else None)
             for c in records]
    return order_on_changes_data(ctx.bank, ctx.programme, lines, ctx.organisation_name,
                                 lang=lang)


def list_changes(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> list[PairChange]:
    """The changes recorded on the run's pairs, oldest first."""
    with uow:
        run = stored_run(uow, run_id)
        require_read(actor, run.organisation_id)
        return uow.aftermatch.changes([run.id])
