"""Consents of a participant: give, revoke, history. Stored as events and reflected into
the participant's consents, which the matcher's hard rules read."""

from __future__ import annotations

from fastapi import APIRouter, status

from matcher.model import ConsentKind
from service import services
from service.api.deps import ActorDep, OrgQuery, UowDep
from service.schemas import (
    ConsentChange,
    ConsentEventPublic,
    ConsentGive,
    ConsentRevoke,
    ConsentsPublic,
)

router = APIRouter(prefix="/participants/{pid}/consents", tags=["consents"])


@router.get("", response_model=ConsentsPublic)
def read_consents(pid: str, actor: ActorDep, uow: UowDep,
                  organisation_id: OrgQuery = None) -> ConsentsPublic:
    stored, events = services.consent_history(uow, actor, pid, organisation_id)
    return ConsentsPublic(
        participant_id=pid, version=stored.version,
        consents=list(stored.participant.consents),
        history=[ConsentEventPublic.of(e) for e in events],
    )


@router.post("", response_model=ConsentChange, status_code=status.HTTP_201_CREATED)
def give_consent(pid: str, body: ConsentGive, actor: ActorDep, uow: UowDep,
                 organisation_id: OrgQuery = None) -> ConsentChange:
    stored, event = services.give_consent(uow, actor, pid, body.kind, body.given, body.note,
                                          organisation_id=organisation_id)
    return ConsentChange(participant_id=pid, version=stored.version,
                         consents=list(stored.participant.consents),
                         event=ConsentEventPublic.of(event))


@router.post("/{kind}/revoke", response_model=ConsentChange)
def revoke_consent(
    pid: str, kind: ConsentKind, body: ConsentRevoke, actor: ActorDep, uow: UowDep,
    organisation_id: OrgQuery = None,
) -> ConsentChange:
    stored, event = services.revoke_consent(uow, actor, pid, kind, body.revoked, body.note,
                                            organisation_id=organisation_id)
    return ConsentChange(participant_id=pid, version=stored.version,
                         consents=list(stored.participant.consents),
                         event=ConsentEventPublic.of(event))
