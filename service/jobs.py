"""Background runs: an in-process thread pool that solves queued runs.

`POST /programmes/{id}/runs` stores a queued run (`runs.start_run`) and submits
`runs.execute_run` here; the job opens its own units of work, reads the bank through
`services.load_bank`, records its progress on the run and stores the result. Threads suit the
solver (OR-Tools and numpy release the GIL) and SQLite (WAL lets pages read while a job writes).

The pool lives in one process: a run queued or running when the process stops is marked failed
at the next start (`runs.fail_interrupted`, called by `python -m service`). Several server
processes would need a shared queue instead; the job function would stay the same.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait

from sqlalchemy.orm import Session, sessionmaker

from matcher.solver import SolveOptions
from service import runs
from service.db.unit_of_work import SqlAlchemyUnitOfWork


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
