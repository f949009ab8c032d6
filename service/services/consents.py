"""Consents: record one given or revoked (never in the future), and read their history."""

from __future__ import annotations

from datetime import date

from matcher.labels import label
from matcher.model import Consent, ConsentKind
from service.domain import Actor, ConsentAction, ConsentEvent, StoredParticipant
from service.errors import ConsentAlreadyGiven, InvalidData, NoActiveConsent, field_error
from service.services.common import (
    Clock,
    bank_taxonomy,
    invalid,
    require_read,
    require_write,
    save_participant,
    stored_participant,
    utcnow,
    validate_participant,
)
from service.unit_of_work import AbstractUnitOfWork


def _future(field_name: str, day: date, today: date) -> InvalidData:
    return invalid([field_error("input.date_future", field_name, value=day.isoformat(),
                                day=day.isoformat())])


def give_consent(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    kind: ConsentKind,
    given: date,
    note: str = "",
    *,
    organisation_id: int | None = None,
    clock: Clock = utcnow,
) -> tuple[StoredParticipant, ConsentEvent]:
    """Record a consent given on `given`; one of the same kind must not be active already."""
    at = clock()
    if given > at.date():
        raise _future("given", given, at.date())
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        current = stored.participant.consents
        active = next((c for c in current if c.kind == kind and c.revoked is None), None)
        if active is not None:
            raise ConsentAlreadyGiven(kind=label(kind, "ru"), kind_en=label(kind, "en"),
                                      given=active.given.isoformat())
        participant = validate_participant({
            **stored.participant.model_dump(),
            "consents": [*current, Consent(kind=kind, given=given)],
        }, bank_taxonomy(uow, stored.organisation_id))
        after = save_participant(uow, actor, stored, participant, "give_consent", at)
        event = uow.consents.add(stored.organisation_id,
            ConsentEvent(pid, kind, ConsentAction.given, given, at, actor.login, note)
        )
        uow.commit()
    return after, event


def revoke_consent(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    kind: ConsentKind,
    revoked: date,
    note: str = "",
    *,
    organisation_id: int | None = None,
    clock: Clock = utcnow,
) -> tuple[StoredParticipant, ConsentEvent]:
    """Record that the active consent of `kind` was revoked on `revoked`."""
    at = clock()
    if revoked > at.date():
        raise _future("revoked", revoked, at.date())
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_write(actor, stored.organisation_id)
        current = stored.participant.consents
        index = next(
            (i for i, c in enumerate(current) if c.kind == kind and c.revoked is None), None
        )
        if index is None:
            raise NoActiveConsent(kind=label(kind, "ru"), kind_en=label(kind, "en"))
        if revoked < current[index].given:
            raise invalid([field_error("input.revoked_before_given", "revoked",
                                       value=revoked.isoformat(),
                                       given=current[index].given.isoformat())])
        consents = list(current)
        consents[index] = Consent(kind=kind, given=current[index].given, revoked=revoked)
        participant = validate_participant(
            {**stored.participant.model_dump(), "consents": consents},
            bank_taxonomy(uow, stored.organisation_id))
        after = save_participant(uow, actor, stored, participant, "revoke_consent", at)
        event = uow.consents.add(stored.organisation_id,
            ConsentEvent(pid, kind, ConsentAction.revoked, revoked, at, actor.login, note)
        )
        uow.commit()
    return after, event


def consent_history(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, organisation_id: int | None = None
) -> tuple[StoredParticipant, list[ConsentEvent]]:
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        require_read(actor, stored.organisation_id)
        return stored, uow.consents.list_for(stored.organisation_id, pid)
