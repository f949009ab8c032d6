"""SQL repository of applied imports (kept for undo)."""

from __future__ import annotations

import builtins
from datetime import datetime

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from service.db.repositories.common import aware, rowcount
from service.db.tables import ColumnMappingRow, ImportJobBatchRow, ImportJobRow, ImportRow
from service.domain import ImportJob, ImportJobBatch, ImportJobStatus, JsonDict, StoredImport
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

    def delete(self, import_ids: builtins.list[int]) -> None:
        if import_ids:
            self.session.execute(delete(ImportRow).where(ImportRow.id.in_(import_ids)))

    @staticmethod
    def _job(row: ImportJobRow) -> ImportJob:
        return ImportJob(
            id=row.id, organisation_id=row.organisation_id, created_at=aware(row.created_at),
            created_by=row.created_by, created_by_id=row.created_by_id, filename=row.filename,
            preview=row.preview, status=ImportJobStatus(row.status), done=row.done,
            total=row.total, report=None if row.report is None else dict(row.report),
            error=row.error,
            finished_at=None if row.finished_at is None else aware(row.finished_at),
            strict=row.strict, register_partners=row.register_partners,
            programme_id=row.programme_id, role=row.role, worker=row.worker,
            heartbeat_at=None if row.heartbeat_at is None else aware(row.heartbeat_at),
            attempts=row.attempts, queue_job_id=row.queue_job_id,
            cancel_requested_by=row.cancel_requested_by)

    def add_job(self, job: ImportJob, content: bytes = b"") -> ImportJob:
        row = ImportJobRow(organisation_id=job.organisation_id, created_at=job.created_at,
                           created_by=job.created_by, created_by_id=job.created_by_id,
                           filename=job.filename[:300], preview=job.preview,
                           status=job.status.value, done=job.done, total=job.total,
                           report=job.report, error=job.error, finished_at=job.finished_at,
                           content=content, strict=job.strict,
                           register_partners=job.register_partners,
                           programme_id=job.programme_id, role=job.role, worker="",
                           attempts=0, cancel_requested_by="")
        self.session.add(row)
        self.session.flush()
        return self._job(row)

    def get_job(self, job_id: int) -> ImportJob | None:
        row = self.session.get(ImportJobRow, job_id)
        return None if row is None else self._job(row)

    def job_content(self, job_id: int) -> bytes | None:
        return self.session.scalars(select(ImportJobRow.content)
                                    .where(ImportJobRow.id == job_id)).first()

    def set_job(self, job_id: int, *, status: ImportJobStatus, done: int, total: int,
                report: JsonDict | None = None, error: str = "",
                finished_at: datetime | None = None) -> None:
        values: dict[str, object] = {"status": status.value, "done": done, "total": total,
                                     "error": error, "finished_at": finished_at}
        if report is not None:
            values["report"] = report
        if finished_at is not None:  # the job has ended: its file is no longer needed
            values["content"] = None
        self.session.execute(update(ImportJobRow).where(ImportJobRow.id == job_id)
                             .values(**values))

    def claim_job(self, job_id: int, worker: str, at: datetime, stale_before: datetime) -> bool:
        last = func.coalesce(ImportJobRow.heartbeat_at, ImportJobRow.created_at)
        stmt = update(ImportJobRow).where(ImportJobRow.id == job_id).where(or_(
            ImportJobRow.status == ImportJobStatus.queued.value,
            and_(ImportJobRow.status == ImportJobStatus.running.value, last < stale_before),
        )).values(status=ImportJobStatus.running.value, worker=worker, heartbeat_at=at,
                  attempts=ImportJobRow.attempts + 1)
        return rowcount(self.session.execute(stmt)) == 1

    def beat_job(self, job_id: int, worker: str, at: datetime, *, done: int | None = None,
                 total: int | None = None, unless_cancelled: bool = False) -> bool:
        values: dict[str, object] = {"heartbeat_at": at}
        if done is not None:
            values["done"] = done
        if total is not None:
            values["total"] = total
        stmt = update(ImportJobRow).where(
            ImportJobRow.id == job_id, ImportJobRow.worker == worker,
            ImportJobRow.status == ImportJobStatus.running.value)
        if unless_cancelled:
            stmt = stmt.where(ImportJobRow.cancel_requested_by == "")
        return rowcount(self.session.execute(stmt.values(**values))) == 1

    def stalled_jobs(self, stale_before: datetime) -> builtins.list[ImportJob]:
        last = func.coalesce(ImportJobRow.heartbeat_at, ImportJobRow.created_at)
        rows = self.session.scalars(select(ImportJobRow).where(
            ImportJobRow.status == ImportJobStatus.running.value, last < stale_before)
            .order_by(ImportJobRow.id))
        return [self._job(r) for r in rows]

    def requeue_job(self, job_id: int, stale_before: datetime) -> bool:
        last = func.coalesce(ImportJobRow.heartbeat_at, ImportJobRow.created_at)
        stmt = update(ImportJobRow).where(
            ImportJobRow.id == job_id, ImportJobRow.status == ImportJobStatus.running.value,
            last < stale_before).values(status=ImportJobStatus.queued.value, worker="",
                                        queue_job_id=None)
        return rowcount(self.session.execute(stmt)) == 1

    def unfinished_jobs(self) -> builtins.list[ImportJob]:
        rows = self.session.scalars(select(ImportJobRow).where(ImportJobRow.status.in_(
            [ImportJobStatus.queued.value, ImportJobStatus.running.value]))
            .order_by(ImportJobRow.id))
        return [self._job(r) for r in rows]

    def request_cancel(self, job_id: int, by: str) -> bool:
        stmt = update(ImportJobRow).where(
            ImportJobRow.id == job_id, ImportJobRow.status == ImportJobStatus.running.value
        ).values(cancel_requested_by=by[:100])
        return rowcount(self.session.execute(stmt)) == 1

    def set_queue_job(self, job_id: int, queue_job_id: int) -> None:
        self.session.execute(update(ImportJobRow).where(ImportJobRow.id == job_id)
                             .values(queue_job_id=queue_job_id))

    def add_batch(self, job_id: int, batch: ImportJobBatch) -> None:
        self.session.add(ImportJobBatchRow(job_id=job_id, number=batch.number, done=batch.done,
                                           import_id=batch.import_id, report=batch.report))
        self.session.flush()

    def batches(self, job_id: int) -> builtins.list[ImportJobBatch]:
        rows = self.session.scalars(select(ImportJobBatchRow).where(
            ImportJobBatchRow.job_id == job_id).order_by(ImportJobBatchRow.number))
        return [ImportJobBatch(number=r.number, done=r.done, import_id=r.import_id,
                               report=dict(r.report)) for r in rows]

    def _mapping_row(self, organisation_id: int, signature: str) -> ColumnMappingRow | None:
        return self.session.scalars(select(ColumnMappingRow).where(
            ColumnMappingRow.organisation_id == organisation_id,
            ColumnMappingRow.signature == signature)).first()

    def get_mapping(self, organisation_id: int, signature: str) -> JsonDict | None:
        row = self._mapping_row(organisation_id, signature)
        return None if row is None else dict(row.mapping)

    def save_mapping(self, organisation_id: int, signature: str, mapping: JsonDict,
                     at: datetime, by: str) -> None:
        row = self._mapping_row(organisation_id, signature)
        if row is None:
            self.session.add(ColumnMappingRow(organisation_id=organisation_id,
                                              signature=signature, mapping=mapping,
                                              updated_at=at, updated_by=by))
        else:
            row.mapping, row.updated_at, row.updated_by = mapping, at, by
        self.session.flush()
