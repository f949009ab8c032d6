"""Organisations (schools and colleges): create, list, read, rename or move, delete when empty
(only administrators change them); and the partners of each (an enterprise, a college, a
university) whose people join its bank as outside mentors (its curator keeps that list).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from service.domain import Actor, Organisation
from service.errors import AlreadyExists, NotEmpty, NotFound, field_error, reason_of
from service.i18n import LANGS, message
from service.services.common import (
    Clock,
    invalid,
    organisation_json,
    record,
    require_admin,
    require_read,
    require_write,
    stored_organisation,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork


def create_organisation(
    uow: AbstractUnitOfWork, actor: Actor, name: str, region: str = "", *, clock: Clock = utcnow
) -> Organisation:
    require_admin(actor)
    name = name.strip()
    with uow:
        if uow.organisations.get_by_name(name) is not None:
            raise AlreadyExists(entity="organisation", key=name)
        org = uow.organisations.add(name, region.strip())
        record(uow, actor, "create", "organisation", str(org.id), org.id, None,
               organisation_json(org), clock())
        uow.commit()
    return org


def list_organisations(uow: AbstractUnitOfWork, actor: Actor) -> list[Organisation]:
    with uow:
        return uow.organisations.list(only=actor.readable_organisation)


def get_organisation(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int) -> Organisation:
    with uow:
        org = stored_organisation(uow, organisation_id)
    require_read(actor, org.id)
    return org


def update_organisation(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    *,
    name: str | None = None,
    region: str | None = None,
    clock: Clock = utcnow,
) -> Organisation:
    """Rename or move an organisation; a rename is carried into its participants' records."""
    require_admin(actor)
    at = clock()
    with uow:
        before = stored_organisation(uow, organisation_id)
        new_name = before.name if name is None else name.strip()
        other = uow.organisations.get_by_name(new_name)
        if other is not None and other.id != before.id:
            raise AlreadyExists(entity="organisation", key=new_name)
        after = uow.organisations.update(replace(
            before, name=new_name, region=before.region if region is None else region.strip()
        ))
        if after.name != before.name:
            for stored in uow.participants.list_for([after.id]):
                moved = stored.participant.model_copy(update={"organisation": after.name})
                uow.participants.update(moved, after.id, stored.version, at)
            uow.organisations.bump_bank_version(after.id)
            after = stored_organisation(uow, after.id)
        record(uow, actor, "update", "organisation", str(after.id), after.id,
               organisation_json(before), organisation_json(after), at)
        uow.commit()
    return after


def delete_organisation(
    uow: AbstractUnitOfWork, actor: Actor, organisation_id: int, *, clock: Clock = utcnow
) -> None:
    """Delete an empty organisation; one with participants, users or programmes is kept."""
    require_admin(actor)
    with uow:
        org = stored_organisation(uow, organisation_id)
        held = {
            "held.participants": uow.participants.count(org.id),
            "held.users": uow.users.count(org.id),
            "held.programmes": uow.programmes.count(org.id),
            "held.partner_of": uow.organisations.partner_of(org.id),
        }
        if any(held.values()):
            listed = {lang: ", ".join(f"{message(k, lang)}: {v}" for k, v in held.items() if v)
                      for lang in LANGS}
            raise NotEmpty(entity="organisation", key=org.name,
                           **reason_of("not_empty.organisation_holds", held=listed["ru"],
                                       held_en=listed["en"]))
        uow.organisations.delete(org.id)
        record(uow, actor, "delete", "organisation", str(org.id), org.id,
               organisation_json(org), None, clock())
        uow.commit()


# --- partners: organisations whose people join a school's bank as outside mentors ----------------


def list_partners(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int
                  ) -> list[Organisation]:
    """The partner organisations of one the actor may read."""
    require_read(actor, organisation_id)
    with uow:
        stored_organisation(uow, organisation_id)
        return uow.organisations.partners(organisation_id)


def link_partner(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int, name: str,
                 at: datetime) -> Organisation:
    """Within the caller's transaction: make the organisation `name` (registered now if it is
    not yet) a partner of `organisation_id`, recorded in the audit log."""
    name = " ".join(name.split())
    partner = uow.organisations.get_by_name(name)
    if partner is None:
        partner = uow.organisations.add(name, "")
        record(uow, actor, "create", "organisation", str(partner.id), partner.id, None,
               organisation_json(partner), at)
    if partner.id == organisation_id:
        raise invalid([field_error("input.partner_itself", "name", value=name)])
    if uow.organisations.set_partner(organisation_id, partner.id, True):
        record(uow, actor, "add_partner", "organisation", str(organisation_id),
               organisation_id, None, {"partner_id": partner.id, "partner": partner.name}, at)
    return partner


def add_partner(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int, name: str,
                *, clock: Clock = utcnow) -> Organisation:
    """Register a partner of an organisation by name (an administrator, or the curator of
    that organisation); an unknown name is registered as a new organisation."""
    require_write(actor, organisation_id)
    with uow:
        stored_organisation(uow, organisation_id)
        partner = link_partner(uow, actor, organisation_id, name, clock())
        uow.commit()
    return partner


def remove_partner(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int,
                   partner_id: int, *, clock: Clock = utcnow) -> None:
    """Stop a partnership; the people already in the bank stay (nothing is deleted)."""
    require_write(actor, organisation_id)
    with uow:
        if not uow.organisations.set_partner(organisation_id, partner_id, False):
            raise NotFound(entity="organisation", key=str(partner_id))
        record(uow, actor, "remove_partner", "organisation", str(organisation_id),
               organisation_id, {"partner_id": partner_id}, None, clock())
        uow.commit()
