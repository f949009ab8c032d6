"""The curator's decisions on proposals, as the lifecycle (`matcher.lifecycle`) allows them:
one at a time, many at once (one transaction: all or none), and undone one by one until the
run's order is issued. Every decision and every undo is recorded with who and when, in the
proposal's history and the audit log."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matcher.lifecycle import (
    UNDO,
    DecisionAction,
    RecordedAction,
    action_word,
    allows,
    needs_reason,
    status_after,
    status_word,
    undo_target,
)
from matcher.model import ProposalStatus
from service.domain import Actor, Decision, StoredProposal, StoredRun
from service.errors import (
    InvalidTransition,
    NotFound,
    NothingToUndo,
    OrderAlreadyIssued,
    OrderIssued,
    RunSuperseded,
    field_error,
)
from service.runs.common import NOT_FAILED, require_done, stored_run
from service.services.common import Clock, check_version, invalid, record, require_write, utcnow
from service.unit_of_work import AbstractUnitOfWork

BULK_MAX = 1000  # proposals one bulk decision may carry (a district run has about 600)


def _latest_run(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> StoredRun:
    """The run, if the actor may change it, it has finished and it is the programme's latest."""
    run = stored_run(uow, run_id)
    require_write(actor, run.organisation_id)
    require_done(run)
    newest = uow.runs.latest(run.programme_id, NOT_FAILED)
    if newest is not None and newest.id != run.id:
        raise RunSuperseded(key=str(run.id), newer=newest.id)
    return run


def _stored(uow: AbstractUnitOfWork, run_id: int, proposal_id: str,
            expected_version: int) -> StoredProposal:
    stored = uow.proposals.get(run_id, proposal_id)
    if stored is None:
        raise NotFound(entity="proposal", key=proposal_id)
    check_version("proposal", proposal_id, expected_version, stored.version)
    return stored


def _move(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun, stored: StoredProposal,
          action: RecordedAction, to: ProposalStatus, reason: str, at: datetime
          ) -> tuple[StoredProposal, Decision]:
    """Put the proposal in status `to`, record the decision (or undo) and audit it."""
    before = stored.proposal.status
    pid = stored.pid
    changed = stored.proposal.model_copy(update={"status": to, "status_reason": reason})
    updated = uow.proposals.update(stored, changed, stored.version, at, actor.login)
    decision = uow.proposals.add_decision(Decision(
        run_id=run.id, proposal_id=pid, action=action, status_before=before.value,
        status_after=to.value, reason=reason,
        at=at, actor=actor.login, actor_id=actor.user_id or None,
    ))
    record(uow, actor, str(action), "proposal", f"{run.id}/{pid}", run.organisation_id,
           {"status": before.value, "version": stored.version,
            "reason": stored.proposal.status_reason},
           {"status": to.value, "version": updated.version, "reason": reason}, at)
    return updated, decision


def _decide_one(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun, proposal_id: str,
                action: DecisionAction, expected_version: int, reason: str, at: datetime
                ) -> tuple[StoredProposal, Decision]:
    stored = _stored(uow, run.id, proposal_id, expected_version)
    before = stored.proposal.status
    if not allows(before, action):
        raise InvalidTransition(key=proposal_id, action=action_word(action, "ru"),
                                action_en=action_word(action, "en"),
                                status=status_word(before, "ru"),
                                status_en=status_word(before, "en"))
    return _move(uow, actor, run, stored, action, status_after(action), reason, at)


def _reason_of(action: DecisionAction, reason: str) -> str:
    reason = reason.strip()
    if needs_reason(action) and not reason:
        raise invalid([field_error("input.reason_required", "reason")])
    return reason


def decide(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    proposal_id: str,
    action: DecisionAction,
    expected_version: int,
    reason: str = "",
    *,
    clock: Clock = utcnow,
) -> tuple[StoredProposal, Decision]:
    """Confirm, reject, lock or end a proposal of the programme's latest run, if it is still at
    `expected_version` (else `VersionConflict`). Rejecting and ending need a reason."""
    reason = _reason_of(action, reason)
    at = clock()
    with uow:
        run = _latest_run(uow, actor, run_id)
        result = _decide_one(uow, actor, run, proposal_id, action, expected_version, reason, at)
        uow.commit()
    return result


def decide_many(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    chosen: Sequence[tuple[str, int]],
    action: DecisionAction,
    reason: str = "",
    *,
    clock: Clock = utcnow,
) -> list[tuple[StoredProposal, Decision]]:
    """The same decision on many proposals of the latest run, each at the version the curator
    read: all of them in one transaction, or none (the first refusal is raised)."""
    reason = _reason_of(action, reason)
    if not chosen:
        raise invalid([field_error("bulk.none_chosen", "items")])
    if len(chosen) > BULK_MAX:
        raise invalid([field_error("bulk.too_many", "items", limit=BULK_MAX)])
    unique: dict[str, int] = {}
    for pid, version in chosen:  # a proposal chosen twice is decided once
        unique.setdefault(pid, version)
    at = clock()
    with uow:
        run = _latest_run(uow, actor, run_id)
        done = [_decide_one(uow, actor, run, pid, action, version, reason, at)
                for pid, version in unique.items()]
        uow.commit()
    return done


def undo_decision(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    proposal_id: str,
    expected_version: int,
    *,
    clock: Clock = utcnow,
) -> tuple[StoredProposal, Decision]:
    """Take back the latest decision on a proposal not yet undone (an undone rejection brings
    the pair back), while the run is the programme's latest and its order is not issued.
    Recorded as a decision «undo» and in the audit log; undoing again goes further back."""
    at = clock()
    with uow:
        run = _latest_run(uow, actor, run_id)
        if run.order_issued_at is not None:
            raise OrderIssued(key=str(run.id), at=run.order_issued_at.strftime("%d.%m.%Y"))
        stored = _stored(uow, run.id, proposal_id, expected_version)
        history = uow.proposals.decisions(run.id, proposal_id)
        target = undo_target((str(d.action), d.status_before) for d in history)
        if target is None:
            raise NothingToUndo(key=proposal_id)
        reason = next((d.reason for d in reversed(history)
                       if str(d.action) != UNDO and d.status_after == target.value), "")
        result = _move(uow, actor, run, stored, UNDO, target, reason, at)
        uow.commit()
    return result


def can_undo(decisions: Sequence[Decision]) -> bool:
    """Whether a proposal with these decisions (oldest first) has one left to undo."""
    return undo_target((str(d.action), d.status_before) for d in decisions) is not None


def issue_order(uow: AbstractUnitOfWork, actor: Actor, run_id: int, *,
                clock: Clock = utcnow) -> StoredRun:
    """Mark the latest run's order issued: from now on its decisions stand (no undo)."""
    at = clock()
    with uow:
        run = _latest_run(uow, actor, run_id)
        if run.order_issued_at is not None:
            raise OrderAlreadyIssued(key=str(run.id),
                                     at=run.order_issued_at.strftime("%d.%m.%Y"))
        uow.runs.issue_order(run.id, at, actor.login)
        record(uow, actor, "issue_order", "run", str(run.id), run.organisation_id,
               {"order_issued_at": None}, {"order_issued_at": at.isoformat()}, at)
        uow.commit()
        issued = stored_run(uow, run.id)
    return issued

