"""Wishes after the acquaintance meeting: one per (participant, person named)."""

from __future__ import annotations

from fastapi import APIRouter

from service import services
from service.api.deps import ActorDep, OrgQuery, UowDep
from service.schemas import WishesPublic, WishSet

router = APIRouter(prefix="/participants/{pid}/wishes", tags=["wishes"])


@router.get("", response_model=WishesPublic)
def read_wishes(pid: str, actor: ActorDep, uow: UowDep,
                organisation_id: OrgQuery = None) -> WishesPublic:
    return WishesPublic.of(services.get_participant(uow, actor, pid, organisation_id))


@router.put("/{target}", response_model=WishesPublic)
def set_wish(pid: str, target: str, body: WishSet, actor: ActorDep, uow: UowDep,
             organisation_id: OrgQuery = None) -> WishesPublic:
    """Record or replace the wish of `pid` about `target` (yes, maybe, no; optional rank);
    `target` is a person of the same bank."""
    return WishesPublic.of(services.set_wish(uow, actor, pid, target, body.level, body.rank,
                                             organisation_id=organisation_id))


@router.delete("/{target}", response_model=WishesPublic)
def delete_wish(pid: str, target: str, actor: ActorDep, uow: UowDep,
                organisation_id: OrgQuery = None) -> WishesPublic:
    return WishesPublic.of(services.delete_wish(uow, actor, pid, target,
                                                organisation_id=organisation_id))
