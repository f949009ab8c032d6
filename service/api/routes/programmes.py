"""Programmes: one matching context each, validated by the matcher's `Programme`."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from matcher.model import Programme
from service import runs, services
from service.api.deps import ActorDep, LangDep, UowDep, VersionQuery
from service.runs.simulate import simulate_rules
from service.schemas import ErrorBody, ProgrammeCreate, ProgrammePublic, ProgrammeUpdate, changes_of
from service.schemas.readiness import ReadinessPublic
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


# A programme's code may hold a slash («2026/27»): every address takes the rest of the path
# (`{pid:path}`), and the routes with a suffix come first.
@router.get("/{pid:path}/readiness", response_model=ReadinessPublic)
def read_readiness(pid: str, actor: ActorDep, uow: UowDep, lang: LangDep) -> ReadinessPublic:
    """Whether the banks are ready for a run: mentees against mentor places by form, kind and
    topic, people a missing consent leaves out, the likely coverage (an upper bound: the
    maximum flow over the allowed pairs) and what would raise it."""
    _, ready = runs.programme_readiness(uow, actor, pid)
    return ReadinessPublic.of(pid, ready, lang)


@router.post("/{pid:path}/archive", response_model=ProgrammePublic, responses=CONFLICT)
def archive_programme(pid: str, actor: ActorDep, uow: UowDep,
                      version: VersionQuery = None) -> ProgrammePublic:
    """Archive: the programme keeps its runs and decisions and cannot be run again."""
    return ProgrammePublic.of(services.archive_programme(uow, actor, pid, True, version))


@router.post("/{pid:path}/restore", response_model=ProgrammePublic, responses=CONFLICT)
def restore_programme(pid: str, actor: ActorDep, uow: UowDep,
                      version: VersionQuery = None) -> ProgrammePublic:
    """Bring an archived programme back."""
    return ProgrammePublic.of(services.archive_programme(uow, actor, pid, False, version))


@router.get("/{pid:path}", response_model=ProgrammePublic)
def read_programme(pid: str, actor: ActorDep, uow: UowDep) -> ProgrammePublic:
    return ProgrammePublic.of(services.get_programme(uow, actor, pid))


@router.patch("/{pid:path}", response_model=ProgrammePublic, responses=CONFLICT)
def update_programme(
    pid: str, body: ProgrammeUpdate, actor: ActorDep, uow: UowDep  # type: ignore[valid-type]
) -> ProgrammePublic:
    changes = changes_of(body)
    version = changes.pop("version")
    return ProgrammePublic.of(services.update_programme(uow, actor, pid, changes, version))


@router.delete("/{pid:path}", status_code=status.HTTP_204_NO_CONTENT, responses=CONFLICT)
def delete_programme(
    pid: str,
    actor: ActorDep,
    uow: UowDep,
    version: VersionQuery = None,
) -> Response:
    services.delete_programme(uow, actor, pid, version)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{pid:path}/simulate", response_model=SimulationPublic)
def simulate_programme_rules(pid: str, body: SimulateRequest, actor: ActorDep,
                             uow: UowDep) -> SimulationPublic:
    """What each of the programme's own rules (or the `rules` given) does to one mentee's
    candidates in the bank as stored now; nothing is saved."""
    return SimulationPublic.of(simulate_rules(uow, actor, pid, body.mentee_id, rules=body.rules,
                                              k=body.k))
