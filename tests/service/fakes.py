"""In-memory repositories and unit of work: the use cases run on them without a database.

They keep the same contract as the SQLAlchemy ones (ids, versions, `VersionConflict`,
search semantics), and `tests/service/test_repository_contract.py` checks both alike.
"""

from __future__ import annotations

import builtins
import copy
import functools
from dataclasses import replace
from datetime import datetime
from typing import ClassVar

from matcher.model import Participant, Programme, Proposal, ProposalStatus
from matcher.model.contact import email_key
from matcher.solver.alternates import Alternate
from service.aftermatch_repositories import AfterMatchRepository, PairChange, StoredAnswer
from service.domain import (
    AuditEntry,
    ConsentEvent,
    Decision,
    EndedEntry,
    ImportJob,
    ImportJobStatus,
    JsonDict,
    LoginAttempt,
    OrderSettings,
    Organisation,
    ProposalFacts,
    ProposalMark,
    ProposalSummary,
    RunPerson,
    RunStage,
    RunStatus,
    SchoolYear,
    StoredConflict,
    StoredImport,
    StoredLink,
    StoredParticipant,
    StoredPlan,
    StoredProgramme,
    StoredProposal,
    StoredRun,
    UnmatchedEntry,
    User,
    UserRole,
)
from service.errors import AlreadyExists, NotFound, RunInProgress, VersionConflict
from service.paper_repositories import PaperRepository
from service.repositories import (
    AuditQuery,
    AuditRepository,
    ConflictRepository,
    ConsentEventRepository,
    ImportRepository,
    LinkRepository,
    LoginAttemptRepository,
    OrganisationRepository,
    ParticipantQuery,
    ParticipantRepository,
    ProgrammeRepository,
    ProposalQuery,
    ProposalRepository,
    ProposalSlice,
    ProposalSort,
    RunRepository,
    RunViewRepository,
    SummarySlice,
    UserRepository,
    fold,
    folded_subjects,
)
from service.runs.common import ACTIVE
from service.survey_repositories import StoredSurvey, SurveyRepository
from service.unit_of_work import AbstractUnitOfWork


class FakeOrganisations(OrganisationRepository):
    def __init__(self) -> None:
        self.rows: dict[int, Organisation] = {}
        self.links: set[tuple[int, int]] = set()  # (organisation, partner)
        self._last_id = 0

    def add(self, name: str, region: str) -> Organisation:
        if self.get_by_name(name) is not None:
            raise AlreadyExists(entity="organisation", key=name)
        self._last_id += 1
        org = Organisation(self._last_id, name, region, 0)
        self.rows[org.id] = org
        return org

    def get(self, organisation_id: int) -> Organisation | None:
        return self.rows.get(organisation_id)

    def get_by_name(self, name: str) -> Organisation | None:
        return next((o for o in self.rows.values() if o.name == name), None)

    def list(self, only: int | None = None) -> list[Organisation]:
        return [o for k, o in sorted(self.rows.items()) if only is None or k == only]

    def update(self, organisation: Organisation) -> Organisation:
        self.rows[organisation.id] = organisation
        return organisation

    def delete(self, organisation_id: int) -> None:
        self.rows.pop(organisation_id, None)

    def bump_bank_version(self, organisation_id: int) -> int:
        org = self.rows[organisation_id]
        self.rows[organisation_id] = replace(org, bank_version=org.bank_version + 1)
        return org.bank_version + 1

    def count(self) -> int:
        return len(self.rows)

    def partners(self, organisation_id: int) -> builtins.list[Organisation]:
        return sorted((self.rows[p] for o, p in self.links if o == organisation_id),
                      key=lambda o: o.name)

    def partner_of(self, partner_id: int) -> int:
        return sum(p == partner_id for _, p in self.links)

    def set_partner(self, organisation_id: int, partner_id: int, linked: bool) -> bool:
        key = (organisation_id, partner_id)
        if (key in self.links) == linked:
            return False
        if linked:
            self.links.add(key)
        else:
            self.links.discard(key)
        return True


class FakeUsers(UserRepository):
    def __init__(self) -> None:
        self.rows: dict[int, User] = {}
        self._last_id = 0

    def add(self, login: str, full_name: str, role: UserRole, organisation_id: int | None,
            password_hash: str) -> User:
        if self.get_by_login(login) is not None:
            raise AlreadyExists(entity="user", key=login)
        self._last_id += 1
        user = User(self._last_id, login, full_name, role, organisation_id, password_hash)
        self.rows[user.id] = user
        return user

    def get(self, user_id: int) -> User | None:
        return self.rows.get(user_id)

    def get_by_login(self, login: str) -> User | None:
        return next((u for u in self.rows.values() if u.login == login), None)

    def list(self, organisation_id: int | None = None) -> list[User]:
        return [u for u in self.rows.values()
                if organisation_id is None or u.organisation_id == organisation_id]

    def update(self, user: User) -> User:
        self.rows[user.id] = user
        return user

    def count(self, organisation_id: int | None = None) -> int:
        return len(self.list(organisation_id))


class FakeParticipants(ParticipantRepository):
    def __init__(self) -> None:
        # keyed by (organisation id, participant id); insertion order = id order
        self.rows: dict[tuple[int, str], StoredParticipant] = {}

    def get(self, organisation_id: int, pid: str) -> StoredParticipant | None:
        return self.rows.get((organisation_id, pid))

    def find(self, pid: str, organisation_ids: builtins.list[int] | None = None
             ) -> builtins.list[StoredParticipant]:
        return [s for (org, p), s in self.rows.items() if p == pid
                and (organisation_ids is None or org in organisation_ids)]

    def add(self, participant: Participant, organisation_id: int,
            at: datetime) -> StoredParticipant:
        key = (organisation_id, participant.id)
        if key in self.rows:
            raise AlreadyExists(entity="participant", key=participant.id)
        self.rows[key] = StoredParticipant(participant, organisation_id, 1, at)
        return self.rows[key]

    def _check(self, organisation_id: int, pid: str, expected: int) -> StoredParticipant:
        stored = self.rows.get((organisation_id, pid))
        if stored is None:
            raise NotFound(entity="participant", key=pid)
        if stored.version != expected:
            raise VersionConflict(entity="participant", key=pid, expected=expected,
                                  actual=stored.version)
        return stored

    def update(self, participant: Participant, organisation_id: int, expected_version: int,
               at: datetime, *, owner: int | None = None) -> StoredParticipant:
        current = organisation_id if owner is None else owner
        self._check(current, participant.id, expected_version)
        key = (organisation_id, participant.id)
        if current != organisation_id:
            if key in self.rows:
                raise AlreadyExists(entity="participant", key=participant.id)
            del self.rows[(current, participant.id)]
        self.rows[key] = StoredParticipant(participant, organisation_id, expected_version + 1, at)
        return self.rows[key]

    def delete(self, organisation_id: int, pid: str, expected_version: int) -> None:
        self._check(organisation_id, pid, expected_version)
        del self.rows[(organisation_id, pid)]

    def search(self, query: ParticipantQuery) -> tuple[list[StoredParticipant], int]:
        def keep(s: StoredParticipant) -> bool:
            p = s.participant
            return (
                (not query.name or fold(query.name) in fold(p.full_name))
                and (query.role is None or p.role == query.role)
                and (query.organisation_id is None or s.organisation_id == query.organisation_id)
                and (not query.subject
                     or f"|{fold(query.subject)}|" in folded_subjects(p.subjects))
                and (query.is_mentor is None or (p.mentor is not None) == query.is_mentor)
                and (query.is_mentee is None or (p.mentee is not None) == query.is_mentee)
            )

        found = [s for s in self.rows.values() if keep(s)]
        return found[query.offset:query.offset + query.limit], len(found)

    def list_for(self, organisation_ids: list[int]) -> list[StoredParticipant]:
        return [s for s in self.rows.values() if s.organisation_id in organisation_ids]

    def named(self, organisation_id: int, folded_names: builtins.list[str]
              ) -> builtins.list[StoredParticipant]:
        wanted = set(folded_names)
        return [s for s in self.rows.values() if s.organisation_id == organisation_id
                and fold(s.participant.full_name) in wanted]

    def with_emails(self, organisation_id: int, emails: builtins.list[str]
                    ) -> builtins.list[StoredParticipant]:
        wanted = {email_key(e) for e in emails if e}
        return [s for s in self.rows.values() if s.organisation_id == organisation_id
                and s.participant.email and email_key(s.participant.email) in wanted]

    def count(self, organisation_id: int | None = None) -> int:
        return len([s for s in self.rows.values()
                    if organisation_id is None or s.organisation_id == organisation_id])


class FakeConsentEvents(ConsentEventRepository):
    def __init__(self, participants: FakeParticipants) -> None:
        self.participants = participants
        self.rows: list[ConsentEvent] = []
        self.owners: dict[int, int] = {}  # event id -> organisation of its participant

    def add(self, organisation_id: int, event: ConsentEvent) -> ConsentEvent:
        if self.participants.get(organisation_id, event.participant_id) is None:
            raise NotFound(entity="participant", key=event.participant_id)
        stored = replace(event, id=len(self.rows) + 1)
        self.rows.append(stored)
        self.owners[len(self.rows)] = organisation_id
        return stored

    def list_for(self, organisation_id: int, pid: str) -> list[ConsentEvent]:
        return [e for e in self.rows if e.participant_id == pid
                and e.id is not None and self.owners[e.id] == organisation_id]

    def delete(self, event_ids: list[int]) -> None:
        self.rows = [e for e in self.rows if e.id not in set(event_ids)]


class FakeImports(ImportRepository):
    def __init__(self) -> None:
        self.rows: dict[int, StoredImport] = {}
        self.jobs: dict[int, ImportJob] = {}
        self.mappings: dict[tuple[int, str], JsonDict] = {}
        self._last_id = 0

    def add(self, record: StoredImport) -> StoredImport:
        self._last_id += 1
        stored = replace(record, id=self._last_id)
        self.rows[stored.id] = stored
        return stored

    def get(self, import_id: int) -> StoredImport | None:
        return self.rows.get(import_id)

    def list(self, organisation_id: int | None, limit: int) -> list[StoredImport]:
        rows = [r for r in reversed(self.rows.values())
                if organisation_id is None or r.organisation_id == organisation_id]
        return rows[:limit]

    def mark_undone(self, import_id: int, at: datetime, by: str) -> bool:
        record = self.rows.get(import_id)
        if record is None or record.undone_at is not None:
            return False
        self.rows[import_id] = replace(record, undone_at=at, undone_by=by)
        return True

    def delete(self, import_ids: builtins.list[int]) -> None:
        for import_id in import_ids:
            self.rows.pop(import_id, None)

    def get_mapping(self, organisation_id: int, signature: str) -> JsonDict | None:
        return self.mappings.get((organisation_id, signature))

    def save_mapping(self, organisation_id: int, signature: str, mapping: JsonDict,
                     at: datetime, by: str) -> None:
        self.mappings[(organisation_id, signature)] = mapping

    def add_job(self, job: ImportJob) -> ImportJob:
        stored = replace(job, id=len(self.jobs) + 1)
        self.jobs[stored.id] = stored
        return stored

    def get_job(self, job_id: int) -> ImportJob | None:
        return self.jobs.get(job_id)

    def set_job(self, job_id: int, *, status: ImportJobStatus, done: int, total: int,
                report: JsonDict | None = None, error: str = "",
                finished_at: datetime | None = None) -> None:
        job = self.jobs[job_id]
        self.jobs[job_id] = replace(job, status=status, done=done, total=total,
                                    report=job.report if report is None else report,
                                    error=error, finished_at=finished_at)


class FakeProgrammes(ProgrammeRepository):
    def __init__(self) -> None:
        self.rows: dict[str, StoredProgramme] = {}

    def get(self, pid: str) -> StoredProgramme | None:
        return self.rows.get(pid)

    def add(self, programme: Programme, organisation_id: int | None,
            at: datetime) -> StoredProgramme:
        if programme.id in self.rows:
            raise AlreadyExists(entity="programme", key=programme.id)
        self.rows[programme.id] = StoredProgramme(programme, organisation_id, 1, at)
        return self.rows[programme.id]

    def _check(self, pid: str, expected: int) -> None:
        stored = self.rows.get(pid)
        if stored is None:
            raise NotFound(entity="programme", key=pid)
        if stored.version != expected:
            raise VersionConflict(entity="programme", key=pid, expected=expected,
                                  actual=stored.version)

    def update(self, programme: Programme, organisation_id: int | None, expected_version: int,
               at: datetime) -> StoredProgramme:
        self._check(programme.id, expected_version)
        self.rows[programme.id] = StoredProgramme(
            programme, organisation_id, expected_version + 1, at,
            self.rows[programme.id].archived_at)
        return self.rows[programme.id]

    def delete(self, pid: str, expected_version: int) -> None:
        self._check(pid, expected_version)
        del self.rows[pid]

    def set_archived(self, pid: str, archived_at: datetime | None, expected_version: int,
                     at: datetime) -> StoredProgramme:
        self._check(pid, expected_version)
        old = self.rows[pid]
        self.rows[pid] = replace(old, version=expected_version + 1, updated_at=at,
                                 archived_at=archived_at)
        return self.rows[pid]

    def list(self, organisation_id: int | None = None) -> list[StoredProgramme]:
        return [s for s in self.rows.values()
                if organisation_id is None or s.organisation_id == organisation_id]

    def count(self, organisation_id: int | None = None) -> int:
        return len(self.list(organisation_id))


class FakeAudit(AuditRepository):
    def __init__(self) -> None:
        self.rows: list[AuditEntry] = []

    def add(self, entry: AuditEntry) -> None:
        self.rows.append(replace(entry, id=len(self.rows) + 1))

    def list(self, query: AuditQuery) -> tuple[list[AuditEntry], int]:
        found = [
            e for e in reversed(self.rows)
            if (query.entity is None or e.entity == query.entity)
            and (query.entity_id is None or e.entity_id == query.entity_id)
            and (query.actor is None or e.actor == query.actor)
            and (query.organisation_id is None or e.organisation_id == query.organisation_id)
            and (query.action is None or e.action == query.action)
            and (query.until is None or e.at <= query.until)
        ]
        return found[query.offset:query.offset + query.limit], len(found)

    def replace_states(self, entry_id: int, before: JsonDict | None,
                       after: JsonDict | None) -> None:
        self.rows[entry_id - 1] = replace(self.rows[entry_id - 1], before=before, after=after)


class FakeConflicts(ConflictRepository):
    def __init__(self, participants: FakeParticipants) -> None:
        self.participants = participants
        self.rows: dict[int, StoredConflict] = {}
        self._last_id = 0

    def add(self, organisation_id: int, a: str, b: str, note: str, at: datetime,
            by: str) -> StoredConflict:
        for pid in (a, b):
            if self.participants.get(organisation_id, pid) is None:
                raise NotFound(entity="participant", key=pid)
        if self.find(organisation_id, a, b) is not None:
            raise AlreadyExists(entity="conflict", key=f"{a} — {b}")
        self._last_id += 1
        order = list(self.participants.rows)
        first, second = sorted((a, b), key=lambda pid: order.index((organisation_id, pid)))
        self.rows[self._last_id] = StoredConflict(self._last_id, organisation_id, first, second,
                                                  note, at, by)
        return self.rows[self._last_id]

    def get(self, conflict_id: int) -> StoredConflict | None:
        return self.rows.get(conflict_id)

    def find(self, organisation_id: int, a: str, b: str) -> StoredConflict | None:
        return next((c for c in self.rows.values()
                     if c.organisation_id == organisation_id and {c.a, c.b} == {a, b}), None)

    def delete(self, conflict_id: int) -> None:
        self.rows.pop(conflict_id, None)

    def list_for(self, organisation_ids: list[int]) -> list[StoredConflict]:
        return [c for _, c in sorted(self.rows.items())
                if c.organisation_id in organisation_ids
                and self.participants.get(c.organisation_id, c.a) is not None
                and self.participants.get(c.organisation_id, c.b) is not None]


class FakeRuns(RunRepository):
    def __init__(self) -> None:
        self.rows: dict[int, StoredRun] = {}
        self._last_id = 0

    def add(self, run: StoredRun) -> StoredRun:
        active = self.latest(run.programme_id, ACTIVE)
        if active is not None and run.status in ACTIVE:  # the database's unique index
            raise RunInProgress(key=run.programme_id, run=active.id)
        self._last_id += 1
        self.rows[self._last_id] = replace(run, id=self._last_id)
        return self.get(self._last_id)  # type: ignore[return-value]

    def get(self, run_id: int, *, full: bool = False) -> StoredRun | None:
        run = self.rows.get(run_id)
        if run is None or full:
            return run
        return replace(run, bank=None, programme=None, result=None, decisions=None)

    def list_for(self, programme_id: str) -> list[StoredRun]:
        return [self.get(k) for k in sorted(self.rows, reverse=True)  # type: ignore[misc]
                if self.rows[k].programme_id == programme_id]

    def latest(self, programme_id: str, statuses: frozenset[RunStatus]) -> StoredRun | None:
        return next((r for r in self.list_for(programme_id) if r.status in statuses), None)

    def count_for(self, programme_id: str) -> int:
        return len(self.list_for(programme_id))

    def _set(self, run_id: int, *statuses: RunStatus, **changes: object) -> bool:
        if run_id not in self.rows:
            raise NotFound(entity="run", key=str(run_id))
        if statuses and self.rows[run_id].status not in statuses:
            return False
        self.rows[run_id] = replace(self.rows[run_id], **changes)  # type: ignore[arg-type]
        return True

    def _set_one(self, run_id: int, *statuses: RunStatus, **changes: object) -> None:
        if not self._set(run_id, *statuses, **changes):
            raise NotFound(entity="run", key=str(run_id))

    def set_progress(self, run_id: int, stage: RunStage, progress: float) -> None:
        self._set_one(run_id, *ACTIVE, stage=stage, progress=progress)

    def set_detail(self, run_id: int, detail: str, detail_en: str) -> None:
        self._set_one(run_id, *ACTIVE, detail=detail, detail_en=detail_en)

    def start(self, run_id: int, at: datetime, bank: JsonDict, programme: JsonDict,
              bank_version: str, decisions: dict[str, str]) -> None:
        self._set_one(run_id, *ACTIVE, status=RunStatus.running, stage=RunStage.loading,
                      started_at=at, bank=bank, programme=programme, bank_version=bank_version,
                      decisions=decisions)

    def finish(self, run_id: int, at: datetime, result: JsonDict, summary: JsonDict) -> None:
        self._set_one(run_id, RunStatus.running, status=RunStatus.done, stage=RunStage.done,
                      progress=1.0, finished_at=at, result=result, summary=summary, detail="",
                      detail_en="")

    def fail(self, run_id: int, at: datetime, error: str, error_en: str) -> bool:
        return self._set(run_id, *ACTIVE, status=RunStatus.failed, stage=RunStage.failed,
                         finished_at=at, error=error, error_en=error_en)

    def unfinished(self) -> list[StoredRun]:
        return [r for r in self.rows.values()
                if r.status in (RunStatus.queued, RunStatus.running)]

    def with_snapshot(self) -> list[int]:
        return sorted(k for k, r in self.rows.items() if r.started_at is not None)

    def replace_bank(self, run_id: int, bank: JsonDict) -> None:
        self._set(run_id, bank=bank)
    @staticmethod
    def _last(run: StoredRun) -> datetime:
        return run.heartbeat_at or run.started_at or run.created_at

    def claim(self, run_id: int, worker: str, at: datetime, stale_before: datetime) -> bool:
        run = self.rows.get(run_id)
        if run is None or not (run.status == RunStatus.queued or (
                run.status == RunStatus.running and self._last(run) < stale_before)):
            return False
        return self._set(run_id, status=RunStatus.running, worker=worker, heartbeat_at=at,
                         attempts=run.attempts + 1)

    def beat(self, run_id: int, worker: str, at: datetime) -> bool:
        run = self.rows.get(run_id)
        if run is None or run.worker != worker:
            return False
        return self._set(run_id, RunStatus.running, heartbeat_at=at)

    def stalled(self, stale_before: datetime) -> list[StoredRun]:
        return [r for _, r in sorted(self.rows.items())
                if r.status == RunStatus.running and self._last(r) < stale_before]

    def requeue(self, run_id: int, stale_before: datetime) -> bool:
        run = self.rows.get(run_id)
        if run is None or self._last(run) >= stale_before:
            return False
        return self._set(run_id, RunStatus.running, status=RunStatus.queued,
                         stage=RunStage.queued, progress=0.0, worker="", detail="",
                         detail_en="")

    def set_job(self, run_id: int, job_id: int) -> None:
        self._set(run_id, job_id=job_id)

    def issue_order(self, run_id: int, at: datetime, by: str) -> None:
        self._set_one(run_id, RunStatus.done, order_issued_at=at, order_issued_by=by)


class FakeProposals(ProposalRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[int, str], StoredProposal] = {}
        self.history: list[Decision] = []

    def add_all(self, run_id: int, proposals: list[Proposal], at: datetime) -> None:
        for p in proposals:
            self.rows[(run_id, p.id)] = StoredProposal(run_id, p, 1, at)

    def get(self, run_id: int, proposal_id: str) -> StoredProposal | None:
        return self.rows.get((run_id, proposal_id))

    def list_for(self, run_id: int, status: ProposalStatus | None = None
                 ) -> list[StoredProposal]:
        return [s for (r, _), s in self.rows.items()
                if r == run_id and (status is None or s.proposal.status == status)]

    def update(self, stored: StoredProposal, proposal: Proposal, expected_version: int,
               at: datetime, by: str) -> StoredProposal:
        current = self.rows.get((stored.run_id, stored.pid))
        if current is None:
            raise NotFound(entity="proposal", key=stored.pid)
        if current.version != expected_version:
            raise VersionConflict(entity="proposal", key=stored.pid, expected=expected_version,
                                  actual=current.version)
        self.rows[(stored.run_id, stored.pid)] = StoredProposal(
            stored.run_id, proposal, expected_version + 1, at, by)
        return self.rows[(stored.run_id, stored.pid)]

    def add_decision(self, decision: Decision) -> Decision:
        if (decision.run_id, decision.proposal_id) not in self.rows:
            raise NotFound(entity="proposal", key=decision.proposal_id)
        stored = replace(decision, id=len(self.history) + 1)
        self.history.append(stored)
        return stored

    def decisions(self, run_id: int, proposal_id: str | None = None) -> list[Decision]:
        return [d for d in self.history if d.run_id == run_id
                and (proposal_id is None or d.proposal_id == proposal_id)]


class FakeLinks(LinkRepository):
    def __init__(self) -> None:
        self.rows: dict[int, StoredLink] = {}

    def add(self, run_id: int, participant_id: str, at: datetime, by: str, by_id: int | None,
            expires_at: datetime) -> StoredLink:
        link = StoredLink(len(self.rows) + 1, run_id, participant_id, at, by, expires_at, by_id)
        self.rows[link.id] = link
        return link

    def get(self, link_id: int) -> StoredLink | None:
        return self.rows.get(link_id)

    def list_for(self, run_id: int) -> list[StoredLink]:
        return [link for _, link in sorted(self.rows.items()) if link.run_id == run_id]

    def revoke(self, link_id: int, at: datetime, by: str, reason: str) -> StoredLink | None:
        link = self.rows.get(link_id)
        if link is not None and not link.is_revoked:
            self.rows[link_id] = replace(link, revoked_at=at, revoked_by=by, reason=reason)
        return self.rows.get(link_id)

    def revoke_all(self, run_id: int, at: datetime, by: str, reason: str) -> int:
        open_ = [link for link in self.list_for(run_id) if not link.is_revoked]
        for link in open_:
            self.revoke(link.id, at, by, reason)
        return len(open_)


class FakeLoginAttempts(LoginAttemptRepository):
    def __init__(self) -> None:
        self.rows: list[LoginAttempt] = []

    def add(self, attempt: LoginAttempt) -> None:
        self.rows.append(attempt)

    def since(self, at: datetime, *, login: str | None = None,
              address: str | None = None) -> list[LoginAttempt]:
        return sorted((a for a in self.rows if a.at > at
                       and (login is None or a.login == login)
                       and (address is None or a.address == address)), key=lambda a: a.at)

    def forget_before(self, at: datetime) -> int:
        kept = [a for a in self.rows if a.at >= at]
        gone, self.rows = len(self.rows) - len(kept), kept
        return gone


class FakeRunViews(RunViewRepository):
    """The read model in memory; it reads the proposals' status and version from
    `FakeProposals`, as the SQL one joins the proposal rows."""

    REVIEW: ClassVar[dict[ProposalStatus, int]] = {
        ProposalStatus.proposed: 0, ProposalStatus.confirmed: 1, ProposalStatus.locked: 2,
        ProposalStatus.rejected: 3, ProposalStatus.ended: 4}

    def __init__(self, proposals: FakeProposals) -> None:
        self.proposals = proposals
        self.people_rows: dict[tuple[int, str], RunPerson] = {}
        self.facts: dict[tuple[int, str], ProposalFacts] = {}
        self.unmatched_rows: dict[int, list[UnmatchedEntry]] = {}
        self.ended_rows: dict[int, list[EndedEntry]] = {}

    def write(self, run_id: int, people: list[RunPerson], facts: list[ProposalFacts],
              unmatched: list[UnmatchedEntry]) -> None:
        self.people_rows.update({(run_id, p.pid): p for p in people})
        self.facts.update({(run_id, f.proposal_id): f for f in facts})
        self.unmatched_rows[run_id] = list(unmatched)

    def write_changes(self, run_id: int, marks: dict[str, ProposalMark],
                      ended: list[EndedEntry]) -> None:
        for pid, mark in marks.items():
            if (run_id, pid) in self.facts:
                self.facts[(run_id, pid)] = replace(self.facts[(run_id, pid)], mark=mark)
        self.ended_rows[run_id] = self.ended_rows.get(run_id, []) + list(ended)

    def has_changes(self, run_id: int) -> bool:
        return bool(self.ended_rows.get(run_id)) or any(
            f.mark is not None for (r, _), f in self.facts.items() if r == run_id)

    def _passes(self, s: StoredProposal, f: ProposalFacts, q: ProposalQuery) -> bool:
        names = "|" + "|".join(fold(n) for n in f.names) + "|"
        orgs = {fold(o) for o in f.organisations}
        return ((q.status is None or s.proposal.status == q.status)
                and (q.form is None or f.form == q.form.value)
                and (q.kind is None or f.kind == q.kind.value)
                and (not q.organisation or fold(q.organisation) in orgs)
                and (not q.name or fold(q.name) in names)
                and (q.score_min is None or f.score >= q.score_min)
                and (q.score_max is None or f.score <= q.score_max)
                and (q.ids is None or s.pid in q.ids)
                and (not q.changed or (f.mark is not None and f.mark.mark in ("changed", "new"))))

    def _value(self, sort: ProposalSort, s: StoredProposal, f: ProposalFacts) -> float | str:
        """The sort value of a row (as the cursor carries it), for the orders by one column."""
        name = sort.value.removeprefix("-")
        values: dict[str, float | str] = {
            "score": f.score, "mentor": f.mentor_name, "form": f.form, "kind": f.kind,
            "status": self.REVIEW[s.proposal.status], "decided": s.updated_at.isoformat()}
        return values.get(name, f.position)

    def _key(self, sort: ProposalSort, s: StoredProposal, f: ProposalFacts) -> tuple:
        mark = f.mark.mark if f.mark else ""
        if sort.value.removeprefix("-") in ("mentor", "form", "kind", "status", "decided"):
            value = self._value(sort, s, f)
            if sort.descending:  # descending on the value, ascending on the position
                return (_Desc(value), f.position)
            return (value, f.position)
        return {
            ProposalSort.position: (f.position,),
            ProposalSort.score: (f.score, f.position),
            ProposalSort.score_desc: (-f.score, f.position),
            ProposalSort.mentor: (f.mentor_name, f.position),
            ProposalSort.review: (self.REVIEW[s.proposal.status], mark != "changed",
                                  mark != "new", -f.score, s.pid),
        }[sort]

    def search(self, run_id: int, query: ProposalQuery) -> ProposalSlice:
        found = [(s, self.facts[(run_id, s.pid)]) for s in self.proposals.list_for(run_id)
                 if (run_id, s.pid) in self.facts]
        found = sorted(((s, f) for s, f in found if self._passes(s, f, query)),
                       key=lambda sf: self._key(query.sort, *sf))
        total = len(found)
        if query.after is not None:
            value, last = query.after
            bound = {ProposalSort.position: (last,),
                     ProposalSort.score_desc: (-float(value), last)}.get(
                query.sort, (_Desc(value), last) if query.sort.descending else (value, last))
            found = [(s, f) for s, f in found if self._key(query.sort, s, f) > bound]
        else:
            found = found[query.offset:]
        page = found[:query.limit]
        if not page:
            return ProposalSlice([], total, None)
        f = page[-1][1]
        value = self._value(query.sort, page[-1][0], f)
        return ProposalSlice([s for s, _ in page], total, (value, f.position))

    def summaries(self, run_id: int, query: ProposalQuery) -> SummarySlice:
        found = self.search(run_id, query)
        items = []
        for s in found.items:
            f, p = self.facts[(run_id, s.pid)], s.proposal
            items.append(ProposalSummary(
                run_id=run_id, proposal_id=s.pid, mentor=p.mentor, mentor_name=f.mentor_name,
                mentees=p.mentees, mentee_names=f.names[1:], form=f.form, kind=f.kind,
                topics=p.topics, score=f.score, status=p.status.value,
                status_reason=p.status_reason, version=s.version, updated_at=s.updated_at,
                updated_by=s.updated_by, top=f.top))
        return SummarySlice(items, found.total, found.last)

    def counts(self, run_id: int) -> dict[str, int]:
        rows = self.proposals.list_for(run_id)
        return {st.value: sum(r.proposal.status == st for r in rows) for st in ProposalStatus}

    def mark_counts(self, run_id: int) -> dict[str, int]:
        found = [f.mark.mark for (r, _), f in self.facts.items() if r == run_id and f.mark]
        return {m: found.count(m) for m in ("kept", "changed", "new")}

    def marks(self, run_id: int, proposal_ids: list[str]) -> dict[str, ProposalMark]:
        return {pid: f.mark for pid in proposal_ids
                if (f := self.facts.get((run_id, pid))) is not None and f.mark is not None}

    def organisations(self, run_id: int) -> list[str]:
        return sorted({p.organisation for (r, _), p in self.people_rows.items()
                       if r == run_id and p.organisation})

    def people(self, run_id: int, pids: list[str]) -> dict[str, RunPerson]:
        return {pid: self.people_rows[(run_id, pid)] for pid in pids
                if (run_id, pid) in self.people_rows}

    def unmatched(self, run_id: int, offset: int = 0, limit: int | None = None
                  ) -> tuple[list[UnmatchedEntry], int]:
        rows = self.unmatched_rows.get(run_id, [])
        end = None if limit is None else offset + limit
        return rows[offset:end], len(rows)

    def ended(self, run_id: int) -> list[EndedEntry]:
        return list(self.ended_rows.get(run_id, []))


class FakeSurveys(SurveyRepository):
    def __init__(self) -> None:
        self.rows: dict[tuple[str, str, str, str, int], StoredSurvey] = {}
        self._last_id = 0

    def put(self, survey: StoredSurvey) -> StoredSurvey:
        key = (survey.programme_id, survey.pair, survey.participant_id, survey.kind.value,
               survey.seq)
        old = self.rows.get(key)
        if old is None:
            self._last_id += 1
        stored = replace(survey, id=old.id if old else self._last_id)
        self.rows[key] = stored
        return stored

    def list_for(self, programme_id: str) -> list[StoredSurvey]:
        return sorted((s for s in self.rows.values() if s.programme_id == programme_id),
                      key=lambda s: (s.at, s.id))

    def forget(self, participant_id: str) -> int:
        gone = [k for k, s in self.rows.items() if s.participant_id == participant_id]
        for k in gone:
            del self.rows[k]
        return len(gone)


class FakePapers(PaperRepository):
    def __init__(self) -> None:
        self.plan_rows: dict[tuple[str, str], StoredPlan] = {}
        self.year_rows: dict[tuple[int, int], SchoolYear] = {}
        self.settings_rows: dict[int, OrderSettings] = {}

    def plan(self, programme_id: str, proposal_id: str) -> StoredPlan | None:
        return self.plan_rows.get((programme_id, proposal_id))

    def plans(self, programme_id: str) -> list[StoredPlan]:
        return [p for k, p in sorted(self.plan_rows.items()) if k[0] == programme_id]

    def save_plan(self, plan: StoredPlan, expected_version: int | None) -> StoredPlan:
        key = (plan.programme_id, plan.proposal_id)
        current = self.plan_rows.get(key)
        actual = 0 if current is None else current.version
        if (expected_version or 0) != actual:
            raise VersionConflict(entity="plan", key="/".join(key),
                                  expected=expected_version or 0, actual=actual)
        saved = replace(plan, version=actual + 1)
        self.plan_rows[key] = saved
        return saved

    def year(self, organisation_id: int, year: int) -> SchoolYear | None:
        return self.year_rows.get((organisation_id, year))

    def years(self, organisation_id: int) -> list[SchoolYear]:
        return sorted((y for (o, _), y in self.year_rows.items() if o == organisation_id),
                      key=lambda y: -y.year)

    def save_year(self, record: SchoolYear) -> SchoolYear:
        self.year_rows[(record.organisation_id, record.year)] = record
        return record

    def order_settings(self, organisation_id: int) -> OrderSettings | None:
        return self.settings_rows.get(organisation_id)

    def save_order_settings(self, record: OrderSettings) -> OrderSettings:
        self.settings_rows[record.organisation_id] = record
        return record


class FakeAfterMatch(AfterMatchRepository):
    def __init__(self, proposals: FakeProposals) -> None:
        self.proposals = proposals
        self.answer_rows: list[StoredAnswer] = []
        self.alternate_rows: dict[int, list[Alternate]] = {}
        self.change_rows: list[PairChange] = []

    def add_answer(self, answer: StoredAnswer) -> StoredAnswer:
        stored = replace(answer, id=len(self.answer_rows) + 1)
        self.answer_rows.append(stored)
        return stored

    def answers(self, run_id: int, proposal_id: str | None = None,
                participant_id: str | None = None) -> list[StoredAnswer]:
        return [a for a in self.answer_rows if a.run_id == run_id
                and proposal_id in (None, a.proposal_id)
                and participant_id in (None, a.participant_id)]

    def forget(self, participant_id: str) -> int:
        before = len(self.answer_rows)
        self.answer_rows = [a for a in self.answer_rows if a.participant_id != participant_id]
        return before - len(self.answer_rows)

    def set_alternates(self, run_id: int, alternates: list[Alternate]) -> None:
        self.alternate_rows[run_id] = list(alternates)

    def alternates(self, run_id: int, mentee: str) -> list[Alternate]:
        return sorted((a for a in self.alternate_rows.get(run_id, []) if a.mentee == mentee),
                      key=lambda a: a.rank)

    def append_proposal(self, run_id: int, proposal: Proposal, at: datetime, by: str) -> int:
        position = len(self.proposals.list_for(run_id))
        self.proposals.rows[(run_id, proposal.id)] = StoredProposal(run_id, proposal, 1, at, by)
        return position

    def add_change(self, change: PairChange) -> PairChange:
        stored = replace(change, id=len(self.change_rows) + 1)
        self.change_rows.append(stored)
        return stored

    def changes(self, run_ids: list[int]) -> list[PairChange]:
        return [c for c in self.change_rows if c.run_id in run_ids]


class FakeUnitOfWork(AbstractUnitOfWork):
    """Transactions by snapshot: `rollback` restores the state of the last commit."""

    def __init__(self) -> None:
        self.organisations = FakeOrganisations()
        self.users = FakeUsers()
        self.participants = FakeParticipants()
        self.consents = FakeConsentEvents(self.participants)
        self.programmes = FakeProgrammes()
        self.audit = FakeAudit()
        self.conflicts = FakeConflicts(self.participants)
        self.runs = FakeRuns()
        self.proposals = FakeProposals()
        self.links = FakeLinks()
        self.login_attempts = FakeLoginAttempts()
        self.views = FakeRunViews(self.proposals)
        self.imports = FakeImports()
        self.surveys = FakeSurveys()
        self.papers = FakePapers()
        self.aftermatch = FakeAfterMatch(self.proposals)
        self.commits = 0
        self._saved = self._snapshot()

    _REPOS = ("organisations", "users", "participants", "consents", "programmes", "audit",
              "conflicts", "runs", "proposals", "links", "login_attempts", "views", "imports",
              "surveys", "papers", "aftermatch")

    def _snapshot(self) -> dict[str, object]:
        return {name: copy.deepcopy(getattr(self, name).__dict__) for name in self._REPOS}

    def commit(self) -> None:
        self.commits += 1
        self._saved = self._snapshot()

    def rollback(self) -> None:
        for name, state in self._saved.items():
            getattr(self, name).__dict__.update(copy.deepcopy(state))
        self.consents.participants = self.participants
        self.conflicts.participants = self.participants
        self.views.proposals = self.proposals


@functools.total_ordering
class _Desc:
    """A sort value in reverse (for descending orders on strings)."""

    def __init__(self, value: float | str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.value == other.value

    def __lt__(self, other: _Desc) -> bool:
        return self.value > other.value  # type: ignore[operator]

    def __hash__(self) -> int:
        return hash(self.value)


        self.aftermatch.proposals = self.proposals
