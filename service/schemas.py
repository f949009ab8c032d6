"""API schemas, one family per resource (Create, Update, Public), so that storage details
never leak into responses. Participant and programme bodies are the domain models themselves,
so the API cannot drift from what the matcher accepts; Update schemas are derived from them
(every field optional) for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from copy import copy
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    Form,
    Kind,
    PairScore,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    Wish,
    WishLevel,
)
from matcher.reports.coverage import (
    Coverage,
    MentorLoad,
    PairRow,
    Report,
    ScoreStats,
    UnmatchedRow,
)
from service.domain import (
    AuditEntry,
    ConsentAction,
    ConsentEvent,
    Decision,
    DecisionAction,
    Organisation,
    RunPerson,
    RunStage,
    RunStatus,
    StoredConflict,
    StoredParticipant,
    StoredProgramme,
    StoredProposal,
    StoredRun,
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
    password: str = Field(min_length=1, max_length=200,
                          description="At least 10 characters, not a common password")
    full_name: str = Field("", max_length=200)
    role: UserRole
    organisation_id: int | None = None


class UserUpdate(Schema):
    """Fields left out stay as they are; `organisation_id: null` detaches the user."""

    full_name: str | None = Field(None, max_length=200)
    password: str | None = Field(None, min_length=1, max_length=200,
                                 description="At least 10 characters, not a common password")
    current_password: str | None = Field(
        None, max_length=200, description="Required to change one's own password")
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
        if info.annotation is None:  # pydantic fills it for every declared field
            raise TypeError(f"{model.__name__}.{field_name} has no annotation")
        optional = copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation | None, optional)
    schema = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    schema.__doc__ = doc
    return schema


def changes_of(body: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body sets, as values (not dumped: dumping runs the domain's
    serialisers, which a `null` sent for a set-valued field would break; validation against
    the domain model then names the field instead)."""
    return {name: getattr(body, name) for name in body.model_fields_set}


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
        description="Row 0: a problem not tied to one participant row (e.g. a conflict)")
    conflicts_added: list[str] = Field([], description="Conflicts recorded, as «a — b»")
    conflicts_unchanged: list[str] = []

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportPublic:
        return cls(
            strict=report.strict, stored=report.stored, created=report.created,
            updated=report.updated, unchanged=report.unchanged,
            conflicts_added=report.conflicts_added,
            conflicts_unchanged=report.conflicts_unchanged,
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


# --- runs ----------------------------------------------------------------------------------------


class RunStart(Schema):
    """Start a run. By default it reruns the programme's latest finished run (keeping its
    confirmed and locked proposals, excluding rejected pairs); `fresh` ignores earlier runs."""

    previous_run_id: int | None = Field(None, ge=1, description="Rerun this run instead")
    fresh: bool = Field(False, description="Start from nothing, ignoring earlier runs")


class RunAccepted(BaseModel):
    id: int
    status: RunStatus
    previous_run_id: int | None
    url: str = Field(description="Where to follow the run")


class RunPublic(BaseModel):
    id: int
    programme_id: str
    organisation_id: int | None
    status: RunStatus
    stage: RunStage
    progress: float = Field(ge=0, le=1)
    error: str = Field("", description="Why the run failed, for people")
    detail: str = Field("", description="What the running run has done, for people: "
                                        "«оценено наставляемых: 1 200 из 3 000»")
    attempts: int = Field(0, description="How many times a worker started it (a run whose "
                                         "worker died is started once more)")
    previous_run_id: int | None
    bank_version: str = Field(description="Bank versions read: «organisation:version,…»")
    created_at: datetime
    created_by: str
    started_at: datetime | None
    finished_at: datetime | None
    summary: dict[str, Any] | None = Field(
        None, description="proposals, groups, mentees, mentees_covered, unmatched, kept, "
                          "by_status, score_total, score_mean, solver, solve_status, objective, "
                          "gap, wall_time_s")

    @classmethod
    def of(cls, run: StoredRun, lang: str = "ru") -> RunPublic:
        return cls(
            id=run.id, programme_id=run.programme_id, organisation_id=run.organisation_id,
            status=run.status, stage=run.stage, progress=round(run.progress, 4),
            error=(run.error_en or run.error) if lang == "en" else run.error,
            detail=(run.detail_en or run.detail) if lang == "en" else run.detail,
            attempts=run.attempts,
            previous_run_id=run.previous_run_id, bank_version=run.bank_version,
            created_at=run.created_at, created_by=run.created_by, started_at=run.started_at,
            finished_at=run.finished_at, summary=run.summary,
        )


# --- proposals and decisions ---------------------------------------------------------------------


People = Bank | Mapping[str, RunPerson]  # the run's bank, or its people from the read model


def _name(people: People, pid: str) -> str:
    if isinstance(people, Bank):
        return people.by_id[pid].full_name if pid in people.by_id else pid
    return people[pid].full_name if pid in people else pid


class ProposalPublic(BaseModel):
    id: str
    run_id: int
    mentor: str
    mentor_name: str
    mentees: list[str]
    mentee_names: list[str]
    form: Form
    kind: Kind
    topics: list[str]
    score: float
    pairs: list[PairScore] = Field(description="Each mentee's pair score and its breakdown")
    status: ProposalStatus
    status_reason: str
    version: int = Field(description="Send it back with a decision; 409 if it is stale")
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, stored: StoredProposal, bank: People) -> ProposalPublic:
        p = stored.proposal
        return cls(
            id=p.id, run_id=stored.run_id, mentor=p.mentor, mentor_name=_name(bank, p.mentor),
            mentees=list(p.mentees), mentee_names=[_name(bank, e) for e in p.mentees],
            form=p.form, kind=p.kind, topics=list(p.topics), score=p.score, pairs=list(p.pairs),
            status=p.status, status_reason=p.status_reason, version=stored.version,
            updated_at=stored.updated_at, updated_by=stored.updated_by,
        )


class ProposalPage(BaseModel):
    """A page of a run's proposals: `total` pass the filters; `next_cursor` (None on the last
    page) asks for the next page in the same order."""

    items: list[ProposalPublic]
    total: int
    offset: int
    limit: int
    next_cursor: str | None = None


class DecisionBody(Schema):
    version: int = Field(ge=1, description="The proposal's version you read")
    reason: str = Field("", max_length=1000, description="Required to reject or end")


class DecisionPublic(BaseModel):
    id: int | None
    action: DecisionAction
    status_before: ProposalStatus
    status_after: ProposalStatus
    reason: str
    at: datetime
    actor: str

    @classmethod
    def of(cls, d: Decision) -> DecisionPublic:
        return cls(id=d.id, action=d.action, status_before=ProposalStatus(d.status_before),
                   status_after=ProposalStatus(d.status_after), reason=d.reason, at=d.at,
                   actor=d.actor)


class ProposalDecided(BaseModel):
    proposal: ProposalPublic
    decision: DecisionPublic


class ProposalDetail(ProposalPublic):
    decisions: list[DecisionPublic]


class ProposalBrief(BaseModel):
    id: str
    mentor: str
    mentor_name: str
    mentees: list[str]
    mentee_names: list[str]
    kind: Kind
    score: float
    status: ProposalStatus

    @classmethod
    def of(cls, p: Proposal, bank: Bank) -> ProposalBrief:
        return cls(id=p.id, mentor=p.mentor, mentor_name=_name(bank, p.mentor),
                   mentees=list(p.mentees), mentee_names=[_name(bank, e) for e in p.mentees],
                   kind=p.kind, score=p.score, status=p.status)


class ChangedPublic(BaseModel):
    before: ProposalBrief
    after: ProposalBrief
    reason: Reason


class EndedPublic(BaseModel):
    proposal: ProposalBrief
    reason: Reason


class DiffPublic(BaseModel):
    """A rerun against the run it started from (its decisions as they stood then)."""

    run_id: int
    previous_run_id: int | None
    kept: list[ProposalBrief]
    changed: list[ChangedPublic]
    new: list[ProposalBrief]
    ended: list[EndedPublic]


class WhyNotPublic(BaseModel):
    mentee: str
    mentee_name: str
    mentor: str
    mentor_name: str
    allowed: bool = Field(description="False: a hard rule forbids the pair (see reasons)")
    reasons: list[Reason]
    text: str
    pair_score: float | None
    score_loss: float = Field(description="Total score the programme would lose")
    coverage_loss: int = Field(description="Mentees who would be left without a mentor")
    moved: list[str] = Field(description="Mentees whose mentors would change")
    moved_names: list[str]


class UnmatchedPublic(BaseModel):
    mentee: str
    name: str
    reasons: list[Reason]
    suggestions: list[Reason]


class UnmatchedPage(BaseModel):
    items: list[UnmatchedPublic]
    total: int
    offset: int
    limit: int


# --- explanations --------------------------------------------------------------------------------


class LinksCreate(Schema):
    participants: list[str] | None = Field(
        None, max_length=5000,
        description="Participant ids; everyone the run concerns when left out")
    days: int | None = Field(None, ge=1, le=365, description="How long the links stay valid")


class LinkPublic(BaseModel):
    id: int | None = Field(None, description="The stored link's id, for revoking it")
    participant_id: str
    name: str
    token: str
    url: str = Field(description="The API address of the explanation (no sign-in needed)")
    expires_at: datetime


class LinkRecordPublic(BaseModel):
    """A stored link, without its token (the token is shown once, when it is made)."""

    id: int
    participant_id: str
    created_at: datetime
    created_by: str
    expires_at: datetime
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    reason: str = ""


class LinkRevoke(Schema):
    reason: str = Field("", max_length=1000, description="Why (kept in the audit log)")


class LinksRevoked(BaseModel):
    revoked: int = Field(description="How many links were revoked")


class PersonPublic(BaseModel):
    name: str
    role: str


class PairViewPublic(BaseModel):
    partner: PersonPublic
    score: float | None
    reasons: list[str]


class MatchViewPublic(BaseModel):
    as_role: str
    form: str
    kind: str
    status: str
    topics: list[str]
    pairs: list[PairViewPublic]
    group_members: list[PersonPublic]


class ExplanationPublic(BaseModel):
    """One participant's own explanation: their match and why, nothing about others."""

    participant_id: str
    name: str
    lang: str
    programme_name: str
    period_start: date
    period_end: date
    run_created_at: datetime
    matches: list[MatchViewPublic]
    unmatched_reasons: list[str]
    suggestions: list[str]
    notes: list[str]
    text: str


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


# --- reports -------------------------------------------------------------------------------------


class CoveragePublic(BaseModel):
    audience: str
    mentees_total: int
    mentees_covered: int
    mentees_confirmed: int
    people_total: int
    people_involved: int
    target: float
    mentee_share: float | None
    confirmed_share: float | None
    involved_share: float | None
    meets_target: bool | None

    @classmethod
    def of(cls, c: Coverage) -> CoveragePublic:
        return cls(audience=c.audience, mentees_total=c.mentees_total,
                   mentees_covered=c.mentees_covered, mentees_confirmed=c.mentees_confirmed,
                   people_total=c.people_total, people_involved=c.people_involved,
                   target=c.target, mentee_share=c.mentee_share,
                   confirmed_share=c.confirmed_share, involved_share=c.involved_share,
                   meets_target=c.meets_target)


class ReportPublic(BaseModel):
    """The curator's report: coverage against targets, pairs, unmatched and why, load."""

    programme_id: str
    programme_name: str
    period_start: date
    period_end: date
    run_created_at: datetime
    solver_status: str
    coverage: dict[str, CoveragePublic]
    pairs: list[PairRow]
    unmatched: list[UnmatchedRow]
    load: list[MentorLoad]
    load_histogram: dict[int, int]
    proposals_by_form: dict[str, int]
    mentees_by_form: dict[str, int]
    proposals_by_kind: dict[str, int]
    mentees_by_kind: dict[str, int]
    proposals_by_status: dict[str, int]
    scores: ScoreStats

    @classmethod
    def of(cls, r: Report) -> ReportPublic:
        def keyed(d: dict[Any, int]) -> dict[str, int]:
            return {str(k): v for k, v in d.items()}

        return cls(
            programme_id=r.programme_id, programme_name=r.programme_name,
            period_start=r.period[0], period_end=r.period[1], run_created_at=r.run_created_at,
            solver_status=r.solver_status,
            coverage={k: CoveragePublic.of(c) for k, c in r.coverage.items()},
            pairs=list(r.pairs), unmatched=list(r.unmatched), load=list(r.load),
            load_histogram=r.load_histogram, proposals_by_form=keyed(r.proposals_by_form),
            mentees_by_form=keyed(r.mentees_by_form), proposals_by_kind=keyed(r.proposals_by_kind),
            mentees_by_kind=keyed(r.mentees_by_kind),
            proposals_by_status=keyed(r.proposals_by_status), scores=r.scores,
        )
