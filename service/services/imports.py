"""Banks and import: read the stored bank of some organisations for a run, and store the
participants and conflicts read from a bank file, merging and never wiping.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError

from matcher.bank_io.checks import consent_warnings
from matcher.bank_io.merge import apply_row, field_changes, merge_consents
from matcher.bank_io.rows import error_key
from matcher.errors import RowProblem
from matcher.messages import message
from matcher.model import Bank, Conflict, Participant
from matcher.model.contact import email_key
from service.domain import (
    Actor,
    ConsentAction,
    ConsentEvent,
    JsonDict,
    Organisation,
    StoredImport,
    StoredParticipant,
    UserRole,
)
from service.errors import FieldError, ImportRejected, field_error
from service.i18n import pydantic_message
from service.repositories import fold
from service.services.common import (
    Clock,
    conflict_json,
    consent_events_for,
    forbid,
    invalid,
    participant_json,
    record,
    require_read,
    stored_organisation,
    utcnow,
)
from service.services.organisations import link_partner
from service.unit_of_work import AbstractUnitOfWork


@dataclass(frozen=True)
class BankSnapshot:
    """The bank of some organisations as stored now (participants and the conflicts their
    curators recorded), with the version of each, so a run can record exactly what it used
    (`"3:17,5:2"`: organisation 3 at version 17, ...)."""

    bank: Bank
    versions: dict[int, int]

    @property
    def version_tag(self) -> str:
        return ",".join(f"{k}:{v}" for k, v in sorted(self.versions.items()))


def load_bank(
    uow: AbstractUnitOfWork, actor: Actor, organisation_ids: list[int]
) -> BankSnapshot:
    for org_id in organisation_ids:
        require_read(actor, org_id)
    with uow:
        versions = {o: stored_organisation(uow, o).bank_version for o in organisation_ids}
        stored = uow.participants.list_for(organisation_ids)
        recorded = uow.conflicts.list_for(organisation_ids)
    ids = {s.pid for s in stored}
    if len(ids) < len(stored):  # ids are per organisation: a joint bank needs them distinct
        counts = Counter(s.pid for s in stored)
        shared = sorted(pid for pid, n in counts.items() if n > 1)
        raise invalid([field_error("run.ids_shared", "organisations", ids=", ".join(shared[:10]))])
    conflicts = tuple(Conflict(a=c.a, b=c.b, note=c.note) for c in recorded
                      if c.a in ids and c.b in ids)
    return BankSnapshot(
        Bank(participants=tuple(s.participant for s in stored), conflicts=conflicts), versions
    )


@dataclass(frozen=True)
class ParsedRow:
    """One participant read from a bank file, with the row it came from, the column keys
    the row fills (`given`; None: every field, a whole record) and those it clears with «—»
    (see `matcher.bank_io.merge`)."""

    row: int
    participant: Participant
    given: frozenset[str] | None = None
    cleared: frozenset[str] = frozenset()


class Change(StrEnum):
    """What an import does to one person."""

    added = "added"
    changed = "changed"
    unchanged = "unchanged"
    refused = "refused"


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class PersonChange:
    """One person in the preview (or the result) of an import, field by field."""

    pid: str
    row: int
    name: str
    change: Change
    fields: tuple[FieldChange, ...] = ()


@dataclass
class ImportReport:
    """What an import did (or, in a preview, would do): counts, every problem with its row
    and column, and the change of each person field by field."""

    strict: bool
    stored: bool = False
    preview: bool = False
    import_id: int | None = None  # the applied import, for undo
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    conflicts_added: list[str] = field(default_factory=list)  # "T02 — T06"
    conflicts_unchanged: list[str] = field(default_factory=list)
    changes: list[PersonChange] = field(default_factory=list)
    new_partners: list[str] = field(default_factory=list)  # registered as the school's partners
    unknown_organisations: list[str] = field(default_factory=list)  # refused rows' organisations

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


def require_import(actor: Actor) -> None:
    """Refuse an actor who may not import (a viewer) — checked before the file is parsed,
    so a viewer cannot make the server do the expensive part."""
    if actor.role == UserRole.viewer:
        raise forbid("access.viewer_read_only")


@dataclass
class _Planned:
    """One row that will be stored: its organisation, the stored record and the result."""

    item: ParsedRow
    org_id: int
    existing: StoredParticipant | None
    after: Participant


def import_participants(
    uow: AbstractUnitOfWork,
    actor: Actor,
    rows: list[ParsedRow],
    problems: list[RowProblem],
    *,
    strict: bool,
    conflicts: tuple[Conflict, ...] = (),
    clock: Clock = utcnow,
    preview: bool = False,
    column: Callable[[str], str] | None = None,
    filename: str = "",
    register_partners: bool = False,
) -> ImportReport:
    """Store the participants read from a bank file (the good rows; `problems` are the
    reader's findings): new participants are created, known ones updated.

    A re-import never loses data: a field the row does not give (a column missing from the
    file, an empty cell) keeps its stored value; only «—» clears one; consents are merged,
    never dropped. Rows are refused (with a problem naming row and column) when their
    organisation is not registered or not the curator's, their id belongs to another
    organisation, or the merged record breaks a rule. In strict mode any error stores nothing
    (`ImportRejected`); otherwise the good rows are stored. Nothing is ever deleted.

    `preview` stores nothing and returns what the import would do, person by person and field
    by field. An applied import is recorded (`import_id`) so it can be undone as a whole.
    `column` names a column key as the file wrote it: with it, consent warnings are judged
    on each person as they will be stored (a re-import without consent columns warns of
    nothing that is not missing).

    A curator's file may hold the people of the school's partner organisations (outside
    mentors): they join the school's bank. An organisation not registered refuses its rows,
    naming it; with `register_partners` it is registered as a partner of the curator's school
    (listed in `new_partners`, the preview included) and its rows are imported.

    `conflicts` (pairs the file records as impossible) are stored with the organisation of
    their first participant; both must be stored or in this file, and the first writable by
    the actor. A conflict already recorded is left as it is.
    """
    require_import(actor)
    at = clock()
    report = ImportReport(strict=strict, preview=preview, problems=list(problems))
    with uow:
        home = actor.organisation_id
        partners = ({o.id for o in uow.organisations.partners(home)}
                    if home is not None and actor.can_write(home) else None)
        plan = [planned for item in rows
                if (planned := _plan_row(uow, actor, item, report, column, partners,
                                         register_partners)) is not None]
        owners = {planned.item.participant.id: planned.org_id for planned in plan}
        conflict_plan = _plan_conflicts(uow, actor, conflicts, owners, report)
        if column is not None:
            for planned in plan:
                report.problems.extend(consent_warnings(
                    planned.item.row, planned.after, at.date(), column))
        report.problems.extend(duplicate_warnings(uow, plan, column))
        _describe(report, plan)
        if preview:
            report.conflicts_added = [f"{c.a} — {c.b}" for org_id, c in conflict_plan
                                      if uow.conflicts.find(org_id, c.a, c.b) is None]
            return report
        if report.errors and strict:
            raise ImportRejected(errors=import_field_errors(report.problems),
                                 count=len(report.errors))
        for name in report.new_partners:
            assert home is not None  # only a school's curator registers partners
            link_partner(uow, actor, home, name, at)
        changes = _apply(uow, actor, plan, conflict_plan, report, at)
        if report.created or report.updated or report.conflicts_added:
            summary = {"created": len(report.created), "updated": len(report.updated),
                       "conflicts_added": len(report.conflicts_added)}
            stored_import = uow.imports.add(StoredImport(
                id=0, organisation_id=actor.organisation_id, at=at, by=actor.login,
                filename=filename[:300], summary=summary, changes=changes))
            report.import_id = stored_import.id
        uow.commit()
    report.stored = bool(report.created or report.updated or report.conflicts_added)
    return report


def _plan_row(
    uow: AbstractUnitOfWork, actor: Actor, item: ParsedRow, report: ImportReport,
    column: Callable[[str], str] | None, partners: set[int] | None, register_partners: bool,
) -> _Planned | None:
    """The row's organisation and the record it will leave; None (with a problem) if the
    row is refused."""
    p = item.participant
    org = uow.organisations.get_by_name(p.organisation)
    owner = _owner(actor, org, partners)
    problem = None
    if org is None and partners is not None and register_partners:
        owner = actor.organisation_id  # the file's new partner, registered on apply
        if p.organisation not in report.new_partners:
            report.new_partners.append(p.organisation)
    elif org is None:
        if p.organisation not in report.unknown_organisations:
            report.unknown_organisations.append(p.organisation)
        problem = ("organisation", p.organisation,
                   message("import.unknown_organisation", name=p.organisation))
    elif owner is None:
        problem = ("organisation", p.organisation,
                   "можно загружать только участников своей организации")
    if problem is not None or owner is None:
        key, value, text = problem or ("organisation", p.organisation, "")
        report.problems.append(RowProblem(item.row, key, value, text, participant=p.id))
        return None
    # ids are the bank's own: the same id in another organisation's bank is another person
    existing = uow.participants.get(owner, p.id)
    if existing is None:
        return _Planned(item, owner, None, p)
    data = apply_row(existing.participant, p, item.given, item.cleared)
    try:
        merged = Participant.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            key = error_key(err["loc"], data, err)
            report.problems.append(RowProblem(
                item.row, column(key) if column else key, "",
                message("import.merged_invalid", error=pydantic_message(dict(err), "ru")),
                participant=p.id))
        return None
    return _Planned(item, owner, existing, merged)


def duplicate_warnings(
    uow: AbstractUnitOfWork, plan: list[_Planned], column: Callable[[str], str] | None = None,
) -> list[RowProblem]:
    """A person whose full name and birth year (if new), or e-mail (if new or changed), the
    bank already keeps under another id: a warning naming that id (two rows of one file are
    the reader's warning, `matcher.bank_io.checks`). Only the bank the row joins is compared:
    another organisation's people stay unseen."""
    out: list[RowProblem] = []
    new = [planned for planned in plan if planned.existing is None]
    names: dict[int, list[str]] = {}
    for planned in new:
        names.setdefault(planned.org_id, []).append(fold(planned.after.full_name))
    stored = {(org, fold(s.participant.full_name), s.participant.birth_year): s.pid
              for org, folded in names.items() for s in uow.participants.named(org, folded)}
    key_column = column("full_name") if column else "full_name"
    warned: set[str] = set()
    for planned in new:
        p = planned.after
        other = stored.get((planned.org_id, fold(p.full_name), p.birth_year))
        if other is not None and other != p.id:
            text = message("import.duplicate_in_bank", other=other,
                           reason=message("import.same_name_and_year"),
                           reason_en=message("import.same_name_and_year", "en"))
            out.append(RowProblem(planned.item.row, key_column, p.full_name, text,
                                  severity="warning", participant=p.id))
            warned.add(p.id)
    out.extend(_email_duplicates(uow, plan, column, warned))
    return out


def _email_duplicates(
    uow: AbstractUnitOfWork, plan: list[_Planned], column: Callable[[str], str] | None,
    warned: set[str],
) -> list[RowProblem]:
    """Rows whose address (new, or changed by this file) another id of the same bank keeps."""
    changed = [planned for planned in plan if planned.after.email and (
        planned.existing is None
        or email_key(planned.existing.participant.email) != email_key(planned.after.email))]
    emails: dict[int, list[str]] = {}
    for planned in changed:
        emails.setdefault(planned.org_id, []).append(planned.after.email)
    stored: dict[tuple[int, str], list[str]] = {}
    for org, wanted in emails.items():
        for s in uow.participants.with_emails(org, wanted):
            stored.setdefault((org, email_key(s.participant.email)), []).append(s.pid)
    key_column = column("email") if column else "email"
    out: list[RowProblem] = []
    for planned in changed:
        p = planned.after
        others = [o for o in stored.get((planned.org_id, email_key(p.email)), []) if o != p.id]
        if others and p.id not in warned:
            text = message("import.duplicate_in_bank", other=", ".join(sorted(others)),
                           reason=message("import.same_email", email=p.email),
                           reason_en=message("import.same_email", "en", email=p.email))
            out.append(RowProblem(planned.item.row, key_column, p.email, text,
                                  severity="warning", participant=p.id))
    return out


def _owner(actor: Actor, org: Organisation | None, partners: set[int] | None) -> int | None:
    """The organisation whose bank a row joins: its own if the actor may write it, else the
    actor's school if the row's organisation is one of its partners (an outside mentor)."""
    if org is None:
        return None
    if actor.can_write(org.id):
        return org.id
    if partners is not None and org.id in partners:
        return actor.organisation_id
    return None


def _describe(report: ImportReport, plan: list[_Planned]) -> None:
    """Each person's change, field by field; refused rows from the errors."""
    planned_ids = set()
    for planned in plan:
        p, existing = planned.after, planned.existing
        planned_ids.add(p.id)
        if existing is None:
            report.created.append(p.id)
            report.changes.append(PersonChange(p.id, planned.item.row, p.full_name, Change.added))
            continue
        fields = tuple(FieldChange(*c) for c in field_changes(existing.participant, p))
        kind = Change.changed if fields else Change.unchanged
        (report.updated if fields else report.unchanged).append(p.id)
        report.changes.append(PersonChange(p.id, planned.item.row, p.full_name, kind, fields))
    seen: set[str] = set()
    for problem in report.errors:
        pid = problem.participant
        if pid and problem.row and pid not in planned_ids and pid not in seen:
            seen.add(pid)
            report.changes.append(PersonChange(pid, problem.row, "", Change.refused))
    report.changes.sort(key=lambda c: c.row)


def _apply(
    uow: AbstractUnitOfWork, actor: Actor, plan: list[_Planned],
    conflict_plan: list[tuple[int, Conflict]], report: ImportReport, at: datetime,
) -> JsonDict:
    """Write the plan; return what undo needs (see `StoredImport.changes`)."""
    touched: set[int] = set()
    people: list[JsonDict] = []
    event_ids: list[int] = []
    conflict_ids: list[int] = []
    updated = set(report.updated)
    for planned in plan:
        p, existing, org_id = planned.after, planned.existing, planned.org_id
        if existing is None:
            stored = uow.participants.add(p, org_id, at)
            for event in consent_events_for(p.id, p.consents, actor.login, at, "импорт"):
                event_ids.append(_event_id(uow.consents.add(org_id, event)))
            record(uow, actor, "import_create", "participant", p.id, org_id, None,
                   participant_json(stored), at)
        elif p.id in updated:
            _, added, revoked = merge_consents(existing.participant.consents,
                                               planned.item.participant.consents)
            stored = uow.participants.update(p, org_id, existing.version, at)
            for c in added:
                event_ids.append(_event_id(uow.consents.add(org_id, ConsentEvent(
                    p.id, c.kind, ConsentAction.given, c.given, at, actor.login, "импорт"))))
            for c in added + revoked:
                if c.revoked is not None:
                    event_ids.append(_event_id(uow.consents.add(org_id, ConsentEvent(
                        p.id, c.kind, ConsentAction.revoked, c.revoked, at, actor.login,
                        "импорт"))))
            record(uow, actor, "import_update", "participant", p.id, org_id,
                   participant_json(existing), participant_json(stored), at)
        else:
            continue
        people.append({"pid": p.id, "organisation_id": org_id, "version": stored.version,
                       "before": participant_json(existing)})
        touched.add(org_id)
    for org_id, conflict in conflict_plan:
        key = f"{conflict.a} — {conflict.b}"
        if uow.conflicts.find(org_id, conflict.a, conflict.b) is not None:
            report.conflicts_unchanged.append(key)
            continue
        stored_conflict = uow.conflicts.add(org_id, conflict.a, conflict.b, conflict.note, at,
                                            actor.login)
        conflict_ids.append(stored_conflict.id)
        report.conflicts_added.append(key)
        record(uow, actor, "import_create", "conflict", str(stored_conflict.id), org_id,
               None, conflict_json(stored_conflict), at)
        touched.add(org_id)
    for org_id in sorted(touched):
        uow.organisations.bump_bank_version(org_id)
    return {"participants": people, "consent_events": event_ids, "conflicts": conflict_ids,
            "organisations": sorted(touched)}


def _event_id(event: ConsentEvent) -> int:
    assert event.id is not None, "a stored consent event has an id"
    return event.id


def _plan_conflicts(
    uow: AbstractUnitOfWork,
    actor: Actor,
    conflicts: tuple[Conflict, ...],
    owners: dict[str, int],
    report: ImportReport,
) -> list[tuple[int, Conflict]]:
    """The conflicts of a file that can be stored, with their organisation; the others are
    reported as problems (row 0: a file's conflicts have no participant row)."""
    out: list[tuple[int, Conflict]] = []
    home = actor.organisation_id
    for c in conflicts:
        # a conflict is within one bank (ids are the bank's own): the first person's
        org_a = owners.get(c.a)
        if org_a is None:
            found = ([] if home is None else uow.participants.find(c.a, [home])) or (
                uow.participants.find(c.a) if actor.readable_organisation is None else [])
            org_a = found[0].organisation_id if len(found) == 1 else None
        in_bank = org_a is not None and (
            owners.get(c.b) == org_a or uow.participants.get(org_a, c.b) is not None)
        if org_a is None or not in_bank:
            missing = c.a if org_a is None else c.b
            problem = f"участник {missing} не найден ни в банке, ни в файле"
        elif not actor.can_write(org_a):
            problem = "можно записывать конфликты только участников своей организации"
        else:
            out.append((org_a, c))
            continue
        value = f"{c.a} — {c.b}"
        report.problems.append(RowProblem(0, "conflicts", value, problem, participant=c.a))
    return out


def import_field_errors(problems: list[RowProblem]) -> list[FieldError]:
    return [
        FieldError(field=p.column, message=p.message, row=p.row, value=p.value,
                   severity=p.severity)
        for p in problems
    ]
