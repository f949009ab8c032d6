"""Programmes: create, read, list, change at a known version, and delete one without runs."""

from __future__ import annotations

import re
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

# The programme's own checks (its model validator) by the field a person corrects to pass them.
CHECK_FIELDS: dict[str, str] = {
    "programme_period": "end", "group_bounds": "group_max", "programme_no_form": "forms",
    "programme_no_kind": "kinds", "weights_zero": "weights",
}
# Stand-ins for fields that failed, so that the programme's own checks still run on the rest.
_STAND_INS: dict[str, Any] = {"id": "x", "start": "2000-01-01", "end": "2000-06-30"}


def programme_errors(exc: ValidationError, data: Mapping[str, Any]) -> list[FieldError]:
    """Every problem of `data` at once, each on the field to correct. Pydantic runs the
    programme's own checks (period, group bounds, forms, kinds) only when every field passed,
    and stops at the first, so they are run again with the failed fields set aside, each
    check's fields set right in turn."""
    errors = _on_fields(field_errors(exc), exc)
    failed = {str(e["loc"][0]) for e in exc.errors() if e["loc"]}
    rest = {k: v for k, v in data.items() if k not in failed}
    if failed & {"start", "end"}:
        rest.update(start=_STAND_INS["start"], end=_STAND_INS["end"])
    if "id" in failed:
        rest["id"] = _STAND_INS["id"]
    seen = {e.field for e in errors}
    for _ in range(len(CHECK_FIELDS)):
        try:
            Programme.model_validate(rest)
            break
        except ValidationError as again:
            fresh = [e for e in _on_fields(field_errors(again), again) if e.field not in seen]
            kinds = {str(e["type"]) for e in again.errors()}
            errors += fresh
            seen |= {e.field for e in fresh}
            if not _set_right(rest, kinds) or not fresh:
                break
    return errors


def _set_right(data: dict[str, Any], kinds: set[str]) -> bool:
    """Set aside the fields behind the programme's own checks in `kinds`; False if none."""
    changed = False
    if "programme_period" in kinds:
        data.update(start=_STAND_INS["start"], end=_STAND_INS["end"])
        changed = True
    if "group_bounds" in kinds:
        data.update(group_min=2, group_max=2)
        changed = True
    if "programme_no_form" in kinds:
        data.pop("forms", None)
        changed = True
    if "programme_no_kind" in kinds:
        data.pop("kinds", None)
        changed = True
    return changed


def _on_fields(errors: list[FieldError], exc: ValidationError) -> list[FieldError]:
    """The programme's own checks moved from the whole form (`body`) to their field."""
    out = []
    for err, raw in zip(errors, exc.errors(), strict=True):
        field = CHECK_FIELDS.get(str(raw["type"]))
        if field is not None and len(raw["loc"]) <= 1:
            err = FieldError(field=field, message=err.message, message_en=err.message_en,
                             value=err.value, row=err.row, severity=err.severity)
        out.append(err)
    return out


# A programme's code is part of its addresses (`/programmes/2026/27`): words of letters,
# digits, `-`, `_` and `.`, joined by single slashes, none of them a route's own word.
CODE = re.compile(r"[\w.-]+(?:/[\w.-]+)*")
RESERVED_WORDS = frozenset({"runs", "preview", "archive", "restore", "delete", "readiness",
                            "new", ".", ".."})

_TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
     "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"],
    strict=True))


def code_from_name(name: str) -> str:
    """A programme code made from its name: «Наставничество 2026/27» -> nastavnichestvo-2026/27
    (Latin letters, digits, hyphens; a slash between digits is kept)."""
    latin = "".join(_TRANSLIT.get(ch, ch) for ch in name.lower())
    latin = re.sub(r"(?<=\d)/(?=\d)", "\0", latin)  # keep 2026/27 as it is written
    words = re.sub(r"[^a-z0-9\0]+", "-", latin).strip("-").replace("\0", "/")
    return words[:64].strip("-/")


def code_problem(pid: str) -> FieldError | None:
    """Why `pid` cannot be a programme's code (a part of its address), or None."""
    parts = pid.split("/")
    if not CODE.fullmatch(pid) or any(part in RESERVED_WORDS for part in parts):
        return field_error("programme.code_chars", "id", value=pid)
    return None


def validate_programme(data: Mapping[str, Any], *, new: bool = True) -> Programme:
    """A programme from plain data; `InvalidData` naming every bad field at once otherwise
    (a new programme's code is checked too: it becomes part of addresses)."""
    problem = code_problem(str(data.get("id", ""))) if new and data.get("id") else None
    try:
        programme = Programme.model_validate(data)
    except ValidationError as exc:
        errors = programme_errors(exc, data)
        if problem and not any(e.field == "id" for e in errors):
            errors.insert(0, problem)
        raise invalid(errors) from exc
    if problem:
        raise invalid([problem])
    return programme


def _validate_programme(data: Mapping[str, Any]) -> Programme:
    return validate_programme(data, new=False)


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
    problem = code_problem(programme.id)
    if problem:
        raise invalid([problem])
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


def archive_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    archived: bool = True,
    expected_version: int | None = None,
    *,
    clock: Clock = utcnow,
) -> StoredProgramme:
    """Archive a programme (kept with its runs and decisions, left off the list, never run
    again) or bring it back (`archived=False`); recorded in the audit."""
    at = clock()
    with uow:
        stored = stored_programme(uow, pid)
        require_write(actor, stored.organisation_id)
        version = stored.version if expected_version is None else expected_version
        check_version("programme", pid, version, stored.version)
        after = uow.programmes.set_archived(pid, at if archived else None, version, at)
        record(uow, actor, "archive" if archived else "restore", "programme", pid,
               stored.organisation_id, programme_json(stored), programme_json(after), at)
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
