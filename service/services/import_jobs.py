"""Large bank files in the background: the request stores a job and returns at once; a
thread parses the file and imports it in batches, each its own short transaction, so another
curator's edit waits for one batch at most, never for the whole file. The job's row keeps its
progress (rows done of all) and, when it ends, its report. The batches' applied imports are
merged into one record at the end, so the file is undone as a whole, as a small one is.

A strict import (all or nothing) first previews the whole file and stores nothing if any row
is bad; a preview job stores nothing at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from matcher.errors import MatcherError, RowProblem
from matcher.messages import message
from matcher.model import Conflict
from service.domain import Actor, ImportJob, ImportJobStatus, JsonDict, StoredImport
from service.errors import NotFound, ServiceError
from service.services.common import Clock, utcnow
from service.services.imports import ImportReport, ParsedRow, import_participants, require_import
from service.unit_of_work import AbstractUnitOfWork

log = logging.getLogger(__name__)

BATCH_ROWS = 50  # rows per transaction: how long another writer may have to wait


class ParsedFile(Protocol):
    """What the job needs of a parsed upload (`service.bank_files.ParsedUpload`)."""

    @property
    def rows(self) -> list[ParsedRow]: ...
    @property
    def problems(self) -> list[RowProblem]: ...
    @property
    def conflicts(self) -> tuple[Conflict, ...]: ...
    @property
    def column(self) -> Callable[[str], str]: ...
    @property
    def filename(self) -> str: ...


def start_import_job(
    uow: AbstractUnitOfWork, actor: Actor, filename: str, *, preview: bool,
    clock: Clock = utcnow,
) -> ImportJob:
    """Record a queued job of the actor (a viewer is refused before anything is read)."""
    require_import(actor)
    with uow:
        job = uow.imports.add_job(ImportJob(
            id=0, organisation_id=actor.organisation_id, created_at=clock(),
            created_by=actor.login, created_by_id=actor.user_id or None,
            filename=filename[:300], preview=preview))
        uow.commit()
    return job


def get_import_job(uow: AbstractUnitOfWork, actor: Actor, job_id: int) -> ImportJob:
    """A job its starter, or whoever reads its organisation, may see; `NotFound` otherwise
    (another school's job is not revealed)."""
    with uow:
        job = uow.imports.get_job(job_id)
    if job is None or not (job.created_by_id == actor.user_id or actor.is_admin
                           or (job.organisation_id is not None
                               and actor.can_read(job.organisation_id))):
        raise NotFound(entity="import", key=str(job_id))
    return job


def _set(make_uow: Callable[[], AbstractUnitOfWork], job_id: int, **values: object) -> None:
    with make_uow() as uow:
        uow.imports.set_job(job_id, **values)  # type: ignore[arg-type]
        uow.commit()


def _merge(into: ImportReport, part: ImportReport) -> None:
    into.stored = into.stored or part.stored
    for name in ("created", "updated", "unchanged", "problems", "conflicts_added",
                 "conflicts_unchanged", "changes", "new_partners", "unknown_organisations"):
        getattr(into, name).extend(getattr(part, name))


def _merge_records(uow: AbstractUnitOfWork, actor: Actor, parts: Sequence[int],
                   filename: str, clock: Clock) -> int | None:
    """One applied import in place of the batches' records (undo takes the file whole)."""
    records = [r for i in parts if (r := uow.imports.get(i)) is not None]
    if not records:
        return None
    if len(records) == 1:
        return records[0].id
    changes: JsonDict = {"participants": [], "consent_events": [], "conflicts": [],
                         "organisations": []}
    summary: dict[str, int] = {}
    for r in records:
        for key in ("participants", "consent_events", "conflicts"):
            changes[key].extend(r.changes.get(key, []))
        changes["organisations"] = sorted(set(changes["organisations"])
                                          | set(r.changes.get("organisations", [])))
        for key, value in r.summary.items():
            summary[key] = summary.get(key, 0) + int(value)
    merged = uow.imports.add(StoredImport(
        id=0, organisation_id=actor.organisation_id, at=clock(), by=actor.login,
        filename=filename[:300], summary=summary, changes=changes))
    uow.imports.delete([r.id for r in records])
    return merged.id


def run_import_job(
    make_uow: Callable[[], AbstractUnitOfWork],
    actor: Actor,
    job_id: int,
    parse: Callable[[], ParsedFile],
    *,
    strict: bool,
    register_partners: bool = False,
    describe: Callable[[ImportReport], JsonDict],
    batch_rows: int | None = None,
    clock: Clock = utcnow,
) -> None:
    """The job's work (in a thread): parse, import in batches of `batch_rows`, record the
    progress after each and the report (`describe`d, as the API shows it) at the end. A
    refused file or an unexpected error ends the job as failed with its message; batches
    already applied stay applied and are merged into one import that can be undone."""
    with make_uow() as uow:
        job = uow.imports.get_job(job_id)
    if job is None:
        return
    _set(make_uow, job_id, status=ImportJobStatus.running, done=0, total=0)
    parts: list[int] = []
    progress = [0, 0]  # rows done, rows in all
    report = ImportReport(strict=strict, preview=job.preview)
    try:
        parsed = parse()
        progress[1] = len(parsed.rows)
        _set(make_uow, job_id, status=ImportJobStatus.running, done=0, total=progress[1])
        rows = parsed.rows
        size = batch_rows or BATCH_ROWS
        batches = [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
        _batches(make_uow, actor, job_id, parsed, batches, job.preview or strict,
                 register_partners, clock, parts, report, progress)
        if strict and not job.preview:
            if report.errors:  # all or nothing: nothing was stored
                _set(make_uow, job_id, status=ImportJobStatus.failed, done=progress[0],
                     total=progress[1], report=describe(report), finished_at=clock(),
                     error=message("import_job.strict_refused", count=len(report.errors)))
                return
            report, progress[0] = ImportReport(strict=strict), 0
            _batches(make_uow, actor, job_id, parsed, batches, False, register_partners,
                     clock, parts, report, progress)
    except (ServiceError, MatcherError) as exc:
        error = exc.message("ru") if isinstance(exc, ServiceError) else str(exc)
        _finish(make_uow, actor, job_id, parts, job.filename, report, describe, clock,
                progress, failed=error)
        return
    except Exception:  # the job's boundary: record the failure, keep the trace in the log
        log.exception("import job %s failed", job_id)
        _finish(make_uow, actor, job_id, parts, job.filename, report, describe, clock,
                progress, failed=message("import_job.internal_error"))
        return
    _finish(make_uow, actor, job_id, parts, job.filename, report, describe, clock, progress)


def _batches(
    make_uow: Callable[[], AbstractUnitOfWork], actor: Actor, job_id: int, parsed: ParsedFile,
    batches: list[list[ParsedRow]], preview: bool, register_partners: bool, clock: Clock,
    parts: list[int], report: ImportReport, progress: list[int],
) -> None:
    """Import (or preview) the batches one transaction each, recording progress after each;
    the file's own problems go with the first batch, its conflicts with the last."""
    for number, rows in enumerate(batches):
        part = import_participants(
            make_uow(), actor, list(rows), parsed.problems if number == 0 else [],
            strict=False, preview=preview,
            conflicts=parsed.conflicts if number == len(batches) - 1 else (),
            column=parsed.column, filename=parsed.filename,
            register_partners=register_partners, clock=clock)
        _merge(report, part)
        if part.import_id is not None:
            parts.append(part.import_id)
        progress[0] += len(rows)
        _set(make_uow, job_id, status=ImportJobStatus.running, done=progress[0],
             total=progress[1])


def _finish(
    make_uow: Callable[[], AbstractUnitOfWork], actor: Actor, job_id: int, parts: list[int],
    filename: str, report: ImportReport, describe: Callable[[ImportReport], JsonDict],
    clock: Clock, progress: list[int], *, failed: str = "",
) -> None:
    with make_uow() as uow:
        report.import_id = _merge_records(uow, actor, parts, filename, clock)
        report.stored = report.stored or report.import_id is not None
        uow.imports.set_job(
            job_id, status=ImportJobStatus.failed if failed else ImportJobStatus.done,
            done=progress[0], total=progress[1], report=describe(report), error=failed,
            finished_at=clock())
        uow.commit()
