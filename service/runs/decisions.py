"""The curator's decisions on proposals, as the lifecycle (`matcher.lifecycle`) allows them."""

from __future__ import annotations

from matcher.lifecycle import (
    DecisionAction,
    action_word,
    allows,
    needs_reason,
    status_after,
    status_word,
)
from service.domain import Actor, Decision, StoredProposal
from service.errors import InvalidTransition, NotFound, RunSuperseded, field_error
from service.runs.common import NOT_FAILED, require_done, stored_run
from service.services.common import Clock, check_version, invalid, record, require_write, utcnow
from service.unit_of_work import AbstractUnitOfWork


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
    reason = reason.strip()
    if needs_reason(action) and not reason:
        raise invalid([field_error("input.reason_required", "reason")])
    at = clock()
    with uow:
        run = stored_run(uow, run_id)
        require_write(actor, run.organisation_id)
        require_done(run)
        newest = uow.runs.latest(run.programme_id, NOT_FAILED)
        if newest is not None and newest.id != run.id:
            raise RunSuperseded(key=str(run.id), newer=newest.id)
        stored = uow.proposals.get(run_id, proposal_id)
        if stored is None:
            raise NotFound(entity="proposal", key=proposal_id)
        check_version("proposal", proposal_id, expected_version, stored.version)
        before = stored.proposal.status
        if not allows(before, action):
            raise InvalidTransition(key=proposal_id, action=action_word(action, "ru"),
                                    action_en=action_word(action, "en"),
                                    status=status_word(before, "ru"),
                                    status_en=status_word(before, "en"))
        after_status = status_after(action)
        changed = stored.proposal.model_copy(
            update={"status": after_status, "status_reason": reason})
        updated = uow.proposals.update(stored, changed, expected_version, at, actor.login)
        decision = uow.proposals.add_decision(Decision(
            run_id=run_id, proposal_id=proposal_id, action=action,
            status_before=before.value, status_after=after_status.value, reason=reason,
            at=at, actor=actor.login, actor_id=actor.user_id or None,
        ))
        record(uow, actor, action.value, "proposal", f"{run_id}/{proposal_id}",
               run.organisation_id,
               {"status": before.value, "version": stored.version,
                "reason": stored.proposal.status_reason},
               {"status": after_status.value, "version": updated.version, "reason": reason},
               at)
        uow.commit()
    return updated, decision
