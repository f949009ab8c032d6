"""Schemas of the banks' resources: organisations, users, participants, imports, consents,
wishes, programmes, conflicts and the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field

from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    Participant,
    Programme,
    Wish,
    WishLevel,
)
from service.domain import (
    AuditEntry,
    ConsentAction,
    ConsentEvent,
    ImportJob,
    ImportJobStatus,
    Organisation,
    StoredConflict,
    StoredImport,
    StoredParticipant,
    StoredProgramme,
    User,
    UserRole,
)
from service.schemas.base import DB_ID_MAX, DbId, Schema, partial_of
from service.services import FIXED_PARTICIPANT_FIELDS, Change, ImportReport

# --- organisations -------------------------------------------------------------------------------


class OrganisationCreate(Schema):
    name: str = Field(min_length=1, max_length=300)
    region: str = Field("", max_length=300)


class OrganisationUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=300)
    region: str | None = Field(None, max_length=300)


class PartnerCreate(Schema):
    name: str = Field(min_length=1, max_length=300,
                      description="The partner's name; registered if it is not yet")


class OrganisationPublic(BaseModel):
    id: int
    name: str
    region: str
    bank_version: int = Field(description="Grows on every change to the organisation's bank")

    @classmethod
    def of(cls, org: Organisation) -> OrganisationPublic:
        return cls(id=org.id, name=org.name, region=org.region, bank_version=org.bank_version)


class BankPublic(BaseModel):
    organisation_id: int
    bank_version: int
    bank: Bank


# --- users ---------------------------------------------------------------------------------------


class UserCreate(Schema):
    login: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=1, max_length=200,
                          description="At least 10 characters, not a common password")
    full_name: str = Field("", max_length=200)
    role: UserRole
    organisation_id: DbId | None = None


class UserUpdate(Schema):
    """Fields left out stay as they are; `organisation_id: null` detaches the user."""

    full_name: str | None = Field(None, max_length=200)
    password: str | None = Field(None, min_length=1, max_length=200,
                                 description="At least 10 characters, not a common password")
    current_password: str | None = Field(
        None, max_length=200, description="Required to change one's own password")
    role: UserRole | None = None
    organisation_id: DbId | None = None
    is_active: bool | None = None


class UserPublic(BaseModel):
    id: int
    login: str
    full_name: str
    role: UserRole
    organisation_id: int | None
    is_active: bool

    @classmethod
    def of(cls, user: User) -> UserPublic:
        return cls(id=user.id, login=user.login, full_name=user.full_name, role=user.role,
                   organisation_id=user.organisation_id, is_active=user.is_active)


class ParticipantCreate(Participant):
    """A participant as the domain defines it; `organisation` must be a registered one."""


ParticipantUpdate = partial_of(
    Participant, "ParticipantUpdate", exclude=FIXED_PARTICIPANT_FIELDS,
    doc="Fields to change (others stay; a nested object such as `mentor` is replaced whole); "
        "consents and wishes have their own endpoints.",
)


class ParticipantPublic(Participant):
    organisation_id: int
    version: int
    updated_at: datetime

    @classmethod
    def of(cls, stored: StoredParticipant) -> ParticipantPublic:
        return cls(**stored.participant.model_dump(), organisation_id=stored.organisation_id,
                   version=stored.version, updated_at=stored.updated_at)


class ParticipantPage(BaseModel):
    items: list[ParticipantPublic]
    total: int
    offset: int
    limit: int


class ImportProblem(BaseModel):
    row: int
    column: str
    value: str
    message: str
    severity: str
    participant: str


class FieldChangePublic(BaseModel):
    field: str = Field(description="A participant field; the offer and request field by field "
                                   "(`mentor.capacity_mentees`)")
    before: Any
    after: Any


class PersonChangePublic(BaseModel):
    id: str
    row: int
    name: str
    change: Change = Field(description="added, changed, unchanged or refused (see problems)")
    fields: list[FieldChangePublic] = []


class ImportReportPublic(BaseModel):
    strict: bool
    stored: bool
    preview: bool = Field(False, description="A preview: what the import would do; nothing "
                                             "was stored")
    import_id: int | None = Field(None, description="The applied import, for undo "
                                                    "(POST /imports/{id}/undo)")
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    problems: list[ImportProblem] = Field(
        description="Row 0: a problem not tied to one participant row (e.g. a conflict)")
    conflicts_added: list[str] = Field([], description="Conflicts recorded, as «a — b»")
    conflicts_unchanged: list[str] = []
    changes: list[PersonChangePublic] = Field(
        [], description="Person by person, field by field: what the import did or would do")
    new_partners: list[str] = Field(
        [], description="Organisations registered (in a preview: to be registered) as "
                        "partners of the curator's school")
    unknown_organisations: list[str] = Field(
        [], description="Organisations the file names that are not registered (their rows "
                        "are refused; `register_partners` registers them as partners)")

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportPublic:
        return cls(
            strict=report.strict, stored=report.stored, preview=report.preview,
            import_id=report.import_id, created=report.created,
            updated=report.updated, unchanged=report.unchanged,
            conflicts_added=report.conflicts_added,
            conflicts_unchanged=report.conflicts_unchanged, new_partners=report.new_partners,
            unknown_organisations=report.unknown_organisations,
            problems=[ImportProblem(row=p.row, column=p.column, value=str(p.value),
                                    message=p.message, severity=p.severity,
                                    participant=p.participant) for p in report.problems],
            changes=[PersonChangePublic(
                id=c.pid, row=c.row, name=c.name, change=c.change,
                fields=[FieldChangePublic(field=f.field, before=f.before, after=f.after)
                        for f in c.fields]) for c in report.changes],
        )


class ImportJobPublic(BaseModel):
    """A bank file imported (or previewed) in the background; poll `GET /imports/jobs/{id}`
    until `status` is `done` or `failed`; `report` is then the import's report."""

    id: int
    status: ImportJobStatus
    filename: str
    preview: bool
    done: int = Field(description="Rows processed")
    total: int = Field(description="Rows in the file (0 until it is read)")
    progress: float = Field(ge=0, le=1)
    created_at: datetime
    finished_at: datetime | None
    error: str = ""
    cancel_requested_by: str = Field("", description="Who asked the running job to stop (it "
                                                     "stops between two batches)")
    report: ImportReportPublic | None = None

    @classmethod
    def of(cls, job: ImportJob) -> ImportJobPublic:
        return cls(id=job.id, status=job.status, filename=job.filename, preview=job.preview,
                   done=job.done, total=job.total, progress=job.progress,
                   created_at=job.created_at, finished_at=job.finished_at, error=job.error,
                   cancel_requested_by=job.cancel_requested_by,
                   report=None if job.report is None
                   else ImportReportPublic.model_validate(job.report))


class ImportPublic(BaseModel):
    """An applied import, as listed for undo."""

    id: int
    organisation_id: int | None
    at: datetime
    by: str
    filename: str
    summary: dict[str, int]
    undone_at: datetime | None
    undone_by: str

    @classmethod
    def of(cls, record: StoredImport) -> ImportPublic:
        return cls(id=record.id, organisation_id=record.organisation_id, at=record.at,
                   by=record.by, filename=record.filename, summary=record.summary,
                   undone_at=record.undone_at, undone_by=record.undone_by)


# --- consents and wishes -------------------------------------------------------------------------


class ConsentGive(Schema):
    kind: ConsentKind
    given: date = Field(description="The date on the signed consent")
    note: str = Field("", max_length=500)


class ConsentRevoke(Schema):
    revoked: date
    note: str = Field("", max_length=500)


class ConsentEventPublic(BaseModel):
    id: int | None
    kind: ConsentKind
    action: ConsentAction
    on_date: date
    recorded_at: datetime
    recorded_by: str
    note: str

    @classmethod
    def of(cls, e: ConsentEvent) -> ConsentEventPublic:
        return cls(id=e.id, kind=e.kind, action=e.action, on_date=e.on_date,
                   recorded_at=e.recorded_at, recorded_by=e.recorded_by, note=e.note)


class ConsentsPublic(BaseModel):
    participant_id: str
    version: int
    consents: list[Consent]
    history: list[ConsentEventPublic]


class ConsentChange(BaseModel):
    participant_id: str
    version: int
    consents: list[Consent]
    event: ConsentEventPublic


class WishSet(Schema):
    level: WishLevel
    rank: int | None = Field(None, ge=1, le=DB_ID_MAX)


class WishesPublic(BaseModel):
    participant_id: str
    version: int
    wishes: list[Wish]

    @classmethod
    def of(cls, stored: StoredParticipant) -> WishesPublic:
        return cls(participant_id=stored.pid, version=stored.version,
                   wishes=list(stored.participant.wishes))


# --- programmes ----------------------------------------------------------------------------------


class ProgrammeCreate(Programme):
    """A programme as the domain defines it; `organisation_id` is its owner (a curator's
    own organisation by default; an administrator may leave it empty for a district)."""

    organisation_id: DbId | None = None


ProgrammeUpdate = partial_of(
    Programme, "ProgrammeUpdate", exclude=frozenset({"id"}),
    doc="Fields to change (others stay).",
)


class ProgrammePublic(Programme):
    organisation_id: int | None
    version: int
    updated_at: datetime
    archived_at: datetime | None = None

    @classmethod
    def of(cls, stored: StoredProgramme) -> ProgrammePublic:
        return cls(**stored.programme.model_dump(), organisation_id=stored.organisation_id,
                   version=stored.version, updated_at=stored.updated_at,
                   archived_at=stored.archived_at)


# --- audit ---------------------------------------------------------------------------------------


class AuditEntryPublic(BaseModel):
    id: int | None
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    entity: str
    entity_id: str
    organisation_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @classmethod
    def of(cls, e: AuditEntry) -> AuditEntryPublic:
        return cls(id=e.id, at=e.at, actor=e.actor, actor_id=e.actor_id, action=e.action,
                   entity=e.entity, entity_id=e.entity_id, organisation_id=e.organisation_id,
                   before=e.before, after=e.after)


class AuditPage(BaseModel):
    items: list[AuditEntryPublic]
    total: int
    offset: int
    limit: int


# --- conflicts -----------------------------------------------------------------------------------


class ConflictCreate(Schema):
    a: str = Field(min_length=1, max_length=64, description="A participant of this organisation")
    b: str = Field(min_length=1, max_length=64, description="The other participant")
    note: str = Field("", max_length=500)


class ConflictPublic(BaseModel):
    id: int
    organisation_id: int
    a: str
    b: str
    note: str
    created_at: datetime
    created_by: str

    @classmethod
    def of(cls, c: StoredConflict) -> ConflictPublic:
        return cls(id=c.id, organisation_id=c.organisation_id, a=c.a, b=c.b, note=c.note,
                   created_at=c.created_at, created_by=c.created_by)
