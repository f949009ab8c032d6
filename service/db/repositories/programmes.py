"""SQL repositories of programmes, the audit log and recorded conflicts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from matcher.model import Programme
from service.db.repositories.common import Ts, aware, rowcount
from service.db.tables import (
    AuditRow,
    ConflictRow,
    ParticipantRow,
    ProgrammeRow,
)
from service.domain import (
    AuditEntry,
    StoredConflict,
    StoredProgramme,
)
from service.errors import AlreadyExists, NotFound, VersionConflict
from service.repositories import (
    AuditQuery,
    AuditRepository,
    ConflictRepository,
    ProgrammeRepository,
)


class SqlProgrammeRepository(ProgrammeRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ProgrammeRow) -> StoredProgramme:
        return StoredProgramme(
            programme=Programme.model_validate(row.data),
            organisation_id=row.organisation_id,
            version=row.version,
            updated_at=aware(row.updated_at),
            archived_at=None if row.archived_at is None else aware(row.archived_at),
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
        if rowcount(result) != 1:
            self._raise_stale(programme.id, expected_version)
        archived = self.session.scalar(
            select(ProgrammeRow.archived_at).where(ProgrammeRow.pid == programme.id))
        return StoredProgramme(programme, organisation_id, expected_version + 1, at,
                               None if archived is None else aware(archived))

    def set_archived(self, pid: str, archived_at: datetime | None, expected_version: int,
                     at: datetime) -> StoredProgramme:
        result = self.session.execute(
            update(ProgrammeRow)
            .where(ProgrammeRow.pid == pid)
            .where(ProgrammeRow.version == expected_version)
            .values(archived_at=archived_at, version=expected_version + 1, updated_at=at)
        )
        if rowcount(result) != 1:
            self._raise_stale(pid, expected_version)
        stored = self.get(pid)
        assert stored is not None
        return stored

    def delete(self, pid: str, expected_version: int) -> None:
        result = self.session.execute(
            delete(ProgrammeRow)
            .where(ProgrammeRow.pid == pid)
            .where(ProgrammeRow.version == expected_version)
        )
        if rowcount(result) != 1:
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

    def _filtered(self, stmt: Select[*Ts], q: AuditQuery) -> Select[*Ts]:
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
                at=aware(r.at),
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

    def _ids(self, organisation_id: int, pids: list[str]) -> dict[str, int]:
        rows = self.session.execute(
            select(ParticipantRow.pid, ParticipantRow.id).where(
                ParticipantRow.organisation_id == organisation_id, ParticipantRow.pid.in_(pids))
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
                              note=row.note, created_at=aware(row.created_at),
                              created_by=row.created_by)

    def add(self, organisation_id: int, a: str, b: str, note: str, at: datetime,
            by: str) -> StoredConflict:
        ids = self._ids(organisation_id, [a, b])
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

    def find(self, organisation_id: int, a: str, b: str) -> StoredConflict | None:
        ids = self._ids(organisation_id, [a, b])
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
