"""Repository interfaces: what the use cases need from storage, and nothing about SQL.

`service.db.repositories` implements them with SQLAlchemy; `tests/service/fakes.py` keeps them
in memory so the use cases are tested without a database. Both must behave the same, including
the version check that raises `VersionConflict`.
"""

from __future__ import annotations

import abc
import builtins
from dataclasses import dataclass
from datetime import datetime

from matcher.model import Participant, Programme, Proposal, ProposalStatus, Role
from service.domain import (
    AuditEntry,
    ConsentEvent,
    Decision,
    ImportJob,
    ImportJobStatus,
    JsonDict,
    LoginAttempt,
    Organisation,
    RunStage,
    RunStatus,
    StoredConflict,
    StoredImport,
    StoredLink,
    StoredParticipant,
    StoredProgramme,
    StoredProposal,
    StoredRun,
    User,
    UserRole,
)

# The read model's interface and queries live beside; importable from here as before.
from service.view_repositories import ProposalQuery as ProposalQuery
from service.view_repositories import ProposalSlice as ProposalSlice
from service.view_repositories import ProposalSort as ProposalSort
from service.view_repositories import RunViewRepository as RunViewRepository
from service.view_repositories import SummarySlice as SummarySlice


@dataclass(frozen=True)
class ParticipantQuery:
    """Search filters; every one that is set must hold. Text matches are case-insensitive."""

    name: str | None = None  # part of the full name
    role: Role | None = None
    organisation_id: int | None = None
    subject: str | None = None  # one subject, whole
    is_mentor: bool | None = None
    is_mentee: bool | None = None
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True)
class AuditQuery:
    entity: str | None = None
    entity_id: str | None = None
    actor: str | None = None
    organisation_id: int | None = None
    action: str | None = None
    until: datetime | None = None  # entries made at or before this moment
    offset: int = 0
    limit: int = 50


def fold(text: str) -> str:
    """Case- and space-insensitive form of a text for search (ё is searched as е)."""
    return " ".join(text.casefold().replace("ё", "е").split())


def folded_subjects(subjects: tuple[str, ...]) -> str:
    """`("Математика", "Физика")` -> `"|математика|физика|"`, so a LIKE finds whole subjects."""
    return "|" + "|".join(fold(s) for s in subjects) + "|" if subjects else ""


class OrganisationRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, name: str, region: str) -> Organisation: ...

    @abc.abstractmethod
    def get(self, organisation_id: int) -> Organisation | None: ...

    @abc.abstractmethod
    def get_by_name(self, name: str) -> Organisation | None: ...

    @abc.abstractmethod
    def list(self, only: int | None = None) -> list[Organisation]: ...

    @abc.abstractmethod
    def update(self, organisation: Organisation) -> Organisation: ...

    @abc.abstractmethod
    def delete(self, organisation_id: int) -> None: ...

    @abc.abstractmethod
    def bump_bank_version(self, organisation_id: int) -> int:
        """Add one to the organisation's bank version and return the new value."""

    @abc.abstractmethod
    def count(self) -> int: ...

    @abc.abstractmethod
    def partners(self, organisation_id: int) -> builtins.list[Organisation]:
        """The partner organisations whose people join this one's bank, by name."""

    @abc.abstractmethod
    def set_partner(self, organisation_id: int, partner_id: int, linked: bool) -> bool:
        """Link (or unlink) a partner; False if that was already so."""

    @abc.abstractmethod
    def partner_of(self, partner_id: int) -> int:
        """How many organisations list this one as their partner."""


class UserRepository(abc.ABC):
    @abc.abstractmethod
    def add(
        self,
        login: str,
        full_name: str,
        role: UserRole,
        organisation_id: int | None,
        password_hash: str,
    ) -> User: ...

    @abc.abstractmethod
    def get(self, user_id: int) -> User | None: ...

    @abc.abstractmethod
    def get_by_login(self, login: str) -> User | None: ...

    @abc.abstractmethod
    def list(self, organisation_id: int | None = None) -> list[User]: ...

    @abc.abstractmethod
    def update(self, user: User) -> User: ...

    @abc.abstractmethod
    def count(self, organisation_id: int | None = None) -> int: ...


class ParticipantRepository(abc.ABC):
    """People of the banks. An id is unique within its organisation only (two schools may
    both have «T01»), so every look-up names the organisation."""

    @abc.abstractmethod
    def get(self, organisation_id: int, pid: str) -> StoredParticipant | None: ...

    @abc.abstractmethod
    def find(self, pid: str, organisation_ids: builtins.list[int] | None = None
             ) -> builtins.list[StoredParticipant]:
        """Everyone with this id in these organisations (None: in any), in id order."""

    @abc.abstractmethod
    def add(
        self, participant: Participant, organisation_id: int, at: datetime
    ) -> StoredParticipant:
        """Store a new participant at version 1 (`AlreadyExists` if the organisation has
        the id already)."""

    @abc.abstractmethod
    def update(
        self, participant: Participant, organisation_id: int, expected_version: int, at: datetime,
        *, owner: int | None = None,
    ) -> StoredParticipant:
        """Replace the participant stored under `owner` (default: `organisation_id`, where it
        is filed afterwards) if its stored version is `expected_version` (else
        `VersionConflict`, also when two writers race); the new version is one more."""

    @abc.abstractmethod
    def delete(self, organisation_id: int, pid: str, expected_version: int) -> None:
        """Delete if the stored version is `expected_version` (else `VersionConflict`)."""

    @abc.abstractmethod
    def search(self, query: ParticipantQuery) -> tuple[list[StoredParticipant], int]:
        """One page of matches in id order, and how many match in all."""

    @abc.abstractmethod
    def list_for(self, organisation_ids: list[int]) -> list[StoredParticipant]:
        """Everyone in these organisations, in id order (a bank)."""

    @abc.abstractmethod
    def named(self, organisation_id: int, folded_names: builtins.list[str]
              ) -> builtins.list[StoredParticipant]:
        """The organisation's people whose folded full name (`fold`) is one of these."""

    @abc.abstractmethod
    def with_emails(self, organisation_id: int, emails: builtins.list[str]
                    ) -> builtins.list[StoredParticipant]:
        """The organisation's people whose e-mail is one of these, in any letter case."""

    @abc.abstractmethod
    def count(self, organisation_id: int | None = None) -> int: ...


class ConsentEventRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, organisation_id: int, event: ConsentEvent) -> ConsentEvent:
        """Record an event of the organisation's participant `event.participant_id`."""

    @abc.abstractmethod
    def list_for(self, organisation_id: int, pid: str) -> list[ConsentEvent]:
        """A participant's consent history, oldest first."""

    @abc.abstractmethod
    def delete(self, event_ids: list[int]) -> None:
        """Remove these events (an undone import's); unknown ids are ignored."""


class ImportRepository(abc.ABC):
    """Applied imports of bank files, newest first, kept for undo."""

    @abc.abstractmethod
    def add(self, record: StoredImport) -> StoredImport: ...

    @abc.abstractmethod
    def get(self, import_id: int) -> StoredImport | None: ...

    @abc.abstractmethod
    def list(self, organisation_id: int | None, limit: int) -> list[StoredImport]:
        """The latest imports of one organisation (None: of every one)."""

    @abc.abstractmethod
    def mark_undone(self, import_id: int, at: datetime, by: str) -> bool:
        """Mark the import undone; False if it already was (one undo only)."""

    @abc.abstractmethod
    def delete(self, import_ids: builtins.list[int]) -> None:
        """Forget these records (the parts of a background import, once merged into one)."""

    @abc.abstractmethod
    def get_mapping(self, organisation_id: int, signature: str) -> JsonDict | None:
        """The organisation's remembered mapping of a form's columns, if any."""

    @abc.abstractmethod
    def save_mapping(self, organisation_id: int, signature: str, mapping: JsonDict,
                     at: datetime, by: str) -> None:
        """Remember (or replace) the mapping of a form's columns for the organisation."""

    # --- imports in the background ---------------------------------------------------------

    @abc.abstractmethod
    def add_job(self, job: ImportJob) -> ImportJob:
        """Store a new job (its `id` is ignored and assigned)."""

    @abc.abstractmethod
    def get_job(self, job_id: int) -> ImportJob | None: ...

    @abc.abstractmethod
    def set_job(self, job_id: int, *, status: ImportJobStatus, done: int, total: int,
                report: JsonDict | None = None, error: str = "",
                finished_at: datetime | None = None) -> None:
        """Record where the job is (and, when it ends, its report or error)."""


class ProgrammeRepository(abc.ABC):
    @abc.abstractmethod
    def get(self, pid: str) -> StoredProgramme | None: ...

    @abc.abstractmethod
    def add(
        self, programme: Programme, organisation_id: int | None, at: datetime
    ) -> StoredProgramme: ...

    @abc.abstractmethod
    def update(
        self,
        programme: Programme,
        organisation_id: int | None,
        expected_version: int,
        at: datetime,
    ) -> StoredProgramme: ...

    @abc.abstractmethod
    def delete(self, pid: str, expected_version: int) -> None: ...

    @abc.abstractmethod
    def set_archived(self, pid: str, archived_at: datetime | None, expected_version: int,
                     at: datetime) -> StoredProgramme:
        """Archive (a time) or restore (None) at a known version; the version goes up."""

    @abc.abstractmethod
    def list(self, organisation_id: int | None = None) -> list[StoredProgramme]:
        """Programmes of one organisation, or every programme when None."""

    @abc.abstractmethod
    def count(self, organisation_id: int | None = None) -> int: ...


class AuditRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, entry: AuditEntry) -> None: ...

    @abc.abstractmethod
    def list(self, query: AuditQuery) -> tuple[list[AuditEntry], int]:
        """One page, newest first, and the total."""

    @abc.abstractmethod
    def replace_states(self, entry_id: int, before: JsonDict | None,
                       after: JsonDict | None) -> None:
        """Overwrite an entry's states (the retention rule's pseudonyms only)."""


class ConflictRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, organisation_id: int, a: str, b: str, note: str, at: datetime,
            by: str) -> StoredConflict:
        """Store a conflict between participants `a` and `b` (ids in the organisation's
        bank); `AlreadyExists` if the pair (in either order) is recorded already, `NotFound`
        if a participant is not in the bank."""

    @abc.abstractmethod
    def get(self, conflict_id: int) -> StoredConflict | None: ...

    @abc.abstractmethod
    def find(self, organisation_id: int, a: str, b: str) -> StoredConflict | None:
        """The conflict between `a` and `b` of the organisation's bank, in either order."""

    @abc.abstractmethod
    def delete(self, conflict_id: int) -> None: ...

    @abc.abstractmethod
    def list_for(self, organisation_ids: list[int]) -> list[StoredConflict]:
        """Conflicts owned by these organisations, in id order."""


class RunRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, run: StoredRun) -> StoredRun:
        """Store a new run (its `id` is ignored and assigned)."""

    @abc.abstractmethod
    def issue_order(self, run_id: int, at: datetime, by: str) -> None:
        """Mark the finished run's order issued (`NotFound` if it is not finished)."""

    @abc.abstractmethod
    def get(self, run_id: int, *, full: bool = False) -> StoredRun | None:
        """A run; with `full`, its bank, programme, result and decisions too."""

    @abc.abstractmethod
    def list_for(self, programme_id: str) -> list[StoredRun]:
        """The programme's runs, newest first, without their heavy parts."""

    @abc.abstractmethod
    def latest(self, programme_id: str, statuses: frozenset[RunStatus]) -> StoredRun | None:
        """The newest run of the programme in one of `statuses`."""

    @abc.abstractmethod
    def count_for(self, programme_id: str) -> int: ...

    @abc.abstractmethod
    def set_progress(self, run_id: int, stage: RunStage, progress: float) -> None:
        """Record where the running run is (`NotFound` unless it is queued or running)."""

    @abc.abstractmethod
    def set_detail(self, run_id: int, detail: str, detail_en: str) -> None:
        """Record what the running run has done, in words (`NotFound` unless it is active)."""

    @abc.abstractmethod
    def start(self, run_id: int, at: datetime, bank: JsonDict, programme: JsonDict,
              bank_version: str, decisions: dict[str, str]) -> None:
        """Mark the run running with the inputs it read."""

    @abc.abstractmethod
    def finish(self, run_id: int, at: datetime, result: JsonDict, summary: JsonDict) -> None:
        """Store the result of a running run; `NotFound` if it is no longer running (it was
        cancelled or given to another worker meanwhile: its result is dropped)."""

    @abc.abstractmethod
    def fail(self, run_id: int, at: datetime, error: str, error_en: str) -> bool:
        """End a queued or running run as failed (a cancel is one); False if it had ended."""

    @abc.abstractmethod
    def unfinished(self) -> list[StoredRun]:
        """Runs still queued or running (after a restart: interrupted)."""

    @abc.abstractmethod
    def with_snapshot(self) -> list[int]:
        """Ids of the runs that keep a bank snapshot, in id order."""

    @abc.abstractmethod
    def replace_bank(self, run_id: int, bank: JsonDict) -> None:
        """Overwrite a run's bank snapshot (the retention rule's pseudonyms only)."""
    # --- the job queue: claims, heartbeats, recovery ---------------------------------------

    @abc.abstractmethod
    def claim(self, run_id: int, worker: str, at: datetime, stale_before: datetime) -> bool:
        """Take the run for `worker`: if it is queued, or running with no heartbeat since
        `stale_before` (its worker died). Counts an attempt; False if someone else has it or
        it has ended (cancelled, done, failed)."""

    @abc.abstractmethod
    def beat(self, run_id: int, worker: str, at: datetime) -> bool:
        """The worker's heartbeat; False once the run is no longer running for `worker`
        (cancelled, or recovered by someone else): the worker must stop."""

    @abc.abstractmethod
    def stalled(self, stale_before: datetime) -> list[StoredRun]:
        """Running runs with no heartbeat since `stale_before`: their worker died."""

    @abc.abstractmethod
    def requeue(self, run_id: int, stale_before: datetime) -> bool:
        """Put a running run with no heartbeat since `stale_before` back in the queue (its
        worker died); False if it is not running or its worker has beaten since."""

    @abc.abstractmethod
    def set_job(self, run_id: int, job_id: int) -> None:
        """Remember the queue's job of the run (to cancel it)."""


class ProposalRepository(abc.ABC):
    @abc.abstractmethod
    def add_all(self, run_id: int, proposals: list[Proposal], at: datetime) -> None: ...

    @abc.abstractmethod
    def get(self, run_id: int, proposal_id: str) -> StoredProposal | None: ...

    @abc.abstractmethod
    def list_for(self, run_id: int, status: ProposalStatus | None = None
                 ) -> list[StoredProposal]:
        """The run's proposals in the solver's order, optionally of one status."""

    @abc.abstractmethod
    def update(self, stored: StoredProposal, proposal: Proposal, expected_version: int,
               at: datetime, by: str) -> StoredProposal:
        """Replace the proposal (status, reason) if its version is `expected_version`, else
        `VersionConflict`; the new version is one more."""

    @abc.abstractmethod
    def add_decision(self, decision: Decision) -> Decision: ...

    @abc.abstractmethod
    def decisions(self, run_id: int, proposal_id: str | None = None) -> list[Decision]:
        """Decisions on the run (or one proposal of it), oldest first."""


class LinkRepository(abc.ABC):
    @abc.abstractmethod
    def add(self, run_id: int, participant_id: str, at: datetime, by: str, by_id: int | None,
            expires_at: datetime) -> StoredLink:
        """Store a new, unrevoked link and give it its id."""

    @abc.abstractmethod
    def get(self, link_id: int) -> StoredLink | None: ...

    @abc.abstractmethod
    def list_for(self, run_id: int) -> list[StoredLink]:
        """The run's links in id order."""

    @abc.abstractmethod
    def revoke(self, link_id: int, at: datetime, by: str, reason: str) -> StoredLink | None:
        """Revoke one link (a revoked one stays as it was); None if there is no such link."""

    @abc.abstractmethod
    def revoke_all(self, run_id: int, at: datetime, by: str, reason: str) -> int:
        """Revoke every unrevoked link of the run; how many were revoked."""


class LoginAttemptRepository(abc.ABC):
    """Password checks, kept in the database so that every process sees the same count."""

    @abc.abstractmethod
    def add(self, attempt: LoginAttempt) -> None: ...

    @abc.abstractmethod
    def since(self, at: datetime, *, login: str | None = None,
              address: str | None = None) -> list[LoginAttempt]:
        """Attempts made after `at` of this login and/or from this address, oldest first."""

    @abc.abstractmethod
    def forget_before(self, at: datetime) -> int:
        """Delete the attempts made before `at`; how many."""
