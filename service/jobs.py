"""Background runs behind one interface (`RunQueue`), on two queues:

- `InProcessQueue` (the embedded SQLite default, `RUN_QUEUE=inprocess`): a small pool of threads
  in the web process. Threads suit the solver (OR-Tools and numpy release the GIL) and SQLite
  (WAL lets pages read while a job writes). Queued runs left by a stopped process are taken up
  again when the app starts.
- `ProcrastinateQueue` (PostgreSQL, `RUN_QUEUE=procrastinate`, the default there): a durable
  queue in the same database (Procrastinate); any number of `python -m service worker`
  processes on any machine solve the runs that any number of web processes queue. Each web
  process also runs an embedded worker (one solve at a time) unless `EMBEDDED_WORKER=false`,
  so `python -m service` alone on PostgreSQL solves runs.

Large bank imports go through the same queues (`enqueue_import`): a thread of its own on the
in-process queue, the `nastavnik.import_bank` task on Procrastinate's `imports` queue (which
every worker also serves). The job row holds the file, so any worker can take it up; it beats
like a run and the same supervisor gives an import whose worker died back to the queue once,
resuming after its last applied batch, or ends it with a message
(`services.import_jobs`).

On both, a run's job is `runs.execute_run`: it claims the run, beats every `RUN_HEARTBEAT_S` and
stops when the run is cancelled. Every web process and every worker also runs a supervisor
that gives runs whose worker stopped beating for `RUN_STALL_S` back to the queue (once), or
fails them with a message (`runs.recover_stalled`), whichever entry point started it. One
queued or running run per programme is guarded by the database itself (a unique index), so
neither queue needs a lock of its own.
"""

from __future__ import annotations

import abc
import asyncio
import logging
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from matcher.executors import RayExecutor, executor
from matcher.model import Programme
from matcher.scoring.incremental import CacheSlot
from matcher.solver import SolveOptions
from service import runs, services
from service.bank_files import ParsedUpload, read_upload
from service.config import Settings
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import ImportJob, JsonDict, StoredRun
from service.schemas import ImportReportPublic

log = logging.getLogger(__name__)

QUEUE_NAME = "runs"
TASK_NAME = "nastavnik.solve_run"
IMPORT_QUEUE = "imports"
IMPORT_TASK_NAME = "nastavnik.import_bank"
QUEUES = [QUEUE_NAME, IMPORT_QUEUE]  # what every worker serves
SCORE_CACHES = 8  # programmes whose score cache a process keeps in memory


class JobRunner:
    """A small pool of worker threads that remembers what it still has to finish."""

    def __init__(self, max_workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(max_workers=max_workers,
                                        thread_name_prefix="nastavnik-run")
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., None], *args: object, **kwargs: object) -> Future[None]:
        future = self._pool.submit(fn, *args, **kwargs)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for every submitted job; True if all finished within `timeout`."""
        with self._lock:
            pending = list(self._pending)
        _, not_done = wait(pending, timeout=timeout)
        return not not_done

    def shutdown(self, *, wait: bool = True) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)


def submit_run(
    runner: JobRunner,
    session_factory: sessionmaker[Session],
    run_id: int,
    options: SolveOptions | None = None,
) -> Future[None]:
    """Solve the queued run `run_id` in the background on the database of `session_factory`."""
    return runner.submit(runs.execute_run, lambda: SqlAlchemyUnitOfWork(session_factory),
                         run_id, options=options)


class Supervisor:
    """A thread that hands runs whose worker died back to the queue, every `stall_s / 3`
    (and whatever else the queue's `also` looks after on the same beat)."""

    def __init__(self, session_factory: sessionmaker[Session], requeue: Callable[[int], None],
                 stall_s: float, also: Callable[[], object] | None = None) -> None:
        self.session_factory, self.requeue, self.stall_s = session_factory, requeue, stall_s
        self.also = also
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def check(self) -> list[int]:
        stalled = runs.recover_stalled(lambda: SqlAlchemyUnitOfWork(self.session_factory),
                                       self.requeue, stall_s=self.stall_s)
        if self.also is not None:
            self.also()
        return stalled

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="nastavnik-supervisor",
                                            daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(max(self.stall_s / 3, 0.5)):
            try:
                self.check()
            except Exception:  # a supervisor that dies would leave runs stuck: log, go on
                log.exception("checking for stalled runs failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


class RunQueue(abc.ABC):
    """Where `POST /runs` puts a run and the cancel asks it to stop."""

    def __init__(self, session_factory: sessionmaker[Session], settings: Settings) -> None:
        self.session_factory, self.settings = session_factory, settings
        # where the solves run (MATCHER_ENGINE, RAY_ADDRESS): this process, or Ray tasks
        self.executor = executor(settings.matcher_engine, settings.ray_address)
        # each programme's score cache, in memory: a rerun in this process scores only the
        # people who changed (the most recently used SCORE_CACHES programmes are kept)
        self._caches: OrderedDict[str, CacheSlot] = OrderedDict()
        self._caches_lock = threading.Lock()
        self.supervisor = Supervisor(session_factory, self.enqueue, settings.run_stall_s,
                                     also=self._also)

    def _uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.session_factory)

    def _also(self) -> object:
        """The supervisor's beat beyond runs: imports whose worker died, then `tidy`."""
        services.recover_stalled_imports(self._uow, self.enqueue_import,
                                         stall_s=self.settings.run_stall_s,
                                         worker=f"supervisor:{runs.worker_name()}")
        return self.tidy()

    def tidy(self) -> object:
        """What the supervisor also looks after on this queue (nothing by default)."""
        return None

    @abc.abstractmethod
    def enqueue(self, run_id: int) -> None:
        """Hand the queued run to the workers."""

    @abc.abstractmethod
    def enqueue_import(self, job_id: int) -> None:
        """Hand the stored import job to the workers."""

    def cancel_import(self, job: ImportJob) -> None:
        """Drop the queue's job of an import job that has ended (a queued one cancelled)."""
        return None

    def cancel(self, run: StoredRun) -> None:
        """Ask the queue to drop or abort the run's job (the run itself is already failed:
        its worker stops at its next heartbeat whatever the queue does)."""
        return None

    def start(self) -> None:
        """Begin supervising (the app's start-up): recover runs left by dead workers."""
        if isinstance(self.executor, RayExecutor):
            self.executor.start()  # here, not in a job's thread: ray.init sets signal handlers
        self.supervisor.check()
        self.supervisor.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the runs this process solves; True if all finished within `timeout`."""
        return True

    def shutdown(self, *, wait: bool = True) -> None:
        self.supervisor.stop()

    def release_engine(self) -> None:
        """Stop the local Ray instance the engine started, once no solve uses it."""
        if isinstance(self.executor, RayExecutor):
            self.executor.shutdown()

    def score_cache(self, programme_id: str) -> CacheSlot:
        """The programme's score cache slot (made on first use). The least recently used are
        dropped past SCORE_CACHES programmes or past `SCORE_CACHE_MB` (this one is kept)."""
        with self._caches_lock:
            slot = self._caches.pop(programme_id, None) or CacheSlot()
            self._caches[programme_id] = slot
            budget = self.settings.score_cache_mb * 2**20
            while len(self._caches) > SCORE_CACHES or (
                    len(self._caches) > 1 and self._cache_bytes() > budget):
                self._caches.popitem(last=False)
            return slot

    def _cache_bytes(self) -> int:
        return sum(s.value.nbytes() for s in self._caches.values() if s.value is not None)

    def _execute_import(self, job_id: int,
                        should_abort: Callable[[], bool] | None = None) -> None:
        limits = self.settings.file_limits

        def parse(filename: str, content: bytes, own: Programme | None) -> ParsedUpload:
            return read_upload(filename, content, limits, own)

        def describe(report: services.ImportReport) -> JsonDict:
            return ImportReportPublic.of(report).model_dump(mode="json")

        services.execute_import_job(self._uow, job_id, parse=parse, describe=describe,
                                    worker=runs.worker_name(),
                                    heartbeat_s=self.settings.run_heartbeat_s,
                                    stall_s=self.settings.run_stall_s,
                                    should_abort=should_abort)

    def _execute(self, run_id: int, should_abort: Callable[[], bool] | None = None) -> None:
        runs.execute_run(lambda: SqlAlchemyUnitOfWork(self.session_factory), run_id,
                         executor=self.executor, score_cache=self.score_cache,
                         heartbeat_s=self.settings.run_heartbeat_s,
                         stall_s=self.settings.run_stall_s, should_abort=should_abort)


class InProcessQueue(RunQueue):
    """Runs solved by threads of this process (the embedded SQLite default)."""

    def __init__(self, session_factory: sessionmaker[Session], settings: Settings) -> None:
        super().__init__(session_factory, settings)
        self.runner = JobRunner(settings.job_workers)
        # imports on a thread of their own: a long solve does not hold a file back
        self.import_runner = JobRunner(max_workers=1)
        self._closing = threading.Event()

    def enqueue(self, run_id: int) -> None:
        self.runner.submit(self._execute, run_id, self._closing.is_set)

    def enqueue_import(self, job_id: int) -> None:
        self.import_runner.submit(self._execute_import, job_id, self._closing.is_set)

    def start(self) -> None:
        """Queued runs and imports of a stopped process are this process's now; then
        supervise (running ones go back to the queue once their heartbeat is stale)."""
        for run_id in runs.queued_runs(SqlAlchemyUnitOfWork(self.session_factory)):
            self.enqueue(run_id)
        for job_id in services.queued_import_jobs(self._uow):
            self.enqueue_import(job_id)
        super().start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the runs and imports this process has; True if all finished in time."""
        return self.runner.wait(timeout) and self.import_runner.wait(timeout)

    def shutdown(self, *, wait: bool = True) -> None:
        """Stop supervising; with `wait`, let running solves store their results, else stop
        them (they fail with «прерван остановкой»)."""
        super().shutdown()
        if not wait:
            self._closing.set()
        self.runner.shutdown(wait=True)
        self.import_runner.shutdown(wait=True)
        self.release_engine()


def conninfo(database_url: str) -> str:
    """The libpq connection string of a SQLAlchemy PostgreSQL URL (Procrastinate's pool)."""
    url = make_url(database_url)
    parts: dict[str, Any] = {"host": url.host, "port": url.port, "user": url.username,
             "password": url.password, "dbname": url.database, **url.query}
    return make_conninfo(**{k: v for k, v in parts.items() if v is not None})


def ensure_queue_schema(database_url: str) -> bool:
    """Create Procrastinate's tables in the database unless they are there (an advisory lock
    keeps two starting processes from both creating them). True if it created them."""
    from procrastinate.schema import SchemaManager

    with psycopg.connect(conninfo(database_url)) as conn, conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (zlib.crc32(b"procrastinate"),))
        found = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if found is not None and found[0] is not None:
            return False
        conn.execute(SchemaManager.get_schema())
    return True


def procrastinate_app(settings: Settings) -> Any:
    """The Procrastinate app on the settings' database with the run task registered."""
    from procrastinate import App, JobContext, PsycopgConnector

    app = App(connector=PsycopgConnector(conninfo=conninfo(settings.database_url)))

    @app.task(name=TASK_NAME, queue=QUEUE_NAME, pass_context=True)
    def solve_run(context: JobContext, run_id: int) -> None:
        factory = _worker_factory(settings)
        RunQueueForWorker(factory, settings).execute(run_id, context.should_abort)

    @app.task(name=IMPORT_TASK_NAME, queue=IMPORT_QUEUE, pass_context=True)
    def import_bank(context: JobContext, job_id: int) -> None:
        factory = _worker_factory(settings)
        RunQueueForWorker(factory, settings).execute_import(job_id, context.should_abort)

    return app


_factories: dict[str, sessionmaker[Session]] = {}
_factories_lock = threading.Lock()


def _worker_factory(settings: Settings) -> sessionmaker[Session]:
    """One engine per database in a worker process, shared by its jobs."""
    from service.db.engine import make_engine, make_session_factory

    with _factories_lock:
        if settings.database_url not in _factories:
            _factories[settings.database_url] = make_session_factory(
                make_engine(settings.database_url))
        return _factories[settings.database_url]


class EmbeddedWorker:
    """A Procrastinate worker on a thread of the web process (one solve at a time), so that
    `python -m service` alone on PostgreSQL solves the runs it queues (`EMBEDDED_WORKER`)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._ready = threading.Event()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=asyncio.run, args=(self._main(),),
                                            name="nastavnik-embedded-worker", daemon=True)
            self._thread.start()
            self._ready.wait(30)

    async def _main(self) -> None:
        app = procrastinate_app(self.settings)
        self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        self._ready.set()
        try:
            async with app.open_async():
                await app.run_worker_async(
                    queues=QUEUES, concurrency=1, wait=True,
                    install_signal_handlers=False,
                    shutdown_graceful_timeout=self.settings.worker_grace_s)
        except asyncio.CancelledError:  # stop(): the worker has let its solve finish
            pass

    def stop(self) -> None:
        """Stop taking jobs; a solve under way finishes first (up to `WORKER_GRACE_S`)."""
        if self._thread is None:
            return
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        self._thread.join(self.settings.worker_grace_s + 30)
        self._thread = None


class ProcrastinateQueue(RunQueue):
    """Runs put on Procrastinate's queue in PostgreSQL, solved by `python -m service worker`
    processes (and recovered by the supervisor of any of them, or of any web process); with
    `embedded` the web process solves them too, one at a time."""

    def __init__(self, session_factory: sessionmaker[Session], settings: Settings, *,
                 embedded: bool = False) -> None:
        super().__init__(session_factory, settings)
        self._app: Any = None
        self._lock = threading.Lock()
        self.worker = EmbeddedWorker(settings) if embedded else None

    def start(self) -> None:
        super().start()
        if self.worker is not None:
            ensure_queue_schema(self.settings.database_url)
            self.worker.start()

    @property
    def app(self) -> Any:
        with self._lock:
            if self._app is None:
                ensure_queue_schema(self.settings.database_url)
                self._app = procrastinate_app(self.settings).open()  # a small sync pool
            return self._app

    def enqueue(self, run_id: int) -> None:
        job_id = self.app.tasks[TASK_NAME].defer(run_id=run_id)
        with SqlAlchemyUnitOfWork(self.session_factory) as uow:
            uow.runs.set_job(run_id, int(job_id))
            uow.commit()

    def enqueue_import(self, job_id: int) -> None:
        queue_job = self.app.tasks[IMPORT_TASK_NAME].defer(job_id=job_id)
        with self._uow() as uow:
            uow.imports.set_queue_job(job_id, int(queue_job))
            uow.commit()

    def cancel_import(self, job: ImportJob) -> None:
        if job.queue_job_id is not None and not job.active:
            self.app.job_manager.cancel_job_by_id(job.queue_job_id)

    def cancel(self, run: StoredRun) -> None:
        if run.job_id is not None:
            self.app.job_manager.cancel_job_by_id(run.job_id, abort=True)

    def tidy(self) -> tuple[list[int], list[int]]:
        """Queued runs that never got a job (their web process died between the commit and
        the defer) are deferred again after `RUN_DEFER_GRACE_S`; jobs still waiting for runs
        that have ended (or are gone) are cancelled. The runs and the jobs re-deferred and
        cancelled."""
        unsent = runs.unsent_runs(lambda: SqlAlchemyUnitOfWork(self.session_factory),
                                  grace_s=self.settings.run_defer_grace_s)
        for run_id in unsent:
            log.warning("run %s was queued but never deferred: deferring it again", run_id)
            self.enqueue(run_id)
        manager = self.app.job_manager  # opened first: the queue's tables exist from here on
        stale = self.stale_jobs()
        for job_id in stale:
            manager.cancel_job_by_id(job_id)
        self.tidy_imports()
        return unsent, stale

    def tidy_imports(self) -> tuple[list[int], list[int]]:
        """The same for import jobs: deferred if never sent; queue jobs of ended import jobs
        cancelled. The import jobs deferred and the queue jobs cancelled."""
        unsent = services.unsent_import_jobs(self._uow, grace_s=self.settings.run_defer_grace_s)
        for job_id in unsent:
            log.warning("import job %s was stored but never deferred: deferring it", job_id)
            self.enqueue_import(job_id)
        with self.session_factory() as session:
            stale = list(session.scalars(text(
                "SELECT j.id FROM procrastinate_jobs j LEFT JOIN import_jobs i "
                "ON i.id = (j.args->>'job_id')::int WHERE j.task_name = :task "
                "AND j.status = 'todo' AND (i.id IS NULL OR i.status NOT IN ('queued', "
                "'running')) ORDER BY j.id"), {"task": IMPORT_TASK_NAME}))
        for queue_job in stale:
            self.app.job_manager.cancel_job_by_id(queue_job)
        return unsent, stale

    def stale_jobs(self) -> list[int]:
        """Waiting jobs of the run task whose run has ended or no longer exists."""
        with self.session_factory() as session:
            return list(session.scalars(text(
                "SELECT j.id FROM procrastinate_jobs j LEFT JOIN runs r "
                "ON r.id = (j.args->>'run_id')::int WHERE j.task_name = :task "
                "AND j.status = 'todo' AND (r.id IS NULL OR r.status NOT IN ('queued', "
                "'running')) ORDER BY j.id"), {"task": TASK_NAME}))

    def shutdown(self, *, wait: bool = True) -> None:
        super().shutdown(wait=wait)
        if self.worker is not None:
            self.worker.stop()
        with self._lock:
            if self._app is not None:
                self._app.close()
                self._app = None
        self.release_engine()


class RunQueueForWorker(RunQueue):
    """What a Procrastinate job runs in a worker: the run, with the job's abort as a stop."""

    def enqueue(self, run_id: int) -> None:  # a worker's supervisor defers through the web API
        ProcrastinateQueue(self.session_factory, self.settings).enqueue(run_id)

    def enqueue_import(self, job_id: int) -> None:
        ProcrastinateQueue(self.session_factory, self.settings).enqueue_import(job_id)

    def execute(self, run_id: int, should_abort: Callable[[], bool]) -> None:
        self._execute(run_id, should_abort)

    def execute_import(self, job_id: int, should_abort: Callable[[], bool]) -> None:
        self._execute_import(job_id, should_abort)


def make_queue(session_factory: sessionmaker[Session], settings: Settings) -> RunQueue:
    """The queue the settings ask for (`RUN_QUEUE`; `auto`: by the database)."""
    if settings.queue == "procrastinate":
        return ProcrastinateQueue(session_factory, settings, embedded=settings.embedded_worker)
    return InProcessQueue(session_factory, settings)


def run_worker(settings: Settings, *, concurrency: int = 1) -> None:
    """`python -m service worker`: solve runs from the PostgreSQL queue until stopped
    (SIGINT/SIGTERM let running solves finish first, up to a grace period)."""
    from service.db.engine import make_engine, make_session_factory

    ensure_queue_schema(settings.database_url)
    factory = make_session_factory(make_engine(settings.database_url))
    queue = ProcrastinateQueue(factory, settings)
    queue.start()  # this worker also recovers runs of dead workers
    try:
        procrastinate_app(settings).run_worker(
            queues=QUEUES, concurrency=concurrency, wait=True,
            shutdown_graceful_timeout=settings.worker_grace_s,
        )
    finally:
        queue.shutdown()
