"""Questionnaire exports: the mapping of a form's columns to our template, remembered per
organisation (by the form's signature), so the second export of the same form needs none."""

from __future__ import annotations

from service.domain import Actor, JsonDict
from service.services.common import Clock, utcnow
from service.services.imports import require_import
from service.unit_of_work import AbstractUnitOfWork


def remembered_mapping(uow: AbstractUnitOfWork, actor: Actor, signature: str
                       ) -> JsonDict | None:
    """The mapping the actor's organisation confirmed for this form, if any."""
    if actor.organisation_id is None:
        return None
    with uow:
        return uow.imports.get_mapping(actor.organisation_id, signature)


def remember_mapping(uow: AbstractUnitOfWork, actor: Actor, signature: str, mapping: JsonDict,
                     *, clock: Clock = utcnow) -> None:
    """Remember the mapping a curator confirmed, for their organisation's next export."""
    require_import(actor)
    if actor.organisation_id is None:
        return
    with uow:
        uow.imports.save_mapping(actor.organisation_id, signature, mapping, clock(),
                                 actor.login)
        uow.commit()
