"""Large bank files in the background, on the same durable queue as runs: the request stores
a job with the uploaded file (so any worker of any process can take it up) and returns at
once; a worker claims the job, parses the file and imports it in batches, each its own short
transaction, so another curator's edit waits for one batch at most, never for the whole file.

Each applied batch is recorded (rows done, its applied import, its part of the report) in the
batch's own transaction, guarded by the job still being this worker's: a job whose worker
died (its heartbeat stopped for `stall_s`) is given back to the queue once and resumes after
its last recorded batch (no row is applied twice, none is lost; the batches are upserts keyed
by organisation and participant id), or fails with a message; never «running» forever. A
running job asked to stop (`cancel_import_job`) stops between batches (a batch under way when
the cancel comes is rolled back). However a job ends,
its batches' applied imports are merged into one record, so the file is undone as a whole, as
a small one is, and the stored file is forgotten.

A strict import (all or nothing) first previews the whole file and stores nothing if any row
is bad; a preview job stores nothing at all (either starts again from the top when resumed).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import NoReturn, Protocol

from matcher.errors import MatcherError, RowProblem
from matcher.messages import message
from matcher.model import Conflict, Programme
from matcher.topics import programme_taxonomy, using_taxonomy
from service.domain import (
    Actor,
    ImportJob,
    ImportJobBatch,
    ImportJobStatus,
    JsonDict,
    StoredImport,
    UserRole,
)
from service.errors import ImportJobNotActive, NotFound, ServiceError
from service.services.common import Clock, Heartbeat, record, require_write, utcnow
from service.services.imports import ImportReport, ParsedRow, import_participants, require_import
from service.services.programmes import get_programme
from service.unit_of_work import AbstractUnitOfWork

log = logging.getLogger(__name__)

BATCH_ROWS = 50  # rows per transaction: how long another writer may have to wait
STALL_S = 30.0  # a running job with no heartbeat for this long has lost its worker
MAX_ATTEMPTS = 2  # a job whose worker died is taken up again once, then fails with a message

UowFactory = Callable[[], AbstractUnitOfWork]
_LISTS = ("created", "updated", "unchanged", "problems", "conflicts_added",
          "conflicts_unchanged", "changes")
_SETS = ("new_partners", "unknown_organisations")


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


Parse = Callable[[str, bytes, Programme | None], ParsedFile]  # filename, content, programme
Describe = Callable[[ImportReport], JsonDict]  # the report as the API shows it


def start_import_job(
    uow: AbstractUnitOfWork, actor: Actor, filename: str, content: bytes = b"", *,
    preview: bool, strict: bool = False, register_partners: bool = False,
    programme_id: str | None = None, clock: Clock = utcnow,
) -> ImportJob:
    """Record a queued job of the actor with the file, durable before the answer (a viewer is
    refused before anything is read); hand its id to the queue after this returns."""
    require_import(actor)
    with uow:
        job = uow.imports.add_job(ImportJob(
            id=0, organisation_id=actor.organisation_id, created_at=clock(),
            created_by=actor.login, created_by_id=actor.user_id or None,
            filename=filename[:300], preview=preview, strict=strict,
            register_partners=register_partners, programme_id=programme_id,
            role=actor.role.value), content)
        uow.commit()
    return job


def _visible(uow: AbstractUnitOfWork, actor: Actor, job_id: int) -> ImportJob:
    job = uow.imports.get_job(job_id)
    if job is None or not (job.created_by_id == actor.user_id or actor.is_admin
                           or (job.organisation_id is not None
                               and actor.can_read(job.organisation_id))):
        raise NotFound(entity="import", key=str(job_id))
    return job


def get_import_job(uow: AbstractUnitOfWork, actor: Actor, job_id: int) -> ImportJob:
    """A job its starter, or whoever reads its organisation, may see; `NotFound` otherwise
    (another school's job is not revealed)."""
    with uow:
        return _visible(uow, actor, job_id)


def job_actor(job: ImportJob) -> Actor:
    """The starter, as the worker imports for them."""
    return Actor(job.created_by_id or 0, job.created_by, UserRole(job.role or "curator"),
                 job.organisation_id)


def cancel_import_job(uow: AbstractUnitOfWork, actor: Actor, job_id: int, *,
                      clock: Clock = utcnow) -> ImportJob:
    """Stop a job: a queued one ends at once; a running one is asked to stop and its worker
    stops between batches (or, if that worker is gone, the supervisor ends it). Whatever was
    applied is one import that can be undone as a whole. `ImportJobNotActive` if it ended."""
    at = clock()
    with uow:
        job = _visible(uow, actor, job_id)
        if job.created_by_id != actor.user_id:
            require_write(actor, job.organisation_id)
        require_import(actor)
        me = f"cancel:{actor.login}"
        if uow.imports.claim_job(job_id, me, at, at - timedelta(days=36500)):  # it was queued
            _end(uow, job, "", at, error=message("import_job.cancelled", login=actor.login,
                                                 done=job.done, total=job.total))
        elif not uow.imports.request_cancel(job_id, actor.login):
            raise ImportJobNotActive(key=str(job_id))
        record(uow, actor, "cancel", "import_job", str(job_id), job.organisation_id,
               {"status": job.status.value}, {"cancel_requested_by": actor.login}, at)
        uow.commit()
        stopped = uow.imports.get_job(job_id)
    assert stopped is not None
    return stopped


def execute_import_job(
    make_uow: UowFactory,
    job_id: int,
    *,
    parse: Parse,
    describe: Describe,
    worker: str,
    heartbeat_s: float | None = None,
    stall_s: float = STALL_S,
    should_abort: Callable[[], bool] | None = None,
    batch_rows: int | None = None,
    clock: Clock = utcnow,
) -> None:
    """The queue's task: claim the job (a queued one, or a running one whose worker stopped
    beating), parse its file with the programme's taxonomy if it names one, import the rows
    after its last recorded batch, and end it with its report or error (see the module
    docstring). With `heartbeat_s` a thread beats meanwhile and stops the job between batches
    once it is no longer this worker's; `should_abort` (the queue's abort, a shutdown) stops
    it there too, leaving it for the supervisor to give back to the queue."""
    at = clock()
    with make_uow() as uow:
        claimed = uow.imports.claim_job(job_id, worker, at, at - timedelta(seconds=stall_s))
        uow.commit()
    if not claimed:
        return
    with make_uow() as uow:
        job = uow.imports.get_job(job_id)
        content = uow.imports.job_content(job_id)
    assert job is not None
    stop = threading.Event()
    beating = Heartbeat(
        make_uow, lambda uow, at: uow.imports.beat_job(job_id, worker, at),
        f"import-{job_id}", heartbeat_s, stop, clock) if heartbeat_s else None

    def should_stop() -> bool:
        if not stop.is_set() and should_abort is not None and should_abort():
            stop.set()
        return stop.is_set()

    work = _Work(make_uow, job, worker, describe, batch_rows or BATCH_ROWS, should_stop, clock)
    try:
        if content is None:  # an old job, or one ended meanwhile: nothing to import
            work.end(error=message("import_job.worker_lost", attempts=job.attempts,
                                   done=job.done, total=job.total))
            return
        work.run(parse, content)
    except _Lost:
        log.info("import job %s is no longer this worker's: stopped", job_id)
    except _Cancelled as exc:
        work.end(error=message("import_job.cancelled", login=exc.login, done=work.done,
                               total=work.total))
    except (ServiceError, MatcherError) as exc:
        work.end(error=exc.message("ru") if isinstance(exc, ServiceError) else str(exc))
    except Exception:  # the job's boundary: record the failure, keep the trace in the log
        log.exception("import job %s failed", job_id)
        work.end(error=message("import_job.internal_error"))
    finally:
        if beating is not None:
            beating.close()


class _Lost(Exception):
    """The job is no longer this worker's (ended, cancelled and ended, or taken back)."""


class _Refused(Exception):
    """A batch's beat was refused: the batch rolls back, then `_Work._refused` says why."""


class _Work:
    """One worker's pass over a claimed job."""

    def __init__(self, make_uow: UowFactory, job: ImportJob, worker: str, describe: Describe,
                 size: int, should_stop: Callable[[], bool], clock: Clock) -> None:
        self.make_uow, self.job, self.worker, self.describe = make_uow, job, worker, describe
        self.size, self.should_stop, self.clock = size, should_stop, clock
        self.actor = job_actor(job)
        self.done, self.total = 0, 0

    def run(self, parse: Parse, content: bytes) -> None:
        job = self.job
        with self.make_uow() as uow:
            own = (get_programme(uow, self.actor, job.programme_id).programme
                   if job.programme_id else None)
        with using_taxonomy(programme_taxonomy(own)):
            parsed = parse(job.filename, content, own)
            self.total = len(parsed.rows)
            with self.make_uow() as uow:
                applied = uow.imports.batches(job.id)
            self._beat(done=applied[-1].done if applied else 0)
            if job.preview or (job.strict and not applied):
                report = self._preview(parsed)
                if job.preview:
                    self.end(report=self.describe(report))
                    return
                if report.errors:  # all or nothing: nothing was stored
                    self.end(report=self.describe(report), error=message(
                        "import_job.strict_refused", count=len(report.errors)))
                    return
            self._apply(parsed, applied)
        self.end()

    def _beat(self, *, done: int) -> None:
        """Progress, in a transaction of its own (the preview pass)."""
        with self.make_uow() as uow:
            mine = uow.imports.beat_job(self.job.id, self.worker, self.clock(), done=done,
                                        total=self.total, unless_cancelled=True)
            uow.commit()
        if not mine:
            self._refused()
        self.done = done

    def _refused(self) -> NoReturn:
        """The job refused this worker's beat: a cancel was asked for (`_Cancelled`: the
        job ends here), or it is no longer this worker's (`_Lost`)."""
        with self.make_uow() as uow:
            job = uow.imports.get_job(self.job.id)
        if (job is not None and job.status == ImportJobStatus.running
                and job.worker == self.worker and job.cancel_requested_by):
            raise _Cancelled(job.cancel_requested_by)
        raise _Lost()

    def _batches(self, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
        return [rows[i:i + self.size] for i in range(0, len(rows), self.size)]

    def _preview(self, parsed: ParsedFile) -> ImportReport:
        report = ImportReport(strict=self.job.strict, preview=self.job.preview)
        batches = self._batches(parsed.rows) or [[]]
        done = 0
        for number, rows in enumerate(batches):
            if self.should_stop():
                raise _Lost()
            part = import_participants(
                self.make_uow(), self.actor, list(rows), parsed.problems if number == 0 else [],
                strict=False, preview=True,
                conflicts=parsed.conflicts if number == len(batches) - 1 else (),
                column=parsed.column, filename=parsed.filename,
                register_partners=self.job.register_partners, clock=self.clock)
            _merge(report, part)
            done += len(rows)
            self._beat(done=done)
        return report

    def _apply(self, parsed: ParsedFile, applied: list[ImportJobBatch]) -> None:
        offset = applied[-1].done if applied else 0
        if applied and offset >= len(parsed.rows):
            return  # every batch was stored before the worker stopped: only the end is left
        batches = self._batches(parsed.rows[offset:]) or [[]]
        number, done = len(applied), offset
        for index, rows in enumerate(batches):
            if self.should_stop():
                raise _Lost()
            done += len(rows)

            def keep(uow: AbstractUnitOfWork, part: ImportReport, number: int = number,
                     done: int = done) -> None:
                # progress, ownership and cancel in one statement, in the batch's transaction
                if not uow.imports.beat_job(self.job.id, self.worker, self.clock(), done=done,
                                            total=self.total, unless_cancelled=True):
                    raise _Refused()  # the batch is rolled back: it was never applied
                uow.imports.add_batch(self.job.id, ImportJobBatch(
                    number=number, done=done, import_id=part.import_id,
                    report=self.describe(part)))

            try:
                import_participants(
                    self.make_uow(), self.actor, list(rows),
                    parsed.problems if number == 0 else [], strict=False, preview=False,
                    conflicts=parsed.conflicts if index == len(batches) - 1 else (),
                    column=parsed.column, filename=parsed.filename,
                    register_partners=self.job.register_partners, clock=self.clock,
                    before_commit=keep)
            except _Refused:
                self._refused()
            self.done, number = done, number + 1

    def end(self, *, report: JsonDict | None = None, error: str = "") -> None:
        """End the job (its batches merged into one import, its report and error kept), if
        it is still this worker's."""
        with self.make_uow() as uow:
            job = uow.imports.get_job(self.job.id)
            if job is None or job.status != ImportJobStatus.running or job.worker != self.worker:
                return
            _end(uow, job, self.actor.login, self.clock(), report=report, error=error,
                 done=self.done, total=self.total or job.total)
            uow.commit()


class _Cancelled(Exception):
    def __init__(self, login: str) -> None:
        super().__init__(login)
        self.login = login


def _end(uow: AbstractUnitOfWork, job: ImportJob, login: str, at: datetime, *,
         report: JsonDict | None = None, error: str = "", done: int | None = None,
         total: int | None = None) -> None:
    """In `uow`'s transaction: merge the job's applied batches into one import and record
    the job as done, or failed with `error`, with its report (`report` for a pass that stored
    nothing; else the batches' parts) and no file."""
    batches = uow.imports.batches(job.id)
    if report is None:
        report = _merged_report(job, [b.report for b in batches])
    if batches:
        import_id = _merge_records(uow, job, [b.import_id for b in batches
                                              if b.import_id is not None], login or job.created_by)
        report = {**report, "import_id": import_id, "stored": import_id is not None}
    uow.imports.set_job(
        job.id, status=ImportJobStatus.failed if error else ImportJobStatus.done,
        done=job.done if done is None else done, total=job.total if total is None else total,
        report=report, error=error, finished_at=at)


def _merge(into: ImportReport, part: ImportReport) -> None:
    into.stored = into.stored or part.stored
    for name in _LISTS:
        getattr(into, name).extend(getattr(part, name))
    for name in _SETS:
        seen = getattr(into, name)
        seen.extend(x for x in getattr(part, name) if x not in seen)


def _merged_report(job: ImportJob, parts: Sequence[JsonDict]) -> JsonDict:
    """The batches' reports as one (the API's import report, as JSON)."""
    merged: JsonDict = {"strict": job.strict, "preview": job.preview, "stored": False,
                        "import_id": None, **{name: [] for name in (*_LISTS, *_SETS)}}
    for part in parts:
        for name in _LISTS:
            merged[name].extend(part.get(name, []))
        for name in _SETS:
            merged[name].extend(x for x in part.get(name, []) if x not in merged[name])
    return merged


def _merge_records(uow: AbstractUnitOfWork, job: ImportJob, parts: Sequence[int],
                   by: str) -> int | None:
    """One applied import in place of the batches' records (undo takes the file whole). A
    person two batches touched keeps the state before the first and the version after the
    last, so undo restores them as they were before the file."""
    records = [r for i in parts if (r := uow.imports.get(i)) is not None]
    if not records:
        return None
    if len(records) == 1:
        return records[0].id
    people: dict[tuple[int, str], JsonDict] = {}
    changes: JsonDict = {"participants": [], "consent_events": [], "conflicts": [],
                         "organisations": []}
    summary: dict[str, int] = {}
    for r in records:
        for person in r.changes.get("participants", []):
            who = (person["organisation_id"], person["pid"])
            first = people.get(who)
            people[who] = person if first is None else {**first, "version": person["version"]}
        for key in ("consent_events", "conflicts"):
            changes[key].extend(r.changes.get(key, []))
        changes["organisations"] = sorted(set(changes["organisations"])
                                          | set(r.changes.get("organisations", [])))
        for name, value in r.summary.items():
            summary[name] = summary.get(name, 0) + int(value)
    changes["participants"] = list(people.values())
    merged = uow.imports.add(StoredImport(
        id=0, organisation_id=job.organisation_id, at=records[-1].at, by=by,
        filename=job.filename[:300], summary=summary, changes=changes))
    uow.imports.delete([r.id for r in records])
    return merged.id


def recover_stalled_imports(
    make_uow: UowFactory,
    requeue: Callable[[int], None],
    *,
    stall_s: float = STALL_S,
    max_attempts: int = MAX_ATTEMPTS,
    worker: str = "supervisor",
    clock: Clock = utcnow,
) -> list[int]:
    """Jobs whose worker stopped beating for `stall_s`: each goes back to the queue
    (`requeue(job_id)`) to resume after its last batch, until it has been taken up
    `max_attempts` times; then, or if a cancel was asked for, it ends (its batches merged,
    the message naming what happened). Safe from every process at once: one takes each."""
    at = clock()
    stale_before = at - timedelta(seconds=stall_s)
    with make_uow() as uow:
        stalled = uow.imports.stalled_jobs(stale_before)
    handled = []
    for job in stalled:
        retry = not job.cancel_requested_by and job.attempts < max_attempts
        with make_uow() as uow:
            if retry:
                if not uow.imports.requeue_job(job.id, stale_before):
                    continue  # its worker beat meanwhile, or another process took it back
            else:
                if not uow.imports.claim_job(job.id, worker, at, stale_before):
                    continue
                error = (message("import_job.cancelled", login=job.cancel_requested_by,
                                 done=job.done, total=job.total) if job.cancel_requested_by
                         else message("import_job.worker_lost", attempts=job.attempts,
                                      done=job.done, total=job.total))
                _end(uow, job, job.created_by, clock(), error=error)
            uow.commit()
        log.warning("import job %s: its worker %s stopped responding; %s", job.id, job.worker,
                    "queued again" if retry else "ended")
        handled.append(job.id)
        if retry:
            requeue(job.id)
    return handled


def queued_import_jobs(make_uow: UowFactory) -> list[int]:
    """Jobs waiting in the queue, oldest first (an in-process queue takes them up again at
    start: its threads died with the process that held them)."""
    with make_uow() as uow:
        return [j.id for j in uow.imports.unfinished_jobs() if j.status == ImportJobStatus.queued]


def unsent_import_jobs(make_uow: UowFactory, *, grace_s: float, clock: Clock = utcnow
                       ) -> list[int]:
    """Queued jobs with no queue job for `grace_s` since they were created: the process that
    stored them died before handing them to the durable queue."""
    before = clock() - timedelta(seconds=grace_s)
    with make_uow() as uow:
        return [j.id for j in uow.imports.unfinished_jobs()
                if j.status == ImportJobStatus.queued and j.queue_job_id is None
                and j.created_at < before]
