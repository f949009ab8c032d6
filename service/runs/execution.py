"""Starting, running and stopping: queue a run (one queued or running run per programme, the
database's unique index guarding it), the background job that claims it, reads the bank, solves
with progress and a heartbeat and stores the result (or the reason it failed), a cancel, and the
recovery of runs whose worker died (`service.jobs` runs these on a queue).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from matcher.candidates import Candidates
from matcher.errors import Cancelled, InvalidResult, MatcherError
from matcher.executors import LOCAL, Executor
from matcher.model import KEPT_STATUSES, Programme, ProposalStatus, RunResult
from matcher.scoring.incremental import CacheSlot
from matcher.solver import SolveOptions, solve
from service.domain import Actor, JsonDict, RunStage, RunStatus, StoredRun
from service.errors import (
    ProgrammeArchived,
    RunInProgress,
    RunNotActive,
    ServiceError,
    field_error,
)
from service.i18n import message
from service.runs.alternates import alternates_of
from service.runs.common import ACTIVE, STATUS_WORDS, UowFactory, stored_run
from service.runs.readmodel import record_read_model
from service.services.common import (
    Clock,
    Heartbeat,
    invalid,
    record,
    require_write,
    stored_programme,
    utcnow,
)
from service.services.imports import load_bank
from service.unit_of_work import AbstractUnitOfWork

log = logging.getLogger(__name__)

# The solver's stages (its progress callback) as the run's stages, and where each starts.
SOLVER_STAGES: dict[str, RunStage] = {
    "score": RunStage.scoring,
    "solve": RunStage.solving,
    "explain": RunStage.explaining,
    "done": RunStage.saving,
}


LOADED = 0.05  # progress once the bank is read; the solver's own fraction fills 0.05 .. 0.95


SOLVED = 0.95

HEARTBEAT_S = 2.0  # a running job says it is alive this often (and notices a cancel)
STALL_S = 30.0  # a running run with no heartbeat for this long has lost its worker
MAX_ATTEMPTS = 2  # a run whose worker died is started again once, then fails with a message
DETAIL_EVERY_S = 0.5  # "scored 1,200 of 3,000 mentees" is written at most this often


def _run_json(run: StoredRun) -> JsonDict:
    return {"id": run.id, "programme_id": run.programme_id, "status": run.status.value,
            "previous_run_id": run.previous_run_id, "bank_version": run.bank_version}


def start_run(
    uow: AbstractUnitOfWork,
    actor: Actor,
    programme_id: str,
    *,
    previous_run_id: int | None = None,
    fresh: bool = False,
    clock: Clock = utcnow,
) -> StoredRun:
    """Queue a run of the programme. It reruns the previous run (by default the latest
    finished one; `fresh` starts from nothing): confirmed and locked proposals are kept while
    their people still may be paired, rejected pairs are excluded, and changing an unconfirmed
    proposal costs a penalty. One run of a programme at a time (`RunInProgress`)."""
    at = clock()
    with uow:
        programme = stored_programme(uow, programme_id)
        require_write(actor, programme.organisation_id)
        if programme.archived_at is not None:
            raise ProgrammeArchived(key=programme_id)
        active = uow.runs.latest(programme_id, ACTIVE)
        if active is not None:
            raise RunInProgress(key=programme_id, run=active.id)
        previous = None
        if previous_run_id is not None:
            previous = uow.runs.get(previous_run_id)
            if previous is None or previous.programme_id != programme_id:
                raise invalid([field_error("input.previous_run_unknown", "previous_run_id",
                                           value=str(previous_run_id))])
            if previous.status != RunStatus.done:
                raise invalid([field_error("input.previous_run_not_done", "previous_run_id",
                                           value=str(previous_run_id))])
        elif not fresh:
            previous = uow.runs.latest(programme_id, frozenset({RunStatus.done}))
        run = uow.runs.add(StoredRun(
            id=0, programme_id=programme_id, organisation_id=programme.organisation_id,
            status=RunStatus.queued, stage=RunStage.queued, progress=0.0, created_at=at,
            created_by=actor.login, created_by_id=actor.user_id or None,
            previous_run_id=None if previous is None else previous.id,
        ))
        record(uow, actor, "start", "run", str(run.id), run.organisation_id, None,
               _run_json(run), at)
        uow.commit()
    return run


def bank_scope(uow: AbstractUnitOfWork, programme: Programme, owner: int | None) -> list[int]:
    """The organisations whose banks a programme reads: those it names, else its owner's,
    else (a district programme naming none) every organisation."""
    if programme.organisations:
        ids = []
        for name in programme.organisations:
            org = uow.organisations.get_by_name(name)
            if org is None:
                raise invalid([field_error("input.organisation_unknown", "organisations",
                                           value=name, name=name)])
            ids.append(org.id)
        return ids
    if owner is not None:
        return [owner]
    return [o.id for o in uow.organisations.list()]


def _run_actor(uow: AbstractUnitOfWork, run: StoredRun) -> Actor:
    """Whoever started the run: the job reads the bank with their rights."""
    user = uow.users.get(run.created_by_id) if run.created_by_id else None
    if user is None or not user.is_active:
        raise RunFailed(*texts("run_starter_gone"))
    return Actor(user.id, user.login, user.role, user.organisation_id)


class RunFailed(Exception):
    """Why a run could not finish, in Russian and English (kept on the run)."""

    def __init__(self, ru: str, en: str) -> None:
        super().__init__(en)
        self.ru, self.en = ru, en


@dataclass
class _Inputs:
    actor: Actor
    programme: Programme
    organisations: list[int]
    previous: RunResult | None = None
    decisions: dict[str, ProposalStatus] = field(default_factory=dict)
    previous_bank: JsonDict | None = None  # the previous run's bank, to name who left


def _inputs(uow: AbstractUnitOfWork, run: StoredRun) -> _Inputs:
    actor = _run_actor(uow, run)
    stored = stored_programme(uow, run.programme_id)
    inputs = _Inputs(actor, stored.programme,
                     bank_scope(uow, stored.programme, stored.organisation_id))
    if run.previous_run_id is not None:
        prev = stored_run(uow, run.previous_run_id, full=True)
        if prev.result is not None:
            rows = uow.proposals.list_for(prev.id)
            # the rows, not the stored result: an alternate proposed since is a proposal too
            inputs.previous = RunResult.model_validate(prev.result).model_copy(
                update={"proposals": tuple(r.proposal for r in rows)})
            inputs.previous_bank = prev.bank
            inputs.decisions = {r.pid: r.proposal.status for r in rows}
    return inputs


def summary_of(result: RunResult) -> JsonDict:
    """The figures shown with a run: counts, coverage, scores and the solver's status."""
    m = result.metrics
    statuses = {s.value: 0 for s in ProposalStatus}
    for p in result.proposals:
        statuses[p.status.value] += 1
    return {
        "proposals": len(result.proposals),
        "groups": sum(p.is_group for p in result.proposals),
        # what the programme's group value gained: the meetings formed groups save a mentor
        "group_value_gained": round(m.get("group_value_gained", 0.0), 4),
        "mentees": int(m.get("mentees", 0)),
        "mentees_covered": int(m.get("mentees_covered", 0)),
        "unmatched": len(result.unmatched),
        "kept": sum(p.status in KEPT_STATUSES for p in result.proposals),
        "by_status": statuses,
        "score_total": round(m.get("score_total", 0.0), 4),
        "score_mean": round(m.get("score_mean", 0.0), 4),
        "solver": result.solver,
        "solve_status": result.status.value,
        "objective": result.objective,
        "gap": result.gap,
        "wall_time_s": round(result.wall_time_s, 3),
    }


def worker_name() -> str:
    """This process and thread, as a run's `worker`: host:pid:thread."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


def execute_run(
    make_uow: UowFactory,
    run_id: int,
    *,
    options: SolveOptions | None = None,
    clock: Clock = utcnow,
    worker: str | None = None,
    heartbeat_s: float | None = None,
    stall_s: float = STALL_S,
    should_abort: Callable[[], bool] | None = None,
    executor: Executor = LOCAL,
    score_cache: Callable[[str], CacheSlot] | None = None,
) -> None:
    """The background job of a run: claim it, read the bank (and the previous run with its
    decisions), record what was read, solve with progress, store the result and its
    proposals. Any failure is recorded on the run with a message for the curator, never left
    as «running».

    A run is claimed first (`RunRepository.claim`): a queued one, or a running one whose
    worker stopped beating for `stall_s`; a run someone else holds or that has ended is left
    alone. With `heartbeat_s` a thread beats every so often and stops the solve once the run
    is no longer this worker's (cancelled, or recovered elsewhere); `should_abort` (the
    queue's own abort, a worker shutting down) stops it too. A stopped solve stores nothing.
    `executor` runs the solve's blocks and components (MATCHER_ENGINE); `score_cache(programme
    id)` gives the programme's score cache, so a rerun scores only the people who changed."""
    me = worker or worker_name()
    at = clock()
    with make_uow() as uow:
        claimed = uow.runs.claim(run_id, me, at, at - timedelta(seconds=stall_s))
        uow.commit()
    if not claimed:
        return
    with make_uow() as uow:
        run = uow.runs.get(run_id)
    assert run is not None
    stop = threading.Event()

    def should_stop() -> bool:
        if not stop.is_set() and should_abort is not None and should_abort():
            stop.set()
        return stop.is_set()

    beating = Heartbeat(make_uow, lambda uow, at: uow.runs.beat(run_id, me, at),
                        f"run-{run_id}", heartbeat_s, stop, clock) if heartbeat_s else None
    try:
        _execute(make_uow, run, options or SolveOptions(), clock, should_stop, executor,
                 score_cache(run.programme_id) if score_cache is not None else None)
    except Cancelled:  # a cancelled run is failed already: this only ends one stopped otherwise
        log.info("run %s stopped before it finished", run_id)
        _fail(make_uow, run_id, *texts("run_stopped_by_service"), clock)
    except RunFailed as exc:
        _fail(make_uow, run_id, exc.ru, exc.en, clock)
    except ServiceError as exc:
        _fail(make_uow, run_id, exc.message("ru"), exc.message("en"), clock)
    except InvalidResult as exc:  # the validator caught a result that breaks a hard rule
        log.error("run %s: result breaks hard rules: %s", run_id, exc.violations)
        _fail(make_uow, run_id, exc.ru, exc.en, clock)
    except MatcherError as exc:  # no solution in time, rules that cannot hold together, ...
        _fail(make_uow, run_id, str(exc), str(exc), clock)
    except Exception:  # the job's boundary: record the failure, keep the trace in the log
        log.exception("run %s failed", run_id)
        _fail(make_uow, run_id, "Внутренняя ошибка при подборе; подробности в журнале сервера",
              "Internal error while solving; see the server log", clock)
    finally:
        if beating is not None:
            beating.close()


def texts(code: str, **params: object) -> tuple[str, str]:
    """A catalogue message in Russian and English, as a run keeps its error and detail."""
    return message(code, "ru", **params), message(code, "en", **params)


def _count(n: int, lang: str) -> str:
    """12000 as «12 000» in Russian, "12,000" in English."""
    return f"{n:,}".replace(",", "\u00a0") if lang == "ru" else f"{n:,}"


def detail_texts(what: str, done: int, total: int) -> tuple[str, str]:
    """What the run has done, in both languages: «оценено наставляемых: 1 200 из 3 000»."""
    code = f"progress.{what}"
    return (message(code, "ru", done=_count(done, "ru"), total=_count(total, "ru")),
            message(code, "en", done=_count(done, "en"), total=_count(total, "en")))


@dataclass
class _Progress:
    """The run's progress as the solver reports it, written to the run (details at most
    every DETAIL_EVERY_S, the last one always)."""

    make_uow: UowFactory
    run_id: int
    noted: float = 0.0

    def stage_done(self, stage: str, done: float) -> None:
        with self.make_uow() as uow:
            uow.runs.set_progress(self.run_id, SOLVER_STAGES.get(stage, RunStage.solving),
                                  LOADED + (SOLVED - LOADED) * max(0.0, min(done, 1.0)))
            uow.commit()

    def detail(self, what: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.noted < DETAIL_EVERY_S:
            return
        self.noted = now
        with self.make_uow() as uow:
            uow.runs.set_detail(self.run_id, *detail_texts(what, done, total))
            uow.commit()


def _execute(make_uow: UowFactory, run: StoredRun, options: SolveOptions, clock: Clock,
             should_stop: Callable[[], bool], executor: Executor = LOCAL,
             cache: CacheSlot | None = None) -> None:
    with make_uow() as uow:
        inputs = _inputs(uow, run)
    # Consents are checked on the day of the run, so a revocation during the programme counts.
    inputs.programme = inputs.programme.model_copy(update={"as_of": clock().date()})
    snapshot = load_bank(make_uow(), inputs.actor, inputs.organisations)
    if should_stop():
        raise Cancelled()
    with make_uow() as uow:
        uow.runs.start(run.id, clock(), snapshot.bank.model_dump(mode="json"),
                       inputs.programme.model_dump(mode="json"), snapshot.version_tag,
                       {k: v.value for k, v in inputs.decisions.items()})
        uow.runs.set_progress(run.id, RunStage.loading, LOADED)
        uow.commit()
    progress = _Progress(make_uow, run.id)
    scored: list[Candidates] = []
    result = solve(snapshot.bank, inputs.programme, previous=inputs.previous,
                   decisions=inputs.decisions, options=options, progress=progress.stage_done,
                   should_stop=should_stop, detail=progress.detail, executor=executor,
                   cache=cache, on_candidates=scored.append)
    kept = alternates_of(snapshot.bank, inputs.programme, result, scored[0]) if scored else []
    at = clock()
    with make_uow() as uow:
        uow.runs.finish(run.id, at, result.model_dump(mode="json"), summary_of(result))
        uow.proposals.add_all(run.id, list(result.proposals), at)
        uow.aftermatch.set_alternates(run.id, kept)
        record_read_model(uow, run.id, snapshot.bank, inputs.programme, result,
                          previous=inputs.previous, decisions=inputs.decisions,
                          previous_bank=inputs.previous_bank)
        record(uow, inputs.actor, "finish", "run", str(run.id), run.organisation_id, None,
               {**_run_json(run), "status": "done", "bank_version": snapshot.version_tag,
                "summary": summary_of(result)}, at)
        uow.commit()


def _fail(make_uow: UowFactory, run_id: int, ru: str, en: str, clock: Clock) -> None:
    with make_uow() as uow:
        uow.runs.fail(run_id, clock(), ru, en)
        uow.commit()


def fail_interrupted(uow: AbstractUnitOfWork, *, clock: Clock = utcnow) -> list[int]:
    """Mark runs left queued or running by a stopped process as failed (call at start-up,
    before serving: the job pool is in-process, so nothing else can still be running them)."""
    with uow:
        stale = uow.runs.unfinished()
        for run in stale:
            uow.runs.fail(run.id, clock(), "Подбор прерван остановкой сервиса; запустите заново",
                          "The run was interrupted by a service stop; start it again")
        uow.commit()
    return [r.id for r in stale]


def cancel_run(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, *, clock: Clock = utcnow,
) -> StoredRun:
    """Cancel a queued or running run: it ends at once as failed with «отменён» and its
    programme may start a new run straight away; the worker solving it notices at its next
    heartbeat and stops the solve without storing anything. `RunNotActive` if it has ended."""
    at = clock()
    with uow:
        run = stored_run(uow, run_id)
        require_write(actor, run.organisation_id)
        ru, en = texts("run_cancelled", login=actor.login)
        if not uow.runs.fail(run_id, at, ru, en):
            words = STATUS_WORDS[run.status.value]
            raise RunNotActive(key=str(run_id), status=words[0], status_en=words[1])
        record(uow, actor, "cancel", "run", str(run_id), run.organisation_id,
               _run_json(run), {**_run_json(run), "status": RunStatus.failed.value}, at)
        uow.commit()
        cancelled = uow.runs.get(run_id)
    assert cancelled is not None
    return cancelled


def recover_stalled(
    make_uow: UowFactory,
    requeue: Callable[[int], None],
    *,
    stall_s: float = STALL_S,
    max_attempts: int = MAX_ATTEMPTS,
    clock: Clock = utcnow,
) -> list[int]:
    """Runs whose worker stopped beating for `stall_s` (killed, its machine gone): each goes
    back to the queue (`requeue(run_id)` hands it to the queue again) until it has been
    started `max_attempts` times, then fails with a message. Safe to call from every process
    at once: only one of them takes each run back. The ids of the runs handled."""
    stale_before = clock() - timedelta(seconds=stall_s)
    with make_uow() as uow:
        stalled = uow.runs.stalled(stale_before)
    handled = []
    for run in stalled:
        with make_uow() as uow:
            if not uow.runs.requeue(run.id, stale_before):
                continue  # its worker beat meanwhile, or another process took it back
            retry = run.attempts < max_attempts
            if not retry:
                uow.runs.fail(run.id, clock(), *texts("run_worker_lost", attempts=run.attempts))
            uow.commit()
        log.warning("run %s: its worker %s stopped responding; %s", run.id, run.worker,
                    "queued again" if retry else "failed")
        handled.append(run.id)
        if retry:
            requeue(run.id)
    return handled


def unsent_runs(make_uow: UowFactory, *, grace_s: float, clock: Clock = utcnow) -> list[int]:
    """Queued runs that have had no job for `grace_s` since they were created: the process
    that queued them died between its commit and handing the run to the durable queue."""
    before = clock() - timedelta(seconds=grace_s)
    with make_uow() as uow:
        return sorted(r.id for r in uow.runs.unfinished()
                      if r.status == RunStatus.queued and r.job_id is None
                      and r.created_at < before)


def queued_runs(uow: AbstractUnitOfWork) -> list[int]:
    """Runs waiting in the queue, oldest first (an in-process queue takes them up again at
    start: its jobs died with the process that held them)."""
    with uow:
        return sorted(r.id for r in uow.runs.unfinished() if r.status == RunStatus.queued)
