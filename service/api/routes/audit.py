"""The audit log: every change, who made it and when, before and after. Administrators only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from service import services
from service.api.deps import DB_ID_MAX, ActorDep, IdQuery, SettingsDep, UowDep
from service.repositories import AuditQuery
from service.schemas import AuditEntryPublic, AuditPage

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=AuditPage)
def read_audit(
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    entity: str | None = None,
    entity_id: str | None = None,
    user: Annotated[str | None, Query(description="Login of who made the change")] = None,
    organisation_id: IdQuery = None,
    offset: Annotated[int, Query(ge=0, le=DB_ID_MAX)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=DB_ID_MAX)] = None,
) -> AuditPage:
    """Newest first."""
    size = min(limit or settings.default_page_size, settings.max_page_size)
    query = AuditQuery(entity=entity, entity_id=entity_id, actor=user,
                       organisation_id=organisation_id, offset=offset, limit=size)
    items, total = services.read_audit(uow, actor, query)
    return AuditPage(items=[AuditEntryPublic.of(e) for e in items], total=total,
                     offset=offset, limit=size)
