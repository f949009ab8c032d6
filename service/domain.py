"""The service's own domain: organisations, users, stored participants, consents, audit.

Plain dataclasses around the matcher's pydantic model; nothing here knows HTTP or SQL. Access
rules live here too, because who may read or change what is a business rule, not a route's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any

# Defined with the lifecycle; re-exported (the `as` says so to mypy) for the service's use.
from matcher.lifecycle import DecisionAction as DecisionAction
from matcher.lifecycle import RecordedAction as RecordedAction
from matcher.model import ConsentKind, Participant, Programme, Proposal, Reason

JsonDict = dict[str, Any]


class UserRole(StrEnum):
    admin = "admin"  # everything, every organisation; reads the audit log
    curator = "curator"  # reads and changes their own organisation only
    viewer = "viewer"  # reads their own organisation (every one if not tied to any)


class ConsentAction(StrEnum):
    given = "given"
    revoked = "revoked"


@dataclass(frozen=True)
class Organisation:
    """A school or college. `bank_version` grows on every change to its bank, so a run can
    record exactly which state of the bank it used."""

    id: int
    name: str
    region: str = ""
    bank_version: int = 0


@dataclass(frozen=True)
class User:
    id: int
    login: str
    full_name: str
    role: UserRole
    organisation_id: int | None
    password_hash: str = field(repr=False)
    is_active: bool = True
    # Raised on sign-out, a new password and blocking: tokens carry the version they were
    # issued at, and a token of an older version no longer signs anyone in.
    token_version: int = 0


@dataclass(frozen=True)
class StoredParticipant:
    """A participant as stored: the domain object, its owner and its version for locking."""

    participant: Participant
    organisation_id: int
    version: int
    updated_at: datetime

    @property
    def pid(self) -> str:
        return self.participant.id


@dataclass(frozen=True)
class StoredProgramme:
    programme: Programme
    organisation_id: int | None
    version: int
    updated_at: datetime
    archived_at: datetime | None = None  # archived: kept with its runs, never run again

    @property
    def pid(self) -> str:
        return self.programme.id


@dataclass(frozen=True)
class ConsentEvent:
    """One consent given or revoked, as recorded; the participant's consents are their sum."""

    participant_id: str
    kind: ConsentKind
    action: ConsentAction
    on_date: date
    recorded_at: datetime
    recorded_by: str
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class AuditEntry:
    """Who changed what and when, with the state before and after (None: did not exist)."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    organisation_id: int | None
    before: JsonDict | None
    after: JsonDict | None
    actor_id: int | None = None
    id: int | None = None


@dataclass(frozen=True)
class Actor:
    """The signed-in user a use case acts for."""

    user_id: int
    login: str
    role: UserRole
    organisation_id: int | None

    @property
    def is_admin(self) -> bool:
        return self.role == UserRole.admin

    def can_read(self, organisation_id: int | None) -> bool:
        """Admins read everything; others their own organisation (a viewer tied to none: all)."""
        if self.is_admin or (self.role == UserRole.viewer and self.organisation_id is None):
            return True
        return organisation_id is not None and organisation_id == self.organisation_id

    def can_write(self, organisation_id: int | None) -> bool:
        """Admins change everything; curators their own organisation; viewers nothing."""
        if self.is_admin:
            return True
        return (
            self.role == UserRole.curator
            and organisation_id is not None
            and organisation_id == self.organisation_id
        )

    @property
    def readable_organisation(self) -> int | None:
        """The one organisation this actor is limited to when reading, or None for all."""
        return None if self.can_read(None) else self.organisation_id


SYSTEM = Actor(user_id=0, login="system", role=UserRole.admin, organisation_id=None)
"""The actor of seeding and other start-up work, recorded as such in the audit log."""


# --- runs, proposals, decisions, conflicts -------------------------------------------------------


class RunStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


class RunStage(StrEnum):
    """Where a running job is; progress is reported within these."""

    queued = "queued"
    loading = "loading"
    scoring = "scoring"
    solving = "solving"
    explaining = "explaining"
    saving = "saving"
    done = "done"
    failed = "failed"


@dataclass(frozen=True)
class StoredRun:
    """One solve of a programme, as stored. The bank, programme and result are JSON (the
    matcher's own models dumped), kept with the run so that documents, why-not and the
    participants' explanations always read the bank the run used."""

    id: int
    programme_id: str
    organisation_id: int | None
    status: RunStatus
    stage: RunStage
    progress: float
    created_at: datetime
    created_by: str
    created_by_id: int | None
    previous_run_id: int | None = None
    bank_version: str = ""
    error: str = ""
    error_en: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    summary: JsonDict | None = None
    # heavy parts, loaded only on request (`RunRepository.get(..., full=True)`)
    bank: JsonDict | None = None
    programme: JsonDict | None = None
    result: JsonDict | None = None
    decisions: dict[str, str] | None = None  # the previous run's statuses this run started from
    # the job queue: the worker running it, its last sign of life, how many times it was
    # started, its queue job, and what it has done in words ("компонента 3 из 17")
    worker: str = ""
    heartbeat_at: datetime | None = None
    attempts: int = 0
    job_id: int | None = None
    detail: str = ""
    detail_en: str = ""
    # the director's order fixing the run's pairs was issued: its decisions stand (no undo)
    order_issued_at: datetime | None = None
    order_issued_by: str = ""

    @property
    def bank_organisations(self) -> list[int]:
        """The organisations whose banks the run read, from its bank version («3:17,5:2»);
        before it started, its programme's owner."""
        heads = [part.split(":", 1)[0] for part in self.bank_version.split(",") if ":" in part]
        ids = [int(h) for h in heads if h.isdigit()]
        return ids or ([] if self.organisation_id is None else [self.organisation_id])


@dataclass(frozen=True)
class StoredProposal:
    """A proposal of a run with its current status and a version for optimistic locking."""

    run_id: int
    proposal: Proposal  # with the current status and its reason
    version: int
    updated_at: datetime
    updated_by: str = ""

    @property
    def pid(self) -> str:
        return str(self.proposal.id)


@dataclass(frozen=True)
class Decision:
    """A curator's decision on a proposal: who, when, from which status to which, and why."""

    run_id: int
    proposal_id: str
    action: RecordedAction  # a decision, or "undo" (it takes back the latest one)
    status_before: str
    status_after: str
    reason: str
    at: datetime
    actor: str
    actor_id: int | None = None
    id: int | None = None


class ImportJobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


@dataclass(frozen=True)
class ImportJob:
    """A bank file imported (or previewed) in the background: rows `done` of `total`, and
    when it ends its report (the API's import report as JSON) or its error."""

    id: int
    organisation_id: int | None
    created_at: datetime
    created_by: str
    created_by_id: int | None
    filename: str
    preview: bool
    status: ImportJobStatus = ImportJobStatus.queued
    done: int = 0
    total: int = 0
    report: JsonDict | None = None
    error: str = ""
    finished_at: datetime | None = None
    # what a worker of any process needs to run it (the file itself is read apart)
    strict: bool = False
    register_partners: bool = False
    programme_id: str | None = None  # its own topics are read beside the built-in taxonomy
    role: str = ""  # the starter's role when they started it
    worker: str = ""  # host:pid:thread of the worker running it
    heartbeat_at: datetime | None = None
    attempts: int = 0  # times a worker took it up (a job whose worker died is resumed once)
    queue_job_id: int | None = None  # the durable queue's job (PostgreSQL)
    cancel_requested_by: str = ""  # who asked a running job to stop between batches

    @property
    def active(self) -> bool:
        return self.status in (ImportJobStatus.queued, ImportJobStatus.running)

    @property
    def progress(self) -> float:
        if self.status == ImportJobStatus.done:
            return 1.0
        return 0.0 if self.total <= 0 else min(self.done / self.total, 1.0)


@dataclass(frozen=True)
class ImportJobBatch:
    """One applied batch of an import job: the file's rows done through it, its applied
    import (None if it changed nothing) and its part of the report."""

    number: int
    done: int
    import_id: int | None
    report: JsonDict


@dataclass(frozen=True)
class StoredImport:
    """One applied import of a bank file, kept so that it can be undone as a whole.

    `changes` is what undo needs: `participants` (each `pid`, `organisation_id`, the
    `before` record or None if the import created them, and the `version` the import left),
    the ids of the `consent_events` and `conflicts` it added, and the `organisations` whose
    banks it changed. `summary` holds the counts shown in lists."""

    id: int
    organisation_id: int | None  # the importing curator's organisation (None: an administrator)
    at: datetime
    by: str
    filename: str
    summary: JsonDict
    changes: JsonDict
    undone_at: datetime | None = None
    undone_by: str = ""


@dataclass(frozen=True)
class StoredConflict:
    """A pair the curator recorded as impossible; it belongs to the first person's
    organisation and is part of that organisation's bank."""

    id: int
    organisation_id: int
    a: str
    b: str
    note: str
    created_at: datetime
    created_by: str


@dataclass(frozen=True)
class StoredLink:
    """A participant's link to their explanation of a run, as stored so that it can be
    revoked: who made it and when, until when it works, and who revoked it and why."""

    id: int
    run_id: int
    participant_id: str
    created_at: datetime
    created_by: str
    expires_at: datetime
    created_by_id: int | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    reason: str = ""

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class LoginAttempt:
    """One password check: of which login, from which address, when, and whether it passed."""

    login: str
    address: str
    at: datetime
    success: bool


# --- the read model of a finished run -----------------------------------------------------------


@dataclass(frozen=True)
class RunPerson:
    """A person of a run's bank as the run read them (the bank may have changed since)."""

    pid: str
    full_name: str
    role: str  # a `matcher.model.Role` value
    organisation: str


@dataclass(frozen=True)
class ProposalMark:
    """How a rerun's proposal relates to the run it started from: kept, new or changed (with
    why the old one went and whom it replaced). A first run has no marks."""

    mark: str  # "kept", "new", "changed"
    reason: Reason | None = None
    before: str = ""  # a changed proposal: «mentor → mentees» of the one it replaced


# A card's top reasons, stored with the run so pages never re-read the breakdown:
# (component, value, reason in Russian, in English), and per mentee (id, pair score, reasons).
TopReason = tuple[str, float, str, str]
MenteeTop = tuple[str, float, tuple[TopReason, ...]]


@dataclass(frozen=True)
class ProposalFacts:
    """What a proposal is filtered and sorted by, with the names of its people at run time."""

    proposal_id: str
    position: int
    form: str
    kind: str
    score: float
    mentor_name: str
    names: tuple[str, ...]  # the mentor's, then each mentee's
    organisations: tuple[str, ...]
    mark: ProposalMark | None = None
    mentor: str = ""
    mentees: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    top: tuple[MenteeTop, ...] = ()


@dataclass(frozen=True)
class ProposalSummary:
    """A row of a proposals list: what the list shows of a proposal with its current status,
    read from the read model's columns (never the stored JSON with its score breakdown)."""

    run_id: int
    proposal_id: str
    mentor: str
    mentor_name: str
    mentees: tuple[str, ...]
    mentee_names: tuple[str, ...]
    form: str
    kind: str
    topics: tuple[str, ...]
    score: float
    status: str
    status_reason: str
    version: int
    updated_at: datetime
    updated_by: str
    top: tuple[MenteeTop, ...] = ()  # empty for runs finished before it was stored


@dataclass(frozen=True)
class UnmatchedEntry:
    """A mentee the run left without (enough) mentors, with their name at run time."""

    mentee: str
    full_name: str
    role: str
    reasons: tuple[Reason, ...]
    suggestions: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class EndedEntry:
    """A proposal of the previous run the rerun ended: «mentor → mentees» and why."""

    proposal_id: str
    names: str
    reason: Reason
    was: str = ""  # its status when the rerun started: confirmed or locked pairs were promised


# --- the papers a school files (plans, its real numbers, order settings) ---------------------


@dataclass(frozen=True)
class StoredPlan:
    """The curator's edit of one pair's or group's personalised programme. Kept by programme
    and the solver's proposal id, which is stable across reruns for the same mentor, kind and
    mentees, so the edit follows the pair from run to run."""

    programme_id: str
    proposal_id: str
    organisation_id: int | None
    data: JsonDict  # `matcher.reports.plans.edit_to_json`
    version: int
    updated_at: datetime
    updated_by: str = ""


@dataclass(frozen=True)
class SchoolYear:
    """An organisation's real numbers for one school year (`year` is the year it starts in:
    2026 is 2026/2027) and its own targets where it has set them."""

    organisation_id: int
    year: int
    data: JsonDict  # `matcher.reports.targets.numbers_to_json`
    updated_at: datetime
    updated_by: str = ""


@dataclass(frozen=True)
class OrderSettings:
    """What an organisation's orders say by default: regulations, number, director, curator."""

    organisation_id: int
    data: JsonDict  # `matcher.reports.order.OrderSettings` as JSON
    updated_at: datetime
    updated_by: str = ""
