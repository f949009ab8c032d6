"""Conflicts an organisation's curator recorded: pairs that must never be proposed. They are
part of the bank (`services.load_bank`), so every run sees them."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from service import services
from service.api.deps import ActorDep, IdPath, UowDep
from service.schemas import ConflictCreate, ConflictPublic, ErrorBody

router = APIRouter(prefix="/organisations/{organisation_id}/conflicts", tags=["conflicts"])


@router.get("", response_model=list[ConflictPublic])
def list_conflicts(organisation_id: IdPath, actor: ActorDep, uow: UowDep) -> list[ConflictPublic]:
    return [ConflictPublic.of(c) for c in services.list_conflicts(uow, actor, organisation_id)]


@router.post("", response_model=ConflictPublic, status_code=status.HTTP_201_CREATED,
             responses={409: {"model": ErrorBody, "description": "Already recorded"}})
def add_conflict(organisation_id: IdPath, body: ConflictCreate, actor: ActorDep, uow: UowDep
                 ) -> ConflictPublic:
    """`a` belongs to this organisation; `b` may be anyone the curator can see."""
    return ConflictPublic.of(
        services.add_conflict(uow, actor, organisation_id, body.a, body.b, body.note))


@router.delete("/{conflict_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_conflict(organisation_id: IdPath, conflict_id: IdPath, actor: ActorDep, uow: UowDep
                    ) -> Response:
    services.delete_conflict(uow, actor, organisation_id, conflict_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
