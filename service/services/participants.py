"""Participants of the banks: create, read, change at a known version, delete, search. Consents
and wishes change through their own use cases (`service.services.consents`, `.wishes`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from matcher.model import Participant
from service.domain import Actor, StoredParticipant
from service.errors import AlreadyExists, field_error
from service.repositories import ParticipantQuery
from service.services.common import (
    Clock,
    bank_taxonomy,
    check_version,
    consent_events_for,
    invalid,
    organisation_named,
    participant_json,
    record,
    require_read,
    require_write,
    stored_organisation,
    stored_participant,
    utcnow,
    validate_participant,
)
from service.unit_of_work import AbstractUnitOfWork


def create_participant(
    uow: AbstractUnitOfWork, actor: Actor, participant: Participant, *, clock: Clock = utcnow
) -> StoredParticipant:
    """File a new participant under the organisation their record names (a person of a
    partner organisation joins the curator's school's bank as an outside mentor)."""
    at = clock()
    with uow:
        org = organisation_named(uow, participant.organisation, "organisation")
        home = actor.organisation_id
        if (not actor.can_write(org.id) and home is not None and actor.can_write(home)
                and org.id in {o.id for o in uow.organisations.partners(home)}):
            org = stored_organisation(uow, home)
        require_write(actor, org.id)
        # the topic check too, with the topics of the programmes of the bank it joins
        participant = validate_participant(participant.model_dump(), bank_taxonomy(uow, org.id))
        if uow.participants.get(org.id, participant.id) is not None:
            raise AlreadyExists(entity="participant", key=participant.id)
        missing = [w.target for w in participant.wishes
                   if uow.participants.get(org.id, w.target) is None]
        if missing:  # as a bank file's wish naming nobody in the bank
            raise invalid([field_error("check.wish_target_unknown", "wishes", value=target,
                                       target=target) for target in missing])
        stored = uow.participants.add(participant, org.id, at)
        for event in consent_events_for(participant.id, participant.consents, actor.login,
                                        at, "при создании записи"):
            uow.consents.add(org.id, event)
        uow.organisations.bump_bank_version(org.id)
        record(uow, actor, "create", "participant", participant.id, org.id, None,
               participant_json(stored), at)
        uow.commit()
    return stored


def get_participant(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, organisation_id: int | None = None
) -> StoredParticipant:
    """The participant `pid` of the organisation's bank (see `stored_participant`)."""
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
    require_read(actor, stored.organisation_id)
    return stored


# Fields a participant update may not touch: the id is the key, and consents and wishes
# change through their own use cases so that their history stays complete.
FIXED_PARTICIPANT_FIELDS = frozenset({"id", "consents", "wishes"})


def update_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    organisation_id: int | None = None,
    clock: Clock = utcnow,
) -> StoredParticipant:
    """Change some fields of a participant saved at `expected_version` (else 409-worthy
    `VersionConflict`: someone saved in between and their change must not be lost)."""
    fixed = sorted(FIXED_PARTICIPANT_FIELDS & set(changes))
    if fixed:
        raise invalid([field_error("input.field_own_endpoint", f) for f in fixed])
    at = clock()
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        check_version("participant", pid, expected_version, stored.version)
        data = {**stored.participant.model_dump(), **changes}
        participant = validate_participant(data, bank_taxonomy(uow, stored.organisation_id))
        org_id = stored.organisation_id
        if participant.organisation != stored.participant.organisation:
            org_id = organisation_named(uow, participant.organisation, "organisation").id
            require_write(actor, org_id)
        after = uow.participants.update(participant, org_id, expected_version, at,
                                        owner=stored.organisation_id)
        for touched in {stored.organisation_id, org_id}:
            uow.organisations.bump_bank_version(touched)
        record(uow, actor, "update", "participant", pid, org_id,
               participant_json(stored), participant_json(after), at)
        uow.commit()
    return after


def delete_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    expected_version: int | None = None,
    *,
    organisation_id: int | None = None,
    clock: Clock = utcnow,
) -> None:
    """Delete a participant (and their consent events, survey answers and answers through
    their links); the audit log keeps the record."""
    at = clock()
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        version = stored.version if expected_version is None else expected_version
        check_version("participant", pid, version, stored.version)
        uow.participants.delete(stored.organisation_id, pid, version)
        uow.surveys.forget(pid)
        uow.aftermatch.forget(pid)
        uow.organisations.bump_bank_version(stored.organisation_id)
        record(uow, actor, "delete", "participant", pid, stored.organisation_id,
               participant_json(stored), None, at)
        uow.commit()


def search_participants(
    uow: AbstractUnitOfWork, actor: Actor, query: ParticipantQuery
) -> tuple[list[StoredParticipant], int]:
    """A page of participants the actor may read; others' organisations are refused."""
    limited = actor.readable_organisation
    if limited is not None:
        if query.organisation_id is not None and query.organisation_id != limited:
            require_read(actor, query.organisation_id)
        query = replace(query, organisation_id=limited)
    with uow:
        return uow.participants.search(query)
