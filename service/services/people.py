"""One person of a bank as the person page shows and edits them: every field as the bank
template's cells (so a form and a file read the same way, `matcher.bank_io`), and their
history from the audit log. Consents, wishes and conflicts change through their own use cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matcher.bank_io.cells import text
from matcher.bank_io.columns import BASE_COLUMNS, BY_KEY
from matcher.bank_io.merge import apply_row
from matcher.bank_io.rows import RowReader, write_row
from matcher.errors import RowProblem
from matcher.model import Participant
from matcher.topics import Taxonomy, taxonomy, using_taxonomy
from service.domain import Actor, AuditEntry, StoredParticipant
from service.errors import FieldError, field_error
from service.repositories import AuditQuery
from service.services.common import (
    Clock,
    bank_taxonomy,
    invalid,
    stored_participant,
    utcnow,
)
from service.services.participants import (
    FIXED_PARTICIPANT_FIELDS,
    create_participant,
    update_participant,
)
from service.unit_of_work import AbstractUnitOfWork

# The cells a person form shows: every column of the template but the wishes (consents and
# wishes have their own forms on the page, so their history stays complete).
FORM_KEYS: tuple[str, ...] = tuple(c.key for c in BASE_COLUMNS if c.key != "wishes")
CLEAR = "—"


def person_cells(person: Participant | None, topics: Taxonomy | None = None
                 ) -> dict[str, str]:
    """The form's cells of a person as our template writes them (empty for a new one), topics
    by the labels of `topics` (`bank_topics`: with the bank's programmes' own topics)."""
    with using_taxonomy(topics or taxonomy()):
        cells = {} if person is None else write_row(person)
    return {key: text(cells.get(key)) for key in FORM_KEYS}


def bank_topics(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int | None
                ) -> Taxonomy:
    """The topics a person of this bank (the actor's own when None) may hold: the built-in
    ones and its programmes' own (see `common.bank_taxonomy`)."""
    organisation_id = organisation_id or actor.organisation_id
    if organisation_id is None:
        return taxonomy()
    with uow:
        return bank_taxonomy(uow, organisation_id)


def _problems(problems: list[RowProblem]) -> list[FieldError]:
    return [FieldError(field=p.column, message=p.message, value=p.value)
            for p in problems if p.severity == "error"]


def create_person(
    uow: AbstractUnitOfWork, actor: Actor, cells: Mapping[str, str], *, clock: Clock = utcnow,
) -> StoredParticipant:
    """Add a person from the form's cells, read as a bank file's row is; `InvalidData` naming
    each bad cell by its column."""
    given = {k: v.strip() for k, v in cells.items() if k in FORM_KEYS and v.strip()}
    if not given.get("id"):
        given.pop("id", None)
    # read as the curator's bank reads topics (create_participant checks the bank it joins)
    with using_taxonomy(bank_topics(uow, actor, None)):
        parsed = RowReader({}).read(1, given)
    errors = _problems(parsed.problems)
    if not given.get("id"):
        errors.insert(0, field_error("input.person_id_missing", BY_KEY["id"].header, value=""))
    if errors or parsed.participant is None:
        raise invalid(errors)
    return create_participant(uow, actor, parsed.participant, clock=clock)


def edit_person(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, cells: Mapping[str, str], version: int,
    *, organisation_id: int | None = None, clock: Clock = utcnow,
) -> StoredParticipant:
    """Change a person from the form's cells at the version the form was filled from: a cell
    left as it was changes nothing, an emptied cell clears its field (as «—» does in a file),
    consents and wishes are not touched. `VersionConflict` if someone saved in between."""
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        topics = bank_taxonomy(uow, stored.organisation_id)
    before = person_cells(stored.participant, topics)
    row: dict[str, str] = {"id": pid}
    for key in FORM_KEYS:
        if key == "id" or key not in cells:
            continue
        value = cells[key].strip()
        if value != before[key]:
            row[key] = value or CLEAR
    with using_taxonomy(topics):
        parsed = RowReader({}).read(1, {**{k: v for k, v in before.items() if v}, **row})
    errors = _problems(parsed.problems)
    if errors or parsed.participant is None:
        raise invalid(errors)
    cleared = frozenset(k for k, v in row.items() if v == CLEAR)
    # the reader's mentor/mentee clears follow from the cells (see RowReader.read)
    cleared |= parsed.cleared
    data = apply_row(stored.participant, parsed.participant, parsed.given, cleared)
    old = stored.participant.model_dump()
    changes: dict[str, Any] = {k: v for k, v in data.items()
                               if k not in FIXED_PARTICIPANT_FIELDS and v != old.get(k)}
    if not changes:
        return stored
    return update_participant(uow, actor, pid, changes, version,
                              organisation_id=stored.organisation_id, clock=clock)


def participant_history(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, organisation_id: int | None = None,
    *, limit: int = 200,
) -> tuple[StoredParticipant, list[AuditEntry]]:
    """The person and what the audit log holds of them in their bank (imports, edits,
    consents, wishes, undo), newest first: whoever may read the person may read this."""
    with uow:
        stored = stored_participant(uow, actor, pid, organisation_id)
        entries, _ = uow.audit.list(AuditQuery(entity="participant", entity_id=pid,
                                               organisation_id=stored.organisation_id,
                                               limit=limit))
    return stored, entries
