"""API schemas, one family per resource (Create, Update, Public), so that storage details
never leak into responses. Participant and programme bodies are the domain models themselves,
so the API cannot drift from what the matcher accepts; Update schemas are derived from them
(every field optional) for the same reason.
"""

from __future__ import annotations

from copy import copy
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

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
    Organisation,
    StoredParticipant,
    StoredProgramme,
    User,
    UserRole,
)
from service.services import FIXED_PARTICIPANT_FIELDS, ImportReport


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- errors and auth -----------------------------------------------------------------------------


class ErrorItem(BaseModel):
    field: str = Field(description="Поле (или столбец файла) с ошибкой, например `mentor.forms`")
    message: str
    location: str | None = Field(None, description="body, query, path, header или file")
    row: int | None = Field(None, description="Строка файла (заголовок — строка 1)")
    value: str | None = None
    severity: str = "error"


class ErrorBody(BaseModel):
    """Every 4xx answer: a stable code, a text for people and the fields at fault."""

    code: str
    detail: str
    errors: list[ErrorItem] = []


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds")


# --- organisations -------------------------------------------------------------------------------


class OrganisationCreate(Schema):
    name: str = Field(min_length=1, max_length=300)
    region: str = Field("", max_length=300)


class OrganisationUpdate(Schema):
    name: str | None = Field(None, min_length=1, max_length=300)
    region: str | None = Field(None, max_length=300)


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
    password: str = Field(min_length=8, max_length=200)
    full_name: str = Field("", max_length=200)
    role: UserRole
    organisation_id: int | None = None


class UserUpdate(Schema):
    """Fields left out stay as they are; `organisation_id: null` detaches the user."""

    full_name: str | None = Field(None, max_length=200)
    password: str | None = Field(None, min_length=8, max_length=200)
    role: UserRole | None = None
    organisation_id: int | None = None
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


# --- participants --------------------------------------------------------------------------------


def partial_of(
    model: type[BaseModel], name: str, *, exclude: frozenset[str], doc: str
) -> type[BaseModel]:
    """A schema with `model`'s fields, all optional (constraints kept), plus a required
    `version`: the body of a PATCH with optimistic locking."""
    fields: dict[str, Any] = {
        "version": (int, Field(ge=1, description="The version you read; 409 if it is stale")),
    }
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        optional = copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation | None, optional)
    schema = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    schema.__doc__ = doc
    return schema


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


class ImportReportPublic(BaseModel):
    strict: bool
    stored: bool
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    problems: list[ImportProblem] = Field(
        description="Row 0: the reader does not say which row a participant came from")

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportPublic:
        return cls(
            strict=report.strict, stored=report.stored, created=report.created,
            updated=report.updated, unchanged=report.unchanged,
            problems=[ImportProblem(row=p.row, column=p.column, value=str(p.value),
                                    message=p.message, severity=p.severity,
                                    participant=p.participant) for p in report.problems],
        )


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
    rank: int | None = Field(None, ge=1)


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

    organisation_id: int | None = None


ProgrammeUpdate = partial_of(
    Programme, "ProgrammeUpdate", exclude=frozenset({"id"}),
    doc="Fields to change (others stay).",
)


class ProgrammePublic(Programme):
    organisation_id: int | None
    version: int
    updated_at: datetime

    @classmethod
    def of(cls, stored: StoredProgramme) -> ProgrammePublic:
        return cls(**stored.programme.model_dump(), organisation_id=stored.organisation_id,
                   version=stored.version, updated_at=stored.updated_at)


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
