"""SQL repository of applied imports (kept for undo)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.db.repositories.common import aware, rowcount
from service.db.tables import ImportRow
from service.domain import StoredImport
from service.repositories import ImportRepository


class SqlImportRepository(ImportRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ImportRow, *, changes: bool) -> StoredImport:
        return StoredImport(
            id=row.id, organisation_id=row.organisation_id, at=aware(row.at), by=row.by,
            filename=row.filename, summary=dict(row.summary),
            changes=dict(row.changes) if changes else {},
            undone_at=aware(row.undone_at) if row.undone_at is not None else None,
            undone_by=row.undone_by,
        )

    def add(self, record: StoredImport) -> StoredImport:
        row = ImportRow(organisation_id=record.organisation_id, at=record.at, by=record.by,
                        filename=record.filename, summary=record.summary,
                        changes=record.changes, undone_by="")
        self.session.add(row)
        self.session.flush()
        return self._to_domain(row, changes=True)

    def get(self, import_id: int) -> StoredImport | None:
        row = self.session.get(ImportRow, import_id)
        return None if row is None else self._to_domain(row, changes=True)

    def list(self, organisation_id: int | None, limit: int) -> list[StoredImport]:
        stmt = select(ImportRow).order_by(ImportRow.id.desc()).limit(limit)
        if organisation_id is not None:
            stmt = stmt.where(ImportRow.organisation_id == organisation_id)
        return [self._to_domain(r, changes=False) for r in self.session.scalars(stmt)]

    def mark_undone(self, import_id: int, at: datetime, by: str) -> bool:
        # One conditional UPDATE: two undos at once cannot both pass.
        result = self.session.execute(
            update(ImportRow).where(ImportRow.id == import_id)
            .where(ImportRow.undone_at.is_(None)).values(undone_at=at, undone_by=by))
        return rowcount(result) == 1
