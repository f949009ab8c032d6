"""Participants of the banks: create, read, change (with a version check), delete, search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from matcher.model import Participant, Role
from service import services
from service.api.deps import (
    DB_ID_MAX,
    ActorDep,
    IdQuery,
    OrgQuery,
    SettingsDep,
    UowDep,
    VersionQuery,
)
from service.repositories import ParticipantQuery
from service.schemas import (
    ErrorBody,
    ParticipantCreate,
    ParticipantPage,
    ParticipantPublic,
    ParticipantUpdate,
    changes_of,
)

router = APIRouter(prefix="/participants", tags=["participants"])

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "Stale version: reload and retry"}}


@router.get("", response_model=ParticipantPage)
def search_participants(
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    name: Annotated[str | None, Query(max_length=200, description="Part of the name")] = None,
    role: Role | None = None,
    organisation_id: IdQuery = None,
    subject: Annotated[str | None, Query(max_length=100)] = None,
    mentor: Annotated[bool | None, Query(description="Only (non-)mentors")] = None,
    mentee: Annotated[bool | None, Query(description="Only (non-)mentees")] = None,
    offset: Annotated[int, Query(ge=0, le=DB_ID_MAX)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=DB_ID_MAX)] = None,
) -> ParticipantPage:
    """Search by name, role, organisation and subject, a page at a time."""
    size = min(limit or settings.default_page_size, settings.max_page_size)
    query = ParticipantQuery(name=name, role=role, organisation_id=organisation_id,
                             subject=subject, is_mentor=mentor, is_mentee=mentee,
                             offset=offset, limit=size)
    items, total = services.search_participants(uow, actor, query)
    return ParticipantPage(items=[ParticipantPublic.of(s) for s in items], total=total,
                           offset=offset, limit=size)


@router.post("", response_model=ParticipantPublic, status_code=status.HTTP_201_CREATED)
def create_participant(body: ParticipantCreate, actor: ActorDep, uow: UowDep) -> ParticipantPublic:
    participant = Participant.model_validate(body.model_dump())
    return ParticipantPublic.of(services.create_participant(uow, actor, participant))


@router.get("/{pid}", response_model=ParticipantPublic)
def read_participant(pid: str, actor: ActorDep, uow: UowDep,
                     organisation_id: OrgQuery = None) -> ParticipantPublic:
    """The participant `pid` of your organisation's bank (ids are per organisation)."""
    return ParticipantPublic.of(services.get_participant(uow, actor, pid, organisation_id))


@router.patch("/{pid}", response_model=ParticipantPublic, responses=CONFLICT)
def update_participant(
    pid: str, body: ParticipantUpdate, actor: ActorDep, uow: UowDep,  # type: ignore[valid-type]
    organisation_id: OrgQuery = None,
) -> ParticipantPublic:
    """Change the fields sent; `version` must be the one you read."""
    changes = changes_of(body)
    version = changes.pop("version")
    return ParticipantPublic.of(services.update_participant(
        uow, actor, pid, changes, version, organisation_id=organisation_id))


@router.delete("/{pid}", status_code=status.HTTP_204_NO_CONTENT, responses=CONFLICT)
def delete_participant(
    pid: str,
    actor: ActorDep,
    uow: UowDep,
    version: VersionQuery = None,
    organisation_id: OrgQuery = None,
) -> Response:
    services.delete_participant(uow, actor, pid, version, organisation_id=organisation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
