"""The audit log, read by administrators."""

from __future__ import annotations

from service.domain import Actor, AuditEntry
from service.repositories import AuditQuery
from service.services.common import require_admin
from service.unit_of_work import AbstractUnitOfWork


def read_audit(
    uow: AbstractUnitOfWork, actor: Actor, query: AuditQuery
) -> tuple[list[AuditEntry], int]:
    require_admin(actor)
    with uow:
        return uow.audit.list(query)
