"""SQLAlchemy repositories of access: the participants' revocable links and the login
attempts that sign-in throttling counts (in the database, so every process counts alike)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from service.db.repositories.common import aware
from service.db.tables import LinkRow, LoginAttemptRow
from service.domain import LoginAttempt, StoredLink
from service.repositories import LinkRepository, LoginAttemptRepository


class SqlLinkRepository(LinkRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: LinkRow) -> StoredLink:
        return StoredLink(
            id=row.id, run_id=row.run_id, participant_id=row.participant_id,
            created_at=aware(row.created_at), created_by=row.created_by,
            created_by_id=row.created_by_id, expires_at=aware(row.expires_at),
            revoked_at=None if row.revoked_at is None else aware(row.revoked_at),
            revoked_by=row.revoked_by, reason=row.reason,
        )

    def add(self, run_id: int, participant_id: str, at: datetime, by: str, by_id: int | None,
            expires_at: datetime) -> StoredLink:
        row = LinkRow(run_id=run_id, participant_id=participant_id, created_at=at,
                      created_by=by, created_by_id=by_id, expires_at=expires_at, reason="")
        self.session.add(row)
        self.session.flush()
        return self._to_domain(row)

    def get(self, link_id: int) -> StoredLink | None:
        row = self.session.get(LinkRow, link_id)
        return None if row is None else self._to_domain(row)

    def list_for(self, run_id: int) -> list[StoredLink]:
        rows = self.session.scalars(
            select(LinkRow).where(LinkRow.run_id == run_id).order_by(LinkRow.id))
        return [self._to_domain(r) for r in rows]

    def revoke(self, link_id: int, at: datetime, by: str, reason: str) -> StoredLink | None:
        self.session.execute(
            update(LinkRow).where(LinkRow.id == link_id, LinkRow.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by=by, reason=reason))
        self.session.expire_all()
        return self.get(link_id)

    def revoke_all(self, run_id: int, at: datetime, by: str, reason: str) -> int:
        result = self.session.execute(
            update(LinkRow).where(LinkRow.run_id == run_id, LinkRow.revoked_at.is_(None))
            .values(revoked_at=at, revoked_by=by, reason=reason))
        return int(result.rowcount)  # type: ignore[attr-defined]


class SqlLoginAttemptRepository(LoginAttemptRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, attempt: LoginAttempt) -> None:
        self.session.add(LoginAttemptRow(at=attempt.at, login=attempt.login[:100],
                                         address=attempt.address[:100],
                                         success=attempt.success))
        self.session.flush()

    def since(self, at: datetime, *, login: str | None = None,
              address: str | None = None) -> list[LoginAttempt]:
        stmt = select(LoginAttemptRow).where(LoginAttemptRow.at > at)
        if login is not None:
            stmt = stmt.where(LoginAttemptRow.login == login[:100])
        if address is not None:
            stmt = stmt.where(LoginAttemptRow.address == address[:100])
        rows = self.session.scalars(stmt.order_by(LoginAttemptRow.at, LoginAttemptRow.id))
        return [LoginAttempt(r.login, r.address, aware(r.at), r.success) for r in rows]

    def forget_before(self, at: datetime) -> int:
        result = self.session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < at))
        return int(result.rowcount)  # type: ignore[attr-defined]
