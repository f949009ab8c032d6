"""Conflicts: pairs the curator recorded as impossible; part of an organisation's bank."""

from __future__ import annotations

from service.domain import Actor, StoredConflict
from service.errors import AlreadyExists, NotFound, field_error
from service.services.common import (
    Clock,
    conflict_json,
    invalid,
    record,
    require_read,
    require_write,
    stored_organisation,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork


def list_conflicts(
    uow: AbstractUnitOfWork, actor: Actor, organisation_id: int
) -> list[StoredConflict]:
    require_read(actor, organisation_id)
    with uow:
        stored_organisation(uow, organisation_id)
        return uow.conflicts.list_for([organisation_id])


def add_conflict(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    a: str,
    b: str,
    note: str = "",
    *,
    clock: Clock = utcnow,
) -> StoredConflict:
    """Record that `a` and `b`, both of this organisation's bank (ids are the
    organisation's own), must never be paired."""
    require_write(actor, organisation_id)
    if a == b:
        raise invalid([field_error("input.conflict_same", "b", value=b)])
    at = clock()
    with uow:
        stored_organisation(uow, organisation_id)
        for name, pid in (("a", a), ("b", b)):
            if uow.participants.get(organisation_id, pid) is None:
                raise invalid([field_error("input.participant_not_in_organisation", name,
                                           value=pid)])
        if uow.conflicts.find(organisation_id, a, b) is not None:
            raise AlreadyExists(entity="conflict", key=f"{a} — {b}")
        stored = uow.conflicts.add(organisation_id, a, b, note.strip(), at, actor.login)
        uow.organisations.bump_bank_version(organisation_id)
        record(uow, actor, "create", "conflict", str(stored.id), organisation_id, None,
               conflict_json(stored), at)
        uow.commit()
    return stored


def delete_conflict(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    conflict_id: int,
    *,
    clock: Clock = utcnow,
) -> None:
    require_write(actor, organisation_id)
    at = clock()
    with uow:
        stored = uow.conflicts.get(conflict_id)
        if stored is None or stored.organisation_id != organisation_id:
            raise NotFound(entity="conflict", key=str(conflict_id))
        uow.conflicts.delete(conflict_id)
        uow.organisations.bump_bank_version(organisation_id)
        record(uow, actor, "delete", "conflict", str(conflict_id), organisation_id,
               conflict_json(stored), None, at)
        uow.commit()
