"""Banks and import: read the stored bank of some organisations for a run, and store the
participants and conflicts read from a bank file, merging and never wiping.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from matcher.errors import RowProblem
from matcher.model import Bank, Conflict, Consent, Participant
from service.domain import Actor, ConsentAction, ConsentEvent, StoredParticipant, UserRole
from service.errors import FieldError, ImportRejected
from service.services.common import (
    Clock,
    conflict_json,
    consent_events_for,
    forbid,
    participant_json,
    record,
    require_read,
    stored_organisation,
    utcnow,
    validate_participant,
)
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
    conflicts = tuple(Conflict(a=c.a, b=c.b, note=c.note) for c in recorded
                      if c.a in ids and c.b in ids)
    return BankSnapshot(
        Bank(participants=tuple(s.participant for s in stored), conflicts=conflicts), versions
    )


@dataclass(frozen=True)
class ParsedRow:
    """One participant read from a bank file, with the row it came from."""

    row: int
    participant: Participant


@dataclass
class ImportReport:
    """What an import did: counts, and every problem with its row and column."""

    strict: bool
    stored: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    conflicts_added: list[str] = field(default_factory=list)  # "T02 — T06"
    conflicts_unchanged: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


def merge_consents(
    stored: tuple[Consent, ...], incoming: tuple[Consent, ...]
) -> tuple[tuple[Consent, ...], list[Consent], list[Consent]]:
    """Stored consents plus what a file adds: new consents, and revocations of stored ones.
    Nothing stored is dropped, so an older file cannot silently undo a revocation."""
    merged = list(stored)
    added: list[Consent] = []
    revoked: list[Consent] = []
    for c in incoming:
        same = next(
            (i for i, s in enumerate(merged) if s.kind == c.kind and s.given == c.given), None
        )
        if same is None:
            merged.append(c)
            added.append(c)
        elif merged[same].revoked is None and c.revoked is not None:
            merged[same] = c
            revoked.append(c)
    return tuple(merged), added, revoked


def require_import(actor: Actor) -> None:
    """Refuse an actor who may not import (a viewer) — checked before the file is parsed,
    so a viewer cannot make the server do the expensive part."""
    if actor.role == UserRole.viewer:
        raise forbid("access.viewer_read_only")


def import_participants(
    uow: AbstractUnitOfWork,
    actor: Actor,
    rows: list[ParsedRow],
    problems: list[RowProblem],
    *,
    strict: bool,
    conflicts: tuple[Conflict, ...] = (),
    clock: Clock = utcnow,
) -> ImportReport:
    """Store the participants read from a bank file (the good rows; `problems` are the
    reader's findings): new participants are created, known ones updated.

    Rows are refused (with a problem naming row and column) when their organisation is not
    registered or not the curator's, or their id belongs to another organisation. In strict
    mode any error stores nothing (`ImportRejected`); otherwise the good rows are stored.
    Nothing is ever deleted, and consents are merged, never dropped.

    `conflicts` (pairs the file records as impossible) are stored with the organisation of
    their first participant; both must be stored or in this file, and the first writable by
    the actor. A conflict already recorded is left as it is.
    """
    require_import(actor)
    at = clock()
    report = ImportReport(strict=strict, problems=list(problems))
    with uow:
        plan: list[tuple[ParsedRow, int, StoredParticipant | None]] = []
        for item in rows:
            p = item.participant
            problem = None
            org = uow.organisations.get_by_name(p.organisation)
            existing = uow.participants.get(p.id)
            if org is None:
                problem = ("organisation", p.organisation,
                           f"организация «{p.organisation}» не зарегистрирована")
            elif not actor.can_write(org.id):
                problem = ("organisation", p.organisation,
                           "можно загружать только участников своей организации")
            elif existing is not None and existing.organisation_id != org.id:
                problem = ("id", p.id, "этот код уже занят участником другой организации")
            if problem is not None or org is None:
                column, value, message = problem or ("organisation", p.organisation, "")
                report.problems.append(RowProblem(item.row, column, value, message,
                                                  participant=p.id))
                continue
            plan.append((item, org.id, existing))
        owners = {item.participant.id: org_id for item, org_id, _ in plan}
        conflict_plan = _plan_conflicts(uow, actor, conflicts, owners, report)
        if report.errors and strict:
            raise ImportRejected(errors=import_field_errors(report.problems),
                                 count=len(report.errors))
        touched: set[int] = set()
        for item, org_id, existing in plan:
            p = item.participant
            if existing is None:
                stored = uow.participants.add(p, org_id, at)
                for event in consent_events_for(p.id, p.consents, actor.login, at, "импорт"):
                    uow.consents.add(event)
                report.created.append(p.id)
                record(uow, actor, "import_create", "participant", p.id, org_id, None,
                       participant_json(stored), at)
                touched.add(org_id)
                continue
            consents, added, revoked = merge_consents(existing.participant.consents, p.consents)
            merged = validate_participant({**p.model_dump(), "consents": consents})
            if merged == existing.participant:
                report.unchanged.append(p.id)
                continue
            stored = uow.participants.update(merged, org_id, existing.version, at)
            for c in added:
                uow.consents.add(ConsentEvent(p.id, c.kind, ConsentAction.given, c.given, at,
                                              actor.login, "импорт"))
            for c in added + revoked:
                if c.revoked is not None:
                    uow.consents.add(ConsentEvent(p.id, c.kind, ConsentAction.revoked,
                                                  c.revoked, at, actor.login, "импорт"))
            report.updated.append(p.id)
            record(uow, actor, "import_update", "participant", p.id, org_id,
                   participant_json(existing), participant_json(stored), at)
            touched.add(org_id)
        for org_id, conflict in conflict_plan:
            key = f"{conflict.a} — {conflict.b}"
            if uow.conflicts.find(conflict.a, conflict.b) is not None:
                report.conflicts_unchanged.append(key)
                continue
            stored_conflict = uow.conflicts.add(org_id, conflict.a, conflict.b, conflict.note, at,
                                                actor.login)
            report.conflicts_added.append(key)
            record(uow, actor, "import_create", "conflict", str(stored_conflict.id), org_id,
                   None, conflict_json(stored_conflict), at)
            touched.add(org_id)
        for org_id in sorted(touched):
            uow.organisations.bump_bank_version(org_id)
        uow.commit()
    report.stored = bool(report.created or report.updated or report.conflicts_added)
    return report


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
    for c in conflicts:
        orgs: list[int | None] = []
        for pid in (c.a, c.b):
            if pid in owners:
                orgs.append(owners[pid])
            else:
                stored = uow.participants.get(pid)
                orgs.append(None if stored is None else stored.organisation_id)
        org_a, org_b = orgs
        if org_a is None or org_b is None:
            missing = c.a if org_a is None else c.b
            problem = f"участник {missing} не найден ни в банке, ни в файле"
        elif not actor.can_write(org_a) or not actor.can_read(org_b):
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
