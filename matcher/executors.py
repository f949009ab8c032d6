"""Where independent pieces of a solve run: in this process, or as tasks on a Ray cluster.

The scorer's blocks of mentees and the solver's CP-SAT components do not depend on each other;
`Executor.map(fn, shared, items)` runs `fn(shared, item)` for every item and returns the answers
in the order of `items`. `shared` (the fitted scorer, the solver instance) is sent once. With
`what`, progress is noted as items end: (what, done, total), counted in items, or in `sizes`
(how many of `what` each item holds: mentees) where given.

- `LocalExecutor` (the default) runs them one after another in the calling thread; a requested
  stop (`matcher.control`) ends the pass between items. With `threads` > 1 it runs them on that
  many threads of this process (`scoring_executor`: the scorer's blocks, whose numpy work and
  compiled kernels release the GIL); the calling thread waits, reports and passes on a stop.
- `RayExecutor(address)` submits each item as a Ray task: `shared` goes to the object store once
  (`ray.put`) and every task reads it from there. `address=None` starts a local Ray instance
  (`num_cpus` workers); `"auto"` or `"ray://host:10001"` joins an existing cluster. While the
  tasks run the caller keeps asking `control.checkpoint()`: a stop cancels the tasks left.

Ray is imported only when a `RayExecutor` first maps something, so the default path never loads
it. The answers are the same on either executor: each item is computed by the same function from
the same inputs (the tests compare them on a local Ray instance).
"""

from __future__ import annotations

import contextvars
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from threadpoolctl import threadpool_limits

from matcher import control
from matcher.errors import Cancelled

S = TypeVar("S")
A = TypeVar("A")
R = TypeVar("R")

EngineName = Literal["local", "ray"]
ENGINES: tuple[EngineName, ...] = ("local", "ray")


class Executor(Protocol):
    """Runs `fn(shared, item)` for every item; answers in the order of `items`."""

    @property
    def name(self) -> str: ...

    @property
    def pieces(self) -> int:
        """How many items a caller should cut its work into."""
        ...

    def map(self, fn: Callable[[S, A], R], shared: S, items: Sequence[A], *,
            what: str = "", sizes: Sequence[int] | None = None) -> list[R]: ...


def _note(what: str, done: Sequence[int], sizes: Sequence[int] | None, total: int) -> None:
    """Progress after items end: `done` holds their positions."""
    if what:
        if sizes is None:
            control.note(what, len(done), total)
        else:
            control.note(what, sum(sizes[i] for i in done), sum(sizes))


@dataclass(frozen=True)
class LocalExecutor:
    """Every item in this process: in this thread, in order (the single-process default), or
    on `threads` threads, answers still in the order of the items."""

    name: str = "local"
    pieces: int = 1  # items the scorer cuts its mentees into
    threads: int = 1

    def map(self, fn: Callable[[S, A], R], shared: S, items: Sequence[A], *,
            what: str = "", sizes: Sequence[int] | None = None) -> list[R]:
        if self.threads > 1 and len(items) > 1:
            return _threaded(fn, shared, items, self.threads, what, sizes)
        out = []
        for i, item in enumerate(items):
            control.checkpoint()
            out.append(fn(shared, item))
            _note(what, range(i + 1), sizes, len(items))
        return out


def _threaded(fn: Callable[[S, A], R], shared: S, items: Sequence[A], threads: int,
              what: str, sizes: Sequence[int] | None) -> list[R]:
    """`fn(shared, item)` for every item on `threads` threads. The workers see a stop through
    their own `control` (they report nothing: the caller's hooks stay on the calling thread,
    which asks them while it waits); a stop or a failure cancels the items not yet started and
    returns once the running ones have stopped at their next checkpoint."""
    cancel = threading.Event()

    def run(item: A) -> R:
        with control.controlled(cancel.is_set, None):
            control.checkpoint()
            return fn(shared, item)

    out: dict[int, R] = {}
    # One BLAS thread per worker: BLAS's own threads spin while they wait, and beside a second
    # worker they cost half as much CPU again (100k people's candidates: 16.4 s, now 12.5 s).
    with threadpool_limits(limits=1, user_api="blas"), \
            ThreadPoolExecutor(max_workers=threads, thread_name_prefix="matcher") as pool:
        # each item in a copy of the caller's context (the programme's topic labels, say)
        pending = {pool.submit(contextvars.copy_context().run, run, item): i
                   for i, item in enumerate(items)}
        try:
            while pending:
                done, _ = wait(pending, timeout=control.POLL_S, return_when=FIRST_COMPLETED)
                for fut in done:
                    out[pending.pop(fut)] = fut.result()
                if done:
                    _note(what, list(out), sizes, len(items))
                control.checkpoint()
        except BaseException:
            cancel.set()
            for fut in pending:
                fut.cancel()
            raise
    return [out[i] for i in range(len(items))]


def scoring_threads() -> int:
    """Threads the scorer's blocks run on in this process: `MATCHER_THREADS`, or one per core
    (at most 8)."""
    value = os.environ.get("MATCHER_THREADS", "").strip()
    if value:
        return max(1, int(value))
    return max(1, min(8, os.cpu_count() or 1))


def scoring_executor(run_on: Executor) -> Executor:
    """Where the scorer runs its blocks: `run_on`, except that the single-process default
    (`LOCAL` itself) becomes a threaded one; the answers are the same (each block is computed
    alone, and the candidates are put in one order at the end)."""
    if run_on is LOCAL:
        threads = scoring_threads()
        if threads > 1:
            return LocalExecutor(pieces=4 * threads, threads=threads)
    return run_on


LOCAL = LocalExecutor()


@dataclass
class RayExecutor:
    """Every item as a Ray task (module doc). `min_items`: fewer items run locally (a task
    costs a few milliseconds and `shared` a copy to the object store)."""

    address: str | None = None
    num_cpus: int | None = None
    min_items: int = 2
    pieces: int = 16  # items the scorer cuts its mentees into (several per worker)
    name: str = "ray"
    _started: bool = field(default=False, init=False, repr=False)

    def start(self) -> None:
        """Start or join Ray now (call it from the main thread: `ray.init` sets signal
        handlers); otherwise the first `map` does."""
        self._ray()

    def _ray(self) -> Any:
        import ray  # a heavy import: only when a Ray map actually runs

        if not ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                      "ignore_reinit_error": True}
            if self.address:
                kwargs["address"] = self.address
            else:
                kwargs["num_cpus"] = self.num_cpus
            ray.init(**kwargs)
            self._started = True
        return ray

    def map(self, fn: Callable[[S, A], R], shared: S, items: Sequence[A], *,
            what: str = "", sizes: Sequence[int] | None = None) -> list[R]:
        if len(items) < self.min_items:
            return LOCAL.map(fn, shared, items, what=what, sizes=sizes)
        ray = self._ray()
        task = _remote(ray, fn)
        ref = ray.put(shared)
        pending = {task.remote(ref, item): i for i, item in enumerate(items)}
        out: dict[int, R] = {}
        try:
            while pending:
                control.checkpoint()
                ready, _ = ray.wait(list(pending), num_returns=1, timeout=control.POLL_S)
                for r in ready:
                    out[pending.pop(r)] = ray.get(r)
                if ready:
                    _note(what, list(out), sizes, len(items))
        except Cancelled:
            for r in pending:
                ray.cancel(r, force=True)
            raise
        return [out[i] for i in range(len(items))]

    def shutdown(self) -> None:
        """Stop the local Ray instance this executor started (a joined cluster stays up)."""
        if self._started:
            import ray

            ray.shutdown()
            self._started = False


_REMOTE: dict[Callable[..., Any], Any] = {}


def _remote(ray: Any, fn: Callable[..., Any]) -> Any:
    """`fn` as a Ray remote function (made once per function)."""
    if fn not in _REMOTE:
        _REMOTE[fn] = ray.remote(fn)
    return _REMOTE[fn]


def executor(engine: str | None = None, address: str | None = None) -> Executor:
    """The executor an engine name stands for; `None` reads `MATCHER_ENGINE` and `RAY_ADDRESS`
    from the environment (default: the single process)."""
    name = (engine or os.environ.get("MATCHER_ENGINE") or "local").lower()
    if name == "local":
        return LOCAL
    if name == "ray":
        return RayExecutor(address=address or os.environ.get("RAY_ADDRESS") or None)
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
