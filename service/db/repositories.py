"""SQLAlchemy implementations of the repositories, translating rows to domain objects.

Version checks are done in the UPDATE/DELETE itself (`WHERE version = :expected`), so two
writers that read the same version cannot both win, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Result, Select, and_, delete, func, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, undefer

from matcher.model import ConsentKind, Participant, Programme, Proposal, ProposalStatus
from service.db.tables import (
    AuditRow,
    ConflictRow,
    ConsentEventRow,
    DecisionRow,
    OrganisationRow,
    ParticipantRow,
    ProgrammeRow,
    ProposalRow,
    RunRow,
    UserRow,
)
from service.domain import (
    AuditEntry,
    ConsentAction,
    ConsentEvent,
    Decision,
    DecisionAction,
    Organisation,
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
from service.errors import AlreadyExists, NotFound, RunInProgress, VersionConflict
from service.repositories import (
    AuditQuery,
    AuditRepository,
    ConflictRepository,
    ConsentEventRepository,
    OrganisationRepository,
    ParticipantQuery,
    ParticipantRepository,
    ProgrammeRepository,
    ProposalRepository,
    RunRepository,
    UserRepository,
    fold,
    folded_subjects,
)

# The column types of a SELECT that a filter narrows without changing what it returns.
_Ts = TypeVarTuple("_Ts")


def _aware(at: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE changed. The session returns a `CursorResult` for them,
    but SQLAlchemy's types only promise a `Result` (sqlalchemy/sqlalchemy#12913)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"expected a CursorResult from UPDATE/DELETE, got {type(result)!r}")
    return result.rowcount


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlOrganisationRepository(OrganisationRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: OrganisationRow) -> Organisation:
        return Organisation(
            id=row.id, name=row.name, region=row.region, bank_version=row.bank_version
        )

    def add(self, name: str, region: str) -> Organisation:
        row = OrganisationRow(name=name, region=region, bank_version=0)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="organisation", key=name) from exc
        return self._to_domain(row)

    def get(self, organisation_id: int) -> Organisation | None:
        row = self.session.get(OrganisationRow, organisation_id)
        return None if row is None else self._to_domain(row)

    def get_by_name(self, name: str) -> Organisation | None:
        row = self.session.scalars(
            select(OrganisationRow).where(OrganisationRow.name == name)
        ).first()
        return None if row is None else self._to_domain(row)

    def list(self, only: int | None = None) -> list[Organisation]:
        stmt = select(OrganisationRow).order_by(OrganisationRow.id)
        if only is not None:
            stmt = stmt.where(OrganisationRow.id == only)
        return [self._to_domain(r) for r in self.session.scalars(stmt)]

    def update(self, organisation: Organisation) -> Organisation:
        row = self.session.get(OrganisationRow, organisation.id)
        if row is None:
            raise NotFound(entity="organisation", key=str(organisation.id))
        row.name, row.region = organisation.name, organisation.region
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="organisation", key=organisation.name) from exc
        return self._to_domain(row)

    def delete(self, organisation_id: int) -> None:
        self.session.execute(delete(OrganisationRow).where(OrganisationRow.id == organisation_id))

    def bump_bank_version(self, organisation_id: int) -> int:
        # One UPDATE, so concurrent bumps serialise in the database rather than in Python.
        new = self.session.execute(
            update(OrganisationRow)
            .where(OrganisationRow.id == organisation_id)
            .values(bank_version=OrganisationRow.bank_version + 1)
            .returning(OrganisationRow.bank_version)
        ).scalar_one()
        return int(new)

    def count(self) -> int:
        return int(self.session.scalar(select(func.count(OrganisationRow.id))) or 0)


class SqlUserRepository(UserRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: UserRow) -> User:
        return User(
            id=row.id,
            login=row.login,
            full_name=row.full_name,
            role=UserRole(row.role),
            organisation_id=row.organisation_id,
            password_hash=row.password_hash,
            is_active=row.is_active,
            token_version=row.token_version,
        )

    def add(
        self,
        login: str,
        full_name: str,
        role: UserRole,
        organisation_id: int | None,
        password_hash: str,
    ) -> User:
        row = UserRow(
            login=login,
            full_name=full_name,
            role=role.value,
            organisation_id=organisation_id,
            password_hash=password_hash,
            is_active=True,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="user", key=login) from exc
        return self._to_domain(row)

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return None if row is None else self._to_domain(row)

    def get_by_login(self, login: str) -> User | None:
        row = self.session.scalars(select(UserRow).where(UserRow.login == login)).first()
        return None if row is None else self._to_domain(row)

    def list(self, organisation_id: int | None = None) -> list[User]:
        stmt = select(UserRow).order_by(UserRow.id)
        if organisation_id is not None:
            stmt = stmt.where(UserRow.organisation_id == organisation_id)
        return [self._to_domain(r) for r in self.session.scalars(stmt)]

    def update(self, user: User) -> User:
        row = self.session.get(UserRow, user.id)
        if row is None:
            raise NotFound(entity="user", key=str(user.id))
        row.full_name, row.role = user.full_name, user.role.value
        row.organisation_id, row.password_hash = user.organisation_id, user.password_hash
        row.is_active, row.token_version = user.is_active, user.token_version
        self.session.flush()
        return self._to_domain(row)

    def count(self, organisation_id: int | None = None) -> int:
        stmt = select(func.count(UserRow.id))
        if organisation_id is not None:
            stmt = stmt.where(UserRow.organisation_id == organisation_id)
        return int(self.session.scalar(stmt) or 0)


def _participant_columns(p: Participant, organisation_id: int) -> dict[str, Any]:
    return {
        "pid": p.id,
        "organisation_id": organisation_id,
        "organisation": p.organisation,
        "full_name": p.full_name,
        "name_folded": fold(p.full_name),
        "subjects_folded": folded_subjects(p.subjects),
        "role": p.role.value,
        "is_mentor": p.mentor is not None,
        "is_mentee": p.mentee is not None,
        "data": p.model_dump(mode="json"),
    }


class SqlParticipantRepository(ParticipantRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ParticipantRow) -> StoredParticipant:
        return StoredParticipant(
            participant=Participant.model_validate(row.data),
            organisation_id=row.organisation_id,
            version=row.version,
            updated_at=_aware(row.updated_at),
        )

    def _row(self, pid: str) -> ParticipantRow | None:
        return self.session.scalars(select(ParticipantRow).where(ParticipantRow.pid == pid)).first()

    def get(self, pid: str) -> StoredParticipant | None:
        row = self._row(pid)
        return None if row is None else self._to_domain(row)

    def add(
        self, participant: Participant, organisation_id: int, at: datetime
    ) -> StoredParticipant:
        row = ParticipantRow(
            **_participant_columns(participant, organisation_id),
            version=1,
            created_at=at,
            updated_at=at,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="participant", key=participant.id) from exc
        return self._to_domain(row)

    def update(
        self, participant: Participant, organisation_id: int, expected_version: int, at: datetime
    ) -> StoredParticipant:
        result = self.session.execute(
            update(ParticipantRow)
            .where(ParticipantRow.pid == participant.id)
            .where(ParticipantRow.version == expected_version)
            .values(
                **_participant_columns(participant, organisation_id),
                version=expected_version + 1,
                updated_at=at,
            )
        )
        if _rowcount(result) != 1:
            self._raise_stale("participant", participant.id, expected_version)
        return StoredParticipant(participant, organisation_id, expected_version + 1, at)

    def delete(self, pid: str, expected_version: int) -> None:
        result = self.session.execute(
            delete(ParticipantRow)
            .where(ParticipantRow.pid == pid)
            .where(ParticipantRow.version == expected_version)
        )
        if _rowcount(result) != 1:
            self._raise_stale("participant", pid, expected_version)

    def _raise_stale(self, entity: str, pid: str, expected: int) -> None:
        actual = self.session.scalar(
            select(ParticipantRow.version).where(ParticipantRow.pid == pid)
        )
        if actual is None:
            raise NotFound(entity=entity, key=pid)
        raise VersionConflict(entity=entity, key=pid, expected=expected, actual=actual)

    def _filtered(self, stmt: Select[*_Ts], q: ParticipantQuery) -> Select[*_Ts]:
        if q.name:
            stmt = stmt.where(
                ParticipantRow.name_folded.like(f"%{_like_escape(fold(q.name))}%", escape="\\")
            )
        if q.role is not None:
            stmt = stmt.where(ParticipantRow.role == q.role.value)
        if q.organisation_id is not None:
            stmt = stmt.where(ParticipantRow.organisation_id == q.organisation_id)
        if q.subject:
            stmt = stmt.where(
                ParticipantRow.subjects_folded.like(
                    f"%|{_like_escape(fold(q.subject))}|%", escape="\\"
                )
            )
        if q.is_mentor is not None:
            stmt = stmt.where(ParticipantRow.is_mentor == q.is_mentor)
        if q.is_mentee is not None:
            stmt = stmt.where(ParticipantRow.is_mentee == q.is_mentee)
        return stmt

    def search(self, query: ParticipantQuery) -> tuple[list[StoredParticipant], int]:
        total = self.session.scalar(
            self._filtered(select(func.count(ParticipantRow.id)), query)
        )
        rows = self.session.scalars(
            self._filtered(select(ParticipantRow), query)
            .order_by(ParticipantRow.id)
            .offset(query.offset)
            .limit(query.limit)
        )
        return [self._to_domain(r) for r in rows], int(total or 0)

    def list_for(self, organisation_ids: list[int]) -> list[StoredParticipant]:
        rows = self.session.scalars(
            select(ParticipantRow)
            .where(ParticipantRow.organisation_id.in_(organisation_ids))
            .order_by(ParticipantRow.id)
        )
        return [self._to_domain(r) for r in rows]

    def count(self, organisation_id: int | None = None) -> int:
        stmt = select(func.count(ParticipantRow.id))
        if organisation_id is not None:
            stmt = stmt.where(ParticipantRow.organisation_id == organisation_id)
        return int(self.session.scalar(stmt) or 0)


class SqlConsentEventRepository(ConsentEventRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _participant_key(self, pid: str) -> int:
        key = self.session.scalar(select(ParticipantRow.id).where(ParticipantRow.pid == pid))
        if key is None:
            raise NotFound(entity="participant", key=pid)
        return key

    def add(self, event: ConsentEvent) -> ConsentEvent:
        row = ConsentEventRow(
            participant_id=self._participant_key(event.participant_id),
            kind=event.kind.value,
            action=event.action.value,
            on_date=event.on_date,
            recorded_at=event.recorded_at,
            recorded_by=event.recorded_by,
            note=event.note,
        )
        self.session.add(row)
        self.session.flush()
        return ConsentEvent(**{**event.__dict__, "id": row.id})

    def list_for(self, pid: str) -> list[ConsentEvent]:
        rows = self.session.scalars(
            select(ConsentEventRow)
            .join(ParticipantRow, ParticipantRow.id == ConsentEventRow.participant_id)
            .where(ParticipantRow.pid == pid)
            .order_by(ConsentEventRow.id)
        )
        return [
            ConsentEvent(
                id=r.id,
                participant_id=pid,
                kind=ConsentKind(r.kind),
                action=ConsentAction(r.action),
                on_date=r.on_date,
                recorded_at=_aware(r.recorded_at),
                recorded_by=r.recorded_by,
                note=r.note,
            )
            for r in rows
        ]


class SqlProgrammeRepository(ProgrammeRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ProgrammeRow) -> StoredProgramme:
        return StoredProgramme(
            programme=Programme.model_validate(row.data),
            organisation_id=row.organisation_id,
            version=row.version,
            updated_at=_aware(row.updated_at),
        )

    def get(self, pid: str) -> StoredProgramme | None:
        row = self.session.scalars(select(ProgrammeRow).where(ProgrammeRow.pid == pid)).first()
        return None if row is None else self._to_domain(row)

    def add(
        self, programme: Programme, organisation_id: int | None, at: datetime
    ) -> StoredProgramme:
        row = ProgrammeRow(
            pid=programme.id,
            organisation_id=organisation_id,
            name=programme.name,
            data=programme.model_dump(mode="json"),
            version=1,
            created_at=at,
            updated_at=at,
        )
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="programme", key=programme.id) from exc
        return self._to_domain(row)

    def update(
        self,
        programme: Programme,
        organisation_id: int | None,
        expected_version: int,
        at: datetime,
    ) -> StoredProgramme:
        result = self.session.execute(
            update(ProgrammeRow)
            .where(ProgrammeRow.pid == programme.id)
            .where(ProgrammeRow.version == expected_version)
            .values(
                organisation_id=organisation_id,
                name=programme.name,
                data=programme.model_dump(mode="json"),
                version=expected_version + 1,
                updated_at=at,
            )
        )
        if _rowcount(result) != 1:
            self._raise_stale(programme.id, expected_version)
        return StoredProgramme(programme, organisation_id, expected_version + 1, at)

    def delete(self, pid: str, expected_version: int) -> None:
        result = self.session.execute(
            delete(ProgrammeRow)
            .where(ProgrammeRow.pid == pid)
            .where(ProgrammeRow.version == expected_version)
        )
        if _rowcount(result) != 1:
            self._raise_stale(pid, expected_version)

    def _raise_stale(self, pid: str, expected: int) -> None:
        actual = self.session.scalar(select(ProgrammeRow.version).where(ProgrammeRow.pid == pid))
        if actual is None:
            raise NotFound(entity="programme", key=pid)
        raise VersionConflict(entity="programme", key=pid, expected=expected, actual=actual)

    def list(self, organisation_id: int | None = None) -> list[StoredProgramme]:
        stmt = select(ProgrammeRow).order_by(ProgrammeRow.id)
        if organisation_id is not None:
            stmt = stmt.where(ProgrammeRow.organisation_id == organisation_id)
        return [self._to_domain(r) for r in self.session.scalars(stmt)]

    def count(self, organisation_id: int | None = None) -> int:
        stmt = select(func.count(ProgrammeRow.id))
        if organisation_id is not None:
            stmt = stmt.where(ProgrammeRow.organisation_id == organisation_id)
        return int(self.session.scalar(stmt) or 0)


class SqlAuditRepository(AuditRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, entry: AuditEntry) -> None:
        self.session.add(
            AuditRow(
                at=entry.at,
                actor_id=entry.actor_id,
                actor=entry.actor,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                organisation_id=entry.organisation_id,
                before=entry.before,
                after=entry.after,
            )
        )
        self.session.flush()

    def _filtered(self, stmt: Select[*_Ts], q: AuditQuery) -> Select[*_Ts]:
        if q.entity is not None:
            stmt = stmt.where(AuditRow.entity == q.entity)
        if q.entity_id is not None:
            stmt = stmt.where(AuditRow.entity_id == q.entity_id)
        if q.actor is not None:
            stmt = stmt.where(AuditRow.actor == q.actor)
        if q.organisation_id is not None:
            stmt = stmt.where(AuditRow.organisation_id == q.organisation_id)
        if q.action is not None:
            stmt = stmt.where(AuditRow.action == q.action)
        if q.until is not None:
            stmt = stmt.where(AuditRow.at <= q.until)
        return stmt

    def list(self, query: AuditQuery) -> tuple[list[AuditEntry], int]:
        total = self.session.scalar(self._filtered(select(func.count(AuditRow.id)), query))
        rows = self.session.scalars(
            self._filtered(select(AuditRow), query)
            .order_by(AuditRow.id.desc())
            .offset(query.offset)
            .limit(query.limit)
        )
        entries = [
            AuditEntry(
                id=r.id,
                at=_aware(r.at),
                actor_id=r.actor_id,
                actor=r.actor,
                action=r.action,
                entity=r.entity,
                entity_id=r.entity_id,
                organisation_id=r.organisation_id,
                before=r.before,
                after=r.after,
            )
            for r in rows
        ]
        return entries, int(total or 0)

    def replace_states(self, entry_id: int, before: dict[str, Any] | None,
                       after: dict[str, Any] | None) -> None:
        self.session.execute(
            update(AuditRow).where(AuditRow.id == entry_id).values(before=before, after=after))


class SqlConflictRepository(ConflictRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _ids(self, pids: list[str]) -> dict[str, int]:
        rows = self.session.execute(
            select(ParticipantRow.pid, ParticipantRow.id).where(ParticipantRow.pid.in_(pids))
        )
        return {pid: id_ for pid, id_ in rows}

    def _select(self) -> Select[ConflictRow, str, str]:
        a, b = aliased(ParticipantRow), aliased(ParticipantRow)
        return (
            select(ConflictRow, a.pid, b.pid)
            .join(a, a.id == ConflictRow.participant_a_id)
            .join(b, b.id == ConflictRow.participant_b_id)
        )

    @staticmethod
    def _to_domain(row: ConflictRow, a: str, b: str) -> StoredConflict:
        return StoredConflict(id=row.id, organisation_id=row.organisation_id, a=a, b=b,
                              note=row.note, created_at=_aware(row.created_at),
                              created_by=row.created_by)

    def add(self, organisation_id: int, a: str, b: str, note: str, at: datetime,
            by: str) -> StoredConflict:
        ids = self._ids([a, b])
        for pid in (a, b):
            if pid not in ids:
                raise NotFound(entity="participant", key=pid)
        first, second = sorted((ids[a], ids[b]))
        row = ConflictRow(organisation_id=organisation_id, participant_a_id=first,
                          participant_b_id=second, note=note, created_at=at, created_by=by)
        self.session.add(row)
        try:
            self.session.flush()
        except IntegrityError as exc:
            raise AlreadyExists(entity="conflict", key=f"{a} — {b}") from exc
        pids = {ids[a]: a, ids[b]: b}
        return self._to_domain(row, pids[first], pids[second])

    def get(self, conflict_id: int) -> StoredConflict | None:
        found = self.session.execute(
            self._select().where(ConflictRow.id == conflict_id)).first()
        return None if found is None else self._to_domain(*found)

    def find(self, a: str, b: str) -> StoredConflict | None:
        ids = self._ids([a, b])
        if a not in ids or b not in ids:
            return None
        first, second = sorted((ids[a], ids[b]))
        found = self.session.execute(self._select().where(
            ConflictRow.participant_a_id == first, ConflictRow.participant_b_id == second
        )).first()
        return None if found is None else self._to_domain(*found)

    def delete(self, conflict_id: int) -> None:
        self.session.execute(delete(ConflictRow).where(ConflictRow.id == conflict_id))

    def list_for(self, organisation_ids: list[int]) -> list[StoredConflict]:
        rows = self.session.execute(
            self._select().where(ConflictRow.organisation_id.in_(organisation_ids))
            .order_by(ConflictRow.id)
        )
        return [self._to_domain(*r) for r in rows]


_HEAVY = ("bank", "programme", "result", "decisions")


class SqlRunRepository(RunRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _to_domain(self, row: RunRow, pid: str, *, full: bool = False) -> StoredRun:
        heavy = {k: getattr(row, k) for k in _HEAVY} if full else {}
        return StoredRun(
            id=row.id, programme_id=pid, organisation_id=row.organisation_id,
            status=RunStatus(row.status), stage=RunStage(row.stage), progress=row.progress,
            created_at=_aware(row.created_at), created_by=row.created_by,
            created_by_id=row.created_by_id, previous_run_id=row.previous_run_id,
            bank_version=row.bank_version, error=row.error, error_en=row.error_en,
            started_at=None if row.started_at is None else _aware(row.started_at),
            finished_at=None if row.finished_at is None else _aware(row.finished_at),
            summary=row.summary, worker=row.worker,
            heartbeat_at=None if row.heartbeat_at is None else _aware(row.heartbeat_at),
            attempts=row.attempts, job_id=row.job_id, detail=row.detail,
            detail_en=row.detail_en, **heavy,
        )

    def _select(self, *, full: bool = False) -> Select[RunRow, str]:
        stmt = select(RunRow, ProgrammeRow.pid).join(
            ProgrammeRow, ProgrammeRow.id == RunRow.programme_id)
        if full:
            stmt = stmt.options(*[undefer(getattr(RunRow, k)) for k in _HEAVY])
        return stmt

    def add(self, run: StoredRun) -> StoredRun:
        programme_row_id = self.session.scalar(
            select(ProgrammeRow.id).where(ProgrammeRow.pid == run.programme_id))
        if programme_row_id is None:
            raise NotFound(entity="programme", key=run.programme_id)
        row = RunRow(
            programme_id=programme_row_id, organisation_id=run.organisation_id,
            previous_run_id=run.previous_run_id, status=run.status.value,
            stage=run.stage.value, progress=run.progress, error=run.error,
            error_en=run.error_en, bank_version=run.bank_version, created_at=run.created_at,
            created_by=run.created_by, created_by_id=run.created_by_id,
        )
        try:
            with self.session.begin_nested():  # a savepoint: PostgreSQL keeps the transaction
                self.session.add(row)
                self.session.flush()
        except IntegrityError as exc:  # the unique index: another run is queued or running
            active = self.latest(run.programme_id, frozenset(_ACTIVE))
            raise RunInProgress(key=run.programme_id,
                                run=active.id if active is not None else "?") from exc
        return self._to_domain(row, run.programme_id)

    def get(self, run_id: int, *, full: bool = False) -> StoredRun | None:
        found = self.session.execute(
            self._select(full=full).where(RunRow.id == run_id)).first()
        return None if found is None else self._to_domain(*found, full=full)

    def list_for(self, programme_id: str) -> list[StoredRun]:
        rows = self.session.execute(
            self._select().where(ProgrammeRow.pid == programme_id).order_by(RunRow.id.desc()))
        return [self._to_domain(*r) for r in rows]

    def latest(self, programme_id: str, statuses: frozenset[RunStatus]) -> StoredRun | None:
        found = self.session.execute(
            self._select().where(ProgrammeRow.pid == programme_id)
            .where(RunRow.status.in_([s.value for s in statuses]))
            .order_by(RunRow.id.desc()).limit(1)
        ).first()
        return None if found is None else self._to_domain(*found)

    def count_for(self, programme_id: str) -> int:
        return int(self.session.scalar(
            select(func.count(RunRow.id)).join(ProgrammeRow, ProgrammeRow.id == RunRow.programme_id)
            .where(ProgrammeRow.pid == programme_id)) or 0)

    def _update(self, run_id: int, *statuses: RunStatus, **values: Any) -> int:
        """Update the run if it is in one of `statuses` (any when none); rows changed."""
        stmt = update(RunRow).where(RunRow.id == run_id)
        if statuses:
            stmt = stmt.where(RunRow.status.in_([s.value for s in statuses]))
        return _rowcount(self.session.execute(stmt.values(**values)))

    def _update_one(self, run_id: int, *statuses: RunStatus, **values: Any) -> None:
        if self._update(run_id, *statuses, **values) != 1:
            raise NotFound(entity="run", key=str(run_id))

    def set_progress(self, run_id: int, stage: RunStage, progress: float) -> None:
        self._update_one(run_id, *_ACTIVE, stage=stage.value, progress=progress)

    def set_detail(self, run_id: int, detail: str, detail_en: str) -> None:
        self._update_one(run_id, *_ACTIVE, detail=detail, detail_en=detail_en)

    def start(self, run_id: int, at: datetime, bank: dict[str, Any], programme: dict[str, Any],
              bank_version: str, decisions: dict[str, str]) -> None:
        self._update_one(run_id, *_ACTIVE, status=RunStatus.running.value,
                         stage=RunStage.loading.value, started_at=at, bank=bank,
                         programme=programme, bank_version=bank_version, decisions=decisions)

    def finish(self, run_id: int, at: datetime, result: dict[str, Any],
               summary: dict[str, Any]) -> None:
        self._update_one(run_id, RunStatus.running, status=RunStatus.done.value,
                         stage=RunStage.done.value, progress=1.0, finished_at=at, result=result,
                         summary=summary, detail="", detail_en="")

    def fail(self, run_id: int, at: datetime, error: str, error_en: str) -> bool:
        if self.session.get(RunRow, run_id) is None:
            raise NotFound(entity="run", key=str(run_id))
        return self._update(run_id, *_ACTIVE, status=RunStatus.failed.value,
                            stage=RunStage.failed.value, finished_at=at, error=error,
                            error_en=error_en) == 1

    def unfinished(self) -> list[StoredRun]:
        rows = self.session.execute(self._select().where(
            RunRow.status.in_([RunStatus.queued.value, RunStatus.running.value])))
        return [self._to_domain(*r) for r in rows]

    def with_snapshot(self) -> list[int]:
        return list(self.session.scalars(
            select(RunRow.id).where(RunRow.started_at.is_not(None)).order_by(RunRow.id)))

    def replace_bank(self, run_id: int, bank: dict[str, Any]) -> None:
        self._update(run_id, bank=bank)
    def claim(self, run_id: int, worker: str, at: datetime, stale_before: datetime) -> bool:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        stmt = update(RunRow).where(RunRow.id == run_id).where(or_(
            RunRow.status == RunStatus.queued.value,
            and_(RunRow.status == RunStatus.running.value, last < stale_before),
        )).values(status=RunStatus.running.value, worker=worker, heartbeat_at=at,
                  attempts=RunRow.attempts + 1)
        return _rowcount(self.session.execute(stmt)) == 1

    def beat(self, run_id: int, worker: str, at: datetime) -> bool:
        stmt = update(RunRow).where(RunRow.id == run_id, RunRow.worker == worker,
                                    RunRow.status == RunStatus.running.value
                                    ).values(heartbeat_at=at)
        return _rowcount(self.session.execute(stmt)) == 1

    def stalled(self, stale_before: datetime) -> list[StoredRun]:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        rows = self.session.execute(self._select().where(
            RunRow.status == RunStatus.running.value, last < stale_before).order_by(RunRow.id))
        return [self._to_domain(*r) for r in rows]

    def requeue(self, run_id: int, stale_before: datetime) -> bool:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        stmt = update(RunRow).where(
            RunRow.id == run_id, RunRow.status == RunStatus.running.value, last < stale_before,
        ).values(status=RunStatus.queued.value, stage=RunStage.queued.value, progress=0.0,
                 worker="", detail="", detail_en="")
        return _rowcount(self.session.execute(stmt)) == 1

    def set_job(self, run_id: int, job_id: int) -> None:
        self._update(run_id, job_id=job_id)


_ACTIVE = (RunStatus.queued, RunStatus.running)


class SqlProposalRepository(ProposalRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ProposalRow) -> StoredProposal:
        return StoredProposal(run_id=row.run_id, proposal=Proposal.model_validate(row.data),
                              version=row.version, updated_at=_aware(row.updated_at),
                              updated_by=row.updated_by)

    def add_all(self, run_id: int, proposals: list[Proposal], at: datetime) -> None:
        self.session.add_all([
            ProposalRow(run_id=run_id, proposal_id=p.id, position=i, mentor=p.mentor,
                        status=p.status.value, data=p.model_dump(mode="json"), version=1,
                        updated_at=at, updated_by="")
            for i, p in enumerate(proposals)
        ])
        self.session.flush()

    def _row(self, run_id: int, proposal_id: str) -> ProposalRow | None:
        return self.session.scalars(select(ProposalRow).where(
            ProposalRow.run_id == run_id, ProposalRow.proposal_id == proposal_id)).first()

    def get(self, run_id: int, proposal_id: str) -> StoredProposal | None:
        row = self._row(run_id, proposal_id)
        return None if row is None else self._to_domain(row)

    def list_for(self, run_id: int, status: ProposalStatus | None = None
                 ) -> list[StoredProposal]:
        stmt = select(ProposalRow).where(ProposalRow.run_id == run_id)
        if status is not None:
            stmt = stmt.where(ProposalRow.status == status.value)
        rows = self.session.scalars(stmt.order_by(ProposalRow.position))
        return [self._to_domain(r) for r in rows]

    def update(self, stored: StoredProposal, proposal: Proposal, expected_version: int,
               at: datetime, by: str) -> StoredProposal:
        result = self.session.execute(
            update(ProposalRow)
            .where(ProposalRow.run_id == stored.run_id)
            .where(ProposalRow.proposal_id == stored.pid)
            .where(ProposalRow.version == expected_version)
            .values(status=proposal.status.value, data=proposal.model_dump(mode="json"),
                    version=expected_version + 1, updated_at=at, updated_by=by)
        )
        if _rowcount(result) != 1:
            actual = self.session.scalar(select(ProposalRow.version).where(
                ProposalRow.run_id == stored.run_id, ProposalRow.proposal_id == stored.pid))
            if actual is None:
                raise NotFound(entity="proposal", key=stored.pid)
            raise VersionConflict(entity="proposal", key=stored.pid, expected=expected_version,
                                  actual=actual)
        return StoredProposal(stored.run_id, proposal, expected_version + 1, at, by)

    def add_decision(self, decision: Decision) -> Decision:
        row_id = self.session.scalar(select(ProposalRow.id).where(
            ProposalRow.run_id == decision.run_id,
            ProposalRow.proposal_id == decision.proposal_id))
        if row_id is None:
            raise NotFound(entity="proposal", key=decision.proposal_id)
        row = DecisionRow(
            proposal_row_id=row_id, run_id=decision.run_id, proposal_id=decision.proposal_id,
            action=decision.action.value, status_before=decision.status_before,
            status_after=decision.status_after, reason=decision.reason, at=decision.at,
            actor=decision.actor, actor_id=decision.actor_id,
        )
        self.session.add(row)
        self.session.flush()
        return replace(decision, id=row.id)

    def decisions(self, run_id: int, proposal_id: str | None = None) -> list[Decision]:
        stmt = select(DecisionRow).where(DecisionRow.run_id == run_id)
        if proposal_id is not None:
            stmt = stmt.where(DecisionRow.proposal_id == proposal_id)
        return [
            Decision(id=r.id, run_id=r.run_id, proposal_id=r.proposal_id,
                     action=DecisionAction(r.action), status_before=r.status_before,
                     status_after=r.status_after, reason=r.reason, at=_aware(r.at),
                     actor=r.actor, actor_id=r.actor_id)
            for r in self.session.scalars(stmt.order_by(DecisionRow.id))
        ]
