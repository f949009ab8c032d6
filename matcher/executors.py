"""Where independent pieces of a solve run: in this process, or as tasks on a Ray cluster.

The scorer's blocks of mentees and the solver's CP-SAT components do not depend on each other;
`Executor.map(fn, shared, items)` runs `fn(shared, item)` for every item and returns the answers
in the order of `items`. `shared` (the fitted scorer, the solver instance) is sent once.

- `LocalExecutor` (the default) runs them one after another in the calling thread, exactly as
  before; a requested stop (`matcher.control`) ends the pass between items.
- `RayExecutor(address)` submits each item as a Ray task: `shared` goes to the object store once
  (`ray.put`) and every task reads it from there. `address=None` starts a local Ray instance
  (`num_cpus` workers); `"auto"` or `"ray://host:10001"` joins an existing cluster. While the
  tasks run the caller keeps asking `control.checkpoint()`: a stop cancels the tasks left.

Ray is imported only when a `RayExecutor` first maps something, so the default path never loads
it. The answers are the same on either executor: each item is computed by the same function from
the same inputs (the tests compare them on a local Ray instance).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

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
            what: str = "") -> list[R]: ...


@dataclass(frozen=True)
class LocalExecutor:
    """Every item in this thread, in order (the single-process default)."""

    name: str = "local"
    pieces: int = 1  # items the scorer cuts its mentees into

    def map(self, fn: Callable[[S, A], R], shared: S, items: Sequence[A], *,
            what: str = "") -> list[R]:
        out = []
        for i, item in enumerate(items):
            control.checkpoint()
            out.append(fn(shared, item))
            if what:
                control.note(what, i + 1, len(items))
        return out


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
            what: str = "") -> list[R]:
        if len(items) < self.min_items:
            return LOCAL.map(fn, shared, items, what=what)
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
                if ready and what:
                    control.note(what, len(out), len(items))
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
