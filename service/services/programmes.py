"""Programmes: create, read, list, change at a known version, and delete one without runs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from matcher.messages import message
from matcher.model import Programme
from matcher.topics import topic_clashes
from service.domain import Actor, StoredProgramme
from service.errors import AlreadyExists, FieldError, NotEmpty, field_error, reason_of
from service.services.common import (
    Clock,
    check_version,
    field_errors,
    forbid,
    invalid,
    organisation_named,
    programme_json,
    record,
    require_read,
    require_write,
    stored_organisation,
    stored_programme,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork


def _validate_programme(data: Mapping[str, Any]) -> Programme:
    try:
        programme = Programme.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from exc
    return programme


def _check_topics(programme: Programme) -> None:
    """A programme topic must not rename a built-in one (it would never be read as its own)."""
    clashes = topic_clashes(programme)
    if clashes:
        raise invalid([FieldError(field="topics", value=name,
                                  message=message("programme_topic_clash", "ru", name=name,
                                                  label=label),
                                  message_en=message("programme_topic_clash", "en", name=name,
                                                     label=label))
                       for name, label in clashes])


def _scoped_programme(
    uow: AbstractUnitOfWork, actor: Actor, programme: Programme, organisation_id: int | None
) -> tuple[Programme, int | None]:
    """The programme as it will be stored and its owner. Everything it names must be
    registered; a curator's programme covers their own organisation and no other; its own
    topics rename no built-in topic."""
    _check_topics(programme)
    if not actor.is_admin:
        organisation_id = actor.organisation_id if organisation_id is None else organisation_id
    require_write(actor, organisation_id)
    names = []
    for i, name in enumerate(programme.organisations):
        names.append(organisation_named(uow, name, f"organisations[{i}]").id)
    if organisation_id is None:
        return programme, None
    own = stored_organisation(uow, organisation_id)
    if not actor.is_admin:
        if any(n != own.id for n in names):
            raise forbid("access.curator_programme_scope")
        if not programme.organisations:
            programme = programme.model_copy(update={"organisations": (own.name,)})
    return programme, organisation_id


def create_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    programme: Programme,
    organisation_id: int | None = None,
    *,
    clock: Clock = utcnow,
) -> StoredProgramme:
    at = clock()
    with uow:
        programme, owner = _scoped_programme(uow, actor, programme, organisation_id)
        if uow.programmes.get(programme.id) is not None:
            raise AlreadyExists(entity="programme", key=programme.id)
        stored = uow.programmes.add(programme, owner, at)
        record(uow, actor, "create", "programme", programme.id, owner, None,
               programme_json(stored), at)
        uow.commit()
    return stored


def get_programme(uow: AbstractUnitOfWork, actor: Actor, pid: str) -> StoredProgramme:
    with uow:
        stored = stored_programme(uow, pid)
    require_read(actor, stored.organisation_id)
    return stored


def list_programmes(uow: AbstractUnitOfWork, actor: Actor) -> list[StoredProgramme]:
    with uow:
        return uow.programmes.list(actor.readable_organisation)


def update_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    clock: Clock = utcnow,
) -> StoredProgramme:
    if "id" in changes:
        raise invalid([field_error("input.programme_id_fixed", "id")])
    at = clock()
    with uow:
        stored = stored_programme(uow, pid)
        require_write(actor, stored.organisation_id)
        check_version("programme", pid, expected_version, stored.version)
        programme = _validate_programme({**stored.programme.model_dump(), **changes})
        programme, owner = _scoped_programme(uow, actor, programme, stored.organisation_id)
        after = uow.programmes.update(programme, owner, expected_version, at)
        record(uow, actor, "update", "programme", pid, owner,
               programme_json(stored), programme_json(after), at)
        uow.commit()
    return after


def delete_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    expected_version: int | None = None,
    *,
    clock: Clock = utcnow,
) -> None:
    at = clock()
    with uow:
        stored = stored_programme(uow, pid)
        require_write(actor, stored.organisation_id)
        version = stored.version if expected_version is None else expected_version
        check_version("programme", pid, version, stored.version)
        runs = uow.runs.count_for(pid)
        if runs:
            raise NotEmpty(entity="programme", key=pid,
                           **reason_of("not_empty.programme_runs", runs=runs))
        uow.programmes.delete(pid, version)
        record(uow, actor, "delete", "programme", pid, stored.organisation_id,
               programme_json(stored), None, at)
        uow.commit()
