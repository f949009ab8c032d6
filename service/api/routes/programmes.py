"""Programmes: one matching context each, validated by the matcher's `Programme`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from matcher.model import Programme
from service import services
from service.api.deps import ActorDep, UowDep, VersionQuery
from service.runs.simulate import simulate_rules
from service.schemas import ErrorBody, ProgrammeCreate, ProgrammePublic, ProgrammeUpdate, changes_of
from service.schemas.rules import SimulateRequest, SimulationPublic

router = APIRouter(prefix="/programmes", tags=["programmes"])

CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "Stale version: reload and retry"}}


@router.get("", response_model=list[ProgrammePublic])
def list_programmes(actor: ActorDep, uow: UowDep) -> list[ProgrammePublic]:
    return [ProgrammePublic.of(p) for p in services.list_programmes(uow, actor)]


@router.post("", response_model=ProgrammePublic, status_code=status.HTTP_201_CREATED)
def create_programme(body: ProgrammeCreate, actor: ActorDep, uow: UowDep) -> ProgrammePublic:
    programme = Programme.model_validate(body.model_dump(exclude={"organisation_id"}))
    stored = services.create_programme(uow, actor, programme, body.organisation_id)
    return ProgrammePublic.of(stored)


@router.get("/{pid}", response_model=ProgrammePublic)
def read_programme(pid: str, actor: ActorDep, uow: UowDep) -> ProgrammePublic:
    return ProgrammePublic.of(services.get_programme(uow, actor, pid))


@router.patch("/{pid}", response_model=ProgrammePublic, responses=CONFLICT)
def update_programme(
    pid: str, body: ProgrammeUpdate, actor: ActorDep, uow: UowDep  # type: ignore[valid-type]
) -> ProgrammePublic:
    changes = changes_of(body)
    version = changes.pop("version")
    return ProgrammePublic.of(services.update_programme(uow, actor, pid, changes, version))


@router.delete("/{pid}", status_code=status.HTTP_204_NO_CONTENT, responses=CONFLICT)
def delete_programme(
    pid: str,
    actor: ActorDep,
    uow: UowDep,
    version: VersionQuery = None,
) -> Response:
    services.delete_programme(uow, actor, pid, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{pid}/simulate", response_model=SimulationPublic)
def simulate_programme_rules(pid: str, body: SimulateRequest, actor: ActorDep,
                             uow: UowDep) -> SimulationPublic:
    """What each of the programme's own rules (or the `rules` given) does to one mentee's
    candidates in the bank as stored now; nothing is saved."""
    return SimulationPublic.of(simulate_rules(uow, actor, pid, body.mentee_id, rules=body.rules,
                                              k=body.k))
