"""Starting and running: queue a run, and the background job that reads the bank, solves with
progress and stores the result (or the reason it failed).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from matcher.errors import InvalidResult, MatcherError
from matcher.model import KEPT_STATUSES, Programme, ProposalStatus, RunResult
from matcher.solver import SolveOptions, solve
from service.domain import Actor, JsonDict, RunStage, RunStatus, StoredRun
from service.errors import FieldError, RunInProgress, ServiceError
from service.runs.common import ACTIVE, UowFactory, stored_run
from service.runs.readmodel import record_read_model
from service.services.common import Clock, invalid, record, require_write, stored_programme, utcnow
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
        active = uow.runs.latest(programme_id, ACTIVE)
        if active is not None:
            raise RunInProgress(key=programme_id, run=active.id)
        previous = None
        if previous_run_id is not None:
            previous = uow.runs.get(previous_run_id)
            if previous is None or previous.programme_id != programme_id:
                raise invalid([FieldError(
                    field="previous_run_id", value=str(previous_run_id),
                    message="у этой программы нет такого запуска",
                    message_en="this programme has no such run")])
            if previous.status != RunStatus.done:
                raise invalid([FieldError(
                    field="previous_run_id", value=str(previous_run_id),
                    message="этот запуск не завершён успешно",
                    message_en="this run did not finish")])
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


def _scope(uow: AbstractUnitOfWork, programme: Programme, owner: int | None) -> list[int]:
    """The organisations whose banks a programme reads: those it names, else its owner's,
    else (a district programme naming none) every organisation."""
    if programme.organisations:
        ids = []
        for name in programme.organisations:
            org = uow.organisations.get_by_name(name)
            if org is None:
                raise invalid([FieldError(
                    field="organisations", value=name,
                    message=f"организация «{name}» не зарегистрирована",
                    message_en=f"organisation {name!r} is not registered")])
            ids.append(org.id)
        return ids
    if owner is not None:
        return [owner]
    return [o.id for o in uow.organisations.list()]


def _run_actor(uow: AbstractUnitOfWork, run: StoredRun) -> Actor:
    """Whoever started the run: the job reads the bank with their rights."""
    user = uow.users.get(run.created_by_id) if run.created_by_id else None
    if user is None or not user.is_active:
        raise RunFailed("пользователь, запустивший подбор, удалён или заблокирован",
                        "the user who started the run is gone or blocked")
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


def _inputs(uow: AbstractUnitOfWork, run: StoredRun) -> _Inputs:
    actor = _run_actor(uow, run)
    stored = stored_programme(uow, run.programme_id)
    inputs = _Inputs(actor, stored.programme,
                     _scope(uow, stored.programme, stored.organisation_id))
    if run.previous_run_id is not None:
        prev = stored_run(uow, run.previous_run_id, full=True)
        if prev.result is not None:
            inputs.previous = RunResult.model_validate(prev.result)
            inputs.decisions = {r.pid: r.proposal.status
                                for r in uow.proposals.list_for(prev.id)}
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


def execute_run(
    make_uow: UowFactory,
    run_id: int,
    *,
    options: SolveOptions | None = None,
    clock: Clock = utcnow,
) -> None:
    """The background job of a run: read the bank (and the previous run with its decisions),
    record what was read, solve with progress, store the result and its proposals. Any failure
    is recorded on the run with a message for the curator, never left as «running»."""
    with make_uow() as uow:
        run = uow.runs.get(run_id)
    if run is None or run.status != RunStatus.queued:
        return
    try:
        _execute(make_uow, run, options or SolveOptions(), clock)
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


def _execute(make_uow: UowFactory, run: StoredRun, options: SolveOptions, clock: Clock) -> None:
    with make_uow() as uow:
        inputs = _inputs(uow, run)
    # Consents are checked on the day of the run, so a revocation during the programme counts.
    inputs.programme = inputs.programme.model_copy(update={"as_of": clock().date()})
    snapshot = load_bank(make_uow(), inputs.actor, inputs.organisations)
    with make_uow() as uow:
        uow.runs.start(run.id, clock(), snapshot.bank.model_dump(mode="json"),
                       inputs.programme.model_dump(mode="json"), snapshot.version_tag,
                       {k: v.value for k, v in inputs.decisions.items()})
        uow.runs.set_progress(run.id, RunStage.loading, LOADED)
        uow.commit()

    def progress(stage: str, done: float) -> None:
        with make_uow() as uow:
            uow.runs.set_progress(run.id, SOLVER_STAGES.get(stage, RunStage.solving),
                                  LOADED + (SOLVED - LOADED) * max(0.0, min(done, 1.0)))
            uow.commit()

    result = solve(snapshot.bank, inputs.programme, previous=inputs.previous,
                   decisions=inputs.decisions, options=options, progress=progress)
    at = clock()
    with make_uow() as uow:
        uow.runs.finish(run.id, at, result.model_dump(mode="json"), summary_of(result))
        uow.proposals.add_all(run.id, list(result.proposals), at)
        record_read_model(uow, run.id, snapshot.bank, inputs.programme, result,
                          previous=inputs.previous, decisions=inputs.decisions)
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
