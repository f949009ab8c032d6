"""Applied imports: the list a curator sees, and undo of one import as a whole.

Undo puts every person the import touched back as they were before it (a person it created is
removed), and removes the consent events and conflicts it added. It is refused, changing
nothing, when any of those people has been changed since (undo would lose that change) or the
import was already undone.
"""

from __future__ import annotations

from matcher.model import Participant
from service.domain import Actor, JsonDict, StoredImport
from service.errors import ImportAlreadyUndone, NotFound, VersionConflict
from service.services.common import (
    Clock,
    participant_json,
    record,
    require_read,
    require_write,
    utcnow,
)
from service.services.imports import require_import
from service.unit_of_work import AbstractUnitOfWork

LIST_LIMIT = 20


def list_imports(uow: AbstractUnitOfWork, actor: Actor,
                 limit: int = LIST_LIMIT) -> list[StoredImport]:
    """The latest applied imports the actor may see: their organisation's (all for those
    tied to none)."""
    with uow:
        return uow.imports.list(actor.organisation_id, limit)


def _stored_import(uow: AbstractUnitOfWork, actor: Actor, import_id: int) -> StoredImport:
    found = uow.imports.get(import_id)
    if found is None or not actor.can_read(found.organisation_id):
        raise NotFound(entity="import", key=str(import_id))
    return found


def undo_import(uow: AbstractUnitOfWork, actor: Actor, import_id: int,
                clock: Clock = utcnow) -> StoredImport:
    """Undo an applied import as a whole (see the module docstring); the undone record."""
    require_import(actor)
    at = clock()
    with uow:
        found = _stored_import(uow, actor, import_id)
        changes = found.changes
        for org_id in changes.get("organisations", []):
            require_read(actor, org_id)
            require_write(actor, org_id)
        if found.undone_at is not None:
            raise ImportAlreadyUndone(key=str(import_id), at=found.undone_at.date().isoformat())
        people: list[JsonDict] = changes.get("participants", [])
        for person in people:
            current = uow.participants.get(person["organisation_id"], person["pid"])
            actual = 0 if current is None else current.version
            if actual != person["version"]:
                raise VersionConflict(entity="participant", key=person["pid"],
                                      expected=person["version"], actual=actual)
        uow.consents.delete(list(changes.get("consent_events", [])))
        for conflict_id in changes.get("conflicts", []):
            uow.conflicts.delete(conflict_id)
        for person in reversed(people):
            current = uow.participants.get(person["organisation_id"], person["pid"])
            assert current is not None  # checked above, in this transaction
            before = person["before"]
            if before is None:
                uow.participants.delete(person["organisation_id"], person["pid"],
                                        person["version"])
                restored = None
            else:
                data = {k: v for k, v in before.items() if not k.startswith("_")}
                restored = participant_json(uow.participants.update(
                    Participant.model_validate(data), person["organisation_id"],
                    person["version"], at))
            record(uow, actor, "import_undo", "participant", person["pid"],
                   person["organisation_id"], participant_json(current), restored, at)
        for org_id in changes.get("organisations", []):
            uow.organisations.bump_bank_version(org_id)
        if not uow.imports.mark_undone(import_id, at, actor.login):
            raise ImportAlreadyUndone(key=str(import_id), at=at.date().isoformat())
        record(uow, actor, "import_undo", "import", str(import_id), found.organisation_id,
               found.summary, None, at)
        undone = uow.imports.get(import_id)
        uow.commit()
    assert undone is not None
    return undone
