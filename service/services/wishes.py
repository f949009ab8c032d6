"""Wishes: what a participant said about another after the acquaintance meeting."""

from __future__ import annotations

from matcher.model import Wish, WishLevel
from service.domain import Actor, StoredParticipant
from service.errors import NotFound, field_error
from service.services.common import (
    Clock,
    bank_taxonomy,
    invalid,
    require_write,
    save_participant,
    stored_participant,
    utcnow,
    validate_participant,
)
from service.unit_of_work import AbstractUnitOfWork


def set_wish(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    target: str,
    level: WishLevel,
    rank: int | None = None,
    *,
    organisation_id: int | None = None,
    clock: Clock = utcnow,
) -> StoredParticipant:
    """Record (or replace) a participant's wish about another participant."""
    at = clock()
    if target == pid:
        raise invalid([field_error("input.wish_self", "target", value=target)])
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        # the person named is in the same bank: ids are the organisation's own
        if uow.participants.get(stored.organisation_id, target) is None:
            raise NotFound(entity="participant", key=target)
        wishes = [w for w in stored.participant.wishes if w.target != target]
        wishes.append(Wish(target=target, level=level, rank=rank))
        participant = validate_participant(
            {**stored.participant.model_dump(), "wishes": wishes},
            bank_taxonomy(uow, stored.organisation_id))
        after = save_participant(uow, actor, stored, participant, "set_wish", at)
        uow.commit()
    return after


def delete_wish(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, target: str, *,
    organisation_id: int | None = None, clock: Clock = utcnow,
) -> StoredParticipant:
    at = clock()
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        wishes = [w for w in stored.participant.wishes if w.target != target]
        if len(wishes) == len(stored.participant.wishes):
            raise NotFound(entity="wish", key=f"{pid} → {target}")
        participant = stored.participant.model_copy(update={"wishes": tuple(wishes)})
        after = save_participant(uow, actor, stored, participant, "delete_wish", at)
        uow.commit()
    return after
