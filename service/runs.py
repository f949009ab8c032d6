"""Use cases of runs: start a run (a background job solves it, see `service.jobs`), follow it,
read its result and proposals, record the curator's decisions on them, compare a rerun with
the run before it, ask why a pair was not proposed, give participants links to their own
explanation, and produce the run's documents.

Like `service.services`, each use case takes a unit of work, the acting user and plain values,
checks access, raises domain errors and records changes in the audit log. The matcher does the
work: `matcher.solver` solves, reruns, diffs and answers why-not; `matcher.reports` writes the
documents. A run keeps the bank and programme it read, so everything about it later (documents,
why-not, explanations) reads exactly what the solver saw.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from matcher.errors import MatcherError
from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    RunResult,
)
from matcher.reports import (
    PersonalExplanation,
    Report,
    build_export,
    build_order,
    build_report,
    personal_explanation,
    write_report_xlsx,
)
from matcher.reports.export import to_csv, to_json
from matcher.solver import RunDiff, SolveOptions, diff, solve, why_not
from matcher.solver.rerun import with_decisions
from matcher.solver.why_not import WhyNot
from service import security
from service.domain import (
    Actor,
    Decision,
    DecisionAction,
    JsonDict,
    RunStage,
    RunStatus,
    StoredProposal,
    StoredRun,
)
from service.errors import (
    FieldError,
    InvalidTransition,
    LinkInvalid,
    NotFound,
    RunInProgress,
    RunNotReady,
    RunSuperseded,
    ServiceError,
)
from service.services import (
    Clock,
    _check_version,
    _record,
    _require_read,
    _require_write,
    _stored_programme,
    invalid,
    load_bank,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork

log = logging.getLogger(__name__)

UowFactory = Callable[[], AbstractUnitOfWork]

ACTIVE = frozenset({RunStatus.queued, RunStatus.running})
NOT_FAILED = frozenset({RunStatus.queued, RunStatus.running, RunStatus.done})

# What each decision does: the statuses it may start from, and the status it leads to.
TRANSITIONS: dict[DecisionAction, tuple[frozenset[ProposalStatus], ProposalStatus]] = {
    DecisionAction.confirm: (frozenset({ProposalStatus.proposed}), ProposalStatus.confirmed),
    DecisionAction.reject: (frozenset({ProposalStatus.proposed, ProposalStatus.confirmed}),
                            ProposalStatus.rejected),
    DecisionAction.lock: (frozenset({ProposalStatus.proposed, ProposalStatus.confirmed}),
                          ProposalStatus.locked),
    DecisionAction.end: (frozenset({ProposalStatus.confirmed, ProposalStatus.locked}),
                         ProposalStatus.ended),
}
REASON_REQUIRED = frozenset({DecisionAction.reject, DecisionAction.end})

ACTION_WORDS: dict[DecisionAction, tuple[str, str]] = {
    DecisionAction.confirm: ("подтвердить", "confirm"),
    DecisionAction.reject: ("отклонить", "reject"),
    DecisionAction.lock: ("закрепить", "lock"),
    DecisionAction.end: ("завершить", "end"),
}
STATUS_WORDS: dict[str, tuple[str, str]] = {
    "proposed": ("предложено", "proposed"),
    "confirmed": ("подтверждено", "confirmed"),
    "rejected": ("отклонено", "rejected"),
    "locked": ("закреплено", "locked"),
    "ended": ("завершено", "ended"),
    "queued": ("в очереди", "queued"),
    "running": ("выполняется", "running"),
    "failed": ("ошибка", "failed"),
    "done": ("готово", "done"),
}

# The solver's stages (its progress callback) as the run's stages, and where each starts.
SOLVER_STAGES: dict[str, RunStage] = {
    "score": RunStage.scoring,
    "solve": RunStage.solving,
    "explain": RunStage.explaining,
    "done": RunStage.saving,
}
LOADED = 0.05  # progress once the bank is read; the solver's own fraction fills 0.05 .. 0.95
SOLVED = 0.95


# --- reading runs --------------------------------------------------------------------------------


def _run(uow: AbstractUnitOfWork, run_id: int, *, full: bool = False) -> StoredRun:
    run = uow.runs.get(run_id, full=full)
    if run is None:
        raise NotFound(entity="run", key=str(run_id))
    return run


def _done(run: StoredRun) -> None:
    if run.status != RunStatus.done:
        words = STATUS_WORDS[run.status.value]
        raise RunNotReady(key=str(run.id), status=words[0], status_en=words[1])


def get_run(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> StoredRun:
    with uow:
        run = _run(uow, run_id)
    _require_read(actor, run.organisation_id)
    return run


def list_runs(uow: AbstractUnitOfWork, actor: Actor, programme_id: str) -> list[StoredRun]:
    """The programme's runs, newest first."""
    with uow:
        programme = _stored_programme(uow, programme_id)
        _require_read(actor, programme.organisation_id)
        return uow.runs.list_for(programme_id)


@dataclass(frozen=True)
class RunContext:
    """A finished run with what it read and its result as the curator's decisions left it."""

    run: StoredRun
    programme: Programme
    bank: Bank
    result: RunResult  # proposals with their current status
    proposals: tuple[StoredProposal, ...]
    organisation_name: str = ""


def _context(uow: AbstractUnitOfWork, run: StoredRun) -> RunContext:
    _done(run)
    assert run.result is not None and run.bank is not None and run.programme is not None
    rows = tuple(uow.proposals.list_for(run.id))
    result = RunResult.model_validate(run.result)
    result = result.model_copy(update={"proposals": tuple(r.proposal for r in rows)})
    programme = Programme.model_validate(run.programme)
    org_name = ""
    if run.organisation_id is not None:
        org = uow.organisations.get(run.organisation_id)
        org_name = org.name if org is not None else ""
    if not org_name:
        org_name = programme.organisations[0] if len(programme.organisations) == 1 else (
            programme.name or programme.id)
    return RunContext(run, programme, Bank.model_validate(run.bank), result, rows, org_name)


def run_context(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunContext:
    """A finished run the actor may read, with its bank, programme and current result."""
    with uow:
        run = _run(uow, run_id, full=True)
        _require_read(actor, run.organisation_id)
        return _context(uow, run)


def run_result(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunResult:
    return run_context(uow, actor, run_id).result


def list_proposals(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, status: ProposalStatus | None = None
) -> tuple[list[StoredProposal], Bank]:
    """The run's proposals (of one status if given) and the bank, for the people's names."""
    ctx = run_context(uow, actor, run_id)
    rows = [r for r in ctx.proposals if status is None or r.proposal.status == status]
    return rows, ctx.bank


def get_proposal(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str
) -> tuple[StoredProposal, list[Decision], Bank]:
    """One proposal with its decisions, oldest first."""
    ctx = run_context(uow, actor, run_id)
    stored = next((r for r in ctx.proposals if r.pid == proposal_id), None)
    if stored is None:
        raise NotFound(entity="proposal", key=proposal_id)
    with uow:
        decisions = uow.proposals.decisions(run_id, proposal_id)
    return stored, decisions, ctx.bank


# --- starting and running ------------------------------------------------------------------------


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
        programme = _stored_programme(uow, programme_id)
        _require_write(actor, programme.organisation_id)
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
        _record(uow, actor, "start", "run", str(run.id), run.organisation_id, None,
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
    stored = _stored_programme(uow, run.programme_id)
    inputs = _Inputs(actor, stored.programme,
                     _scope(uow, stored.programme, stored.organisation_id))
    if run.previous_run_id is not None:
        prev = _run(uow, run.previous_run_id, full=True)
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
        _record(uow, inputs.actor, "finish", "run", str(run.id), run.organisation_id, None,
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


# --- decisions -----------------------------------------------------------------------------------


def decide(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    proposal_id: str,
    action: DecisionAction,
    expected_version: int,
    reason: str = "",
    *,
    clock: Clock = utcnow,
) -> tuple[StoredProposal, Decision]:
    """Confirm, reject, lock or end a proposal of the programme's latest run, if it is still at
    `expected_version` (else `VersionConflict`). Rejecting and ending need a reason."""
    reason = reason.strip()
    if action in REASON_REQUIRED and not reason:
        raise invalid([FieldError(field="reason", message="укажите причину",
                                  message_en="a reason is required")])
    at = clock()
    with uow:
        run = _run(uow, run_id)
        _require_write(actor, run.organisation_id)
        _done(run)
        newest = uow.runs.latest(run.programme_id, NOT_FAILED)
        if newest is not None and newest.id != run.id:
            raise RunSuperseded(key=str(run.id), newer=newest.id)
        stored = uow.proposals.get(run_id, proposal_id)
        if stored is None:
            raise NotFound(entity="proposal", key=proposal_id)
        _check_version("proposal", proposal_id, expected_version, stored.version)
        allowed, after_status = TRANSITIONS[action]
        before = stored.proposal.status
        if before not in allowed:
            words, status = ACTION_WORDS[action], STATUS_WORDS[before.value]
            raise InvalidTransition(key=proposal_id, action=words[0], action_en=words[1],
                                    status=status[0], status_en=status[1])
        changed = stored.proposal.model_copy(
            update={"status": after_status, "status_reason": reason})
        updated = uow.proposals.update(stored, changed, expected_version, at, actor.login)
        decision = uow.proposals.add_decision(Decision(
            run_id=run_id, proposal_id=proposal_id, action=action,
            status_before=before.value, status_after=after_status.value, reason=reason,
            at=at, actor=actor.login, actor_id=actor.user_id or None,
        ))
        _record(uow, actor, action.value, "proposal", f"{run_id}/{proposal_id}",
                run.organisation_id,
                {"status": before.value, "version": stored.version,
                 "reason": stored.proposal.status_reason},
                {"status": after_status.value, "version": updated.version, "reason": reason},
                at)
        uow.commit()
    return updated, decision


# --- rerun diff ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DiffView:
    """A rerun's difference from the run it started from, with a reason for every change
    (`matcher.solver.diff` gives them), and the bank for the people's names."""

    run_id: int
    previous_run_id: int | None
    diff: RunDiff
    bank: Bank

    @property
    def changed_reasons(self) -> tuple[Reason, ...]:
        """One per `diff.changed`: why the old proposal went."""
        return self.diff.changed_reasons


def run_diff(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> DiffView:
    """Kept, changed, new and ended proposals against the previous run, as the curator's
    decisions stood when this run started; a run without a previous one is all new."""
    with uow:
        run = _run(uow, run_id, full=True)
        _require_read(actor, run.organisation_id)
        _done(run)
        assert run.result is not None and run.bank is not None and run.programme is not None
        result = RunResult.model_validate(run.result)
        bank, programme = Bank.model_validate(run.bank), Programme.model_validate(run.programme)
        prev = uow.runs.get(run.previous_run_id, full=True) if run.previous_run_id else None
    if prev is None or prev.result is None:
        return DiffView(run.id, None, RunDiff(new=result.proposals), bank)
    previous = RunResult.model_validate(prev.result)
    decisions = {k: ProposalStatus(v) for k, v in (run.decisions or {}).items()}
    return DiffView(run.id, prev.id, diff(previous, decisions, result, bank, programme), bank)


# --- why-not and unmatched -----------------------------------------------------------------------


def _rejected_pairs(proposals: Collection[Proposal]) -> frozenset[tuple[str, str]]:
    return frozenset((p.mentor, e) for p in proposals if p.status == ProposalStatus.rejected
                     for e in p.mentees)


def why_not_pair(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    mentee_id: str,
    mentor_id: str,
    *,
    time_limit_s: float | None = None,
) -> tuple[WhyNot, Bank]:
    """Why `mentor_id` is not proposed for `mentee_id` in this run as the curator's decisions
    stand: the hard rule that forbids the pair, or what forcing it would cost (re-solved with
    the run's confirmed and locked proposals kept and its rejected pairs excluded)."""
    with uow:
        run = _run(uow, run_id, full=True)
        _require_read(actor, run.organisation_id)
        ctx = _context(uow, run)
        prev = uow.runs.get(run.previous_run_id, full=True) if run.previous_run_id else None
    for pid, name in ((mentee_id, "mentee"), (mentor_id, "mentor")):
        if pid not in ctx.bank.by_id:
            raise invalid([FieldError(field=name, value=pid,
                                      message="участника нет в банке этого запуска",
                                      message_en="no such participant in this run's bank")])
    rejected = _rejected_pairs(ctx.result.proposals)
    if prev is not None and prev.result is not None:
        before = RunResult.model_validate(prev.result)
        statuses = {k: ProposalStatus(v) for k, v in (run.decisions or {}).items()}
        rejected |= _rejected_pairs(with_decisions(before, statuses))
    limit = min(ctx.programme.time_limit_s, time_limit_s or ctx.programme.time_limit_s)
    answer = why_not(ctx.bank, ctx.programme, mentee_id, mentor_id,
                     options=SolveOptions(time_limit_s=limit, explain=False),
                     rejected=rejected, previous=ctx.result)
    return answer, ctx.bank


# --- participants' explanations ------------------------------------------------------------------


@dataclass(frozen=True)
class ExplanationLink:
    participant_id: str
    name: str
    token: str
    expires_at: datetime


def _concerned(ctx: RunContext) -> list[str]:
    """Everyone the run is about: the programme's mentors and mentees in its bank."""
    return [p.id for p in ctx.bank.participants
            if ctx.programme.covers(p) and (p.mentor is not None or p.mentee is not None)]


def create_links(
    uow: AbstractUnitOfWork,
    actor: Actor,
    run_id: int,
    participant_ids: list[str] | None,
    *,
    key: str,
    algorithm: str,
    days: int,
    clock: Clock = utcnow,
) -> list[ExplanationLink]:
    """Signed links, valid `days` days, each opening one participant's own explanation of
    this run (everyone the run concerns when no ids are given)."""
    at = clock()
    with uow:
        run = _run(uow, run_id, full=True)
        _require_write(actor, run.organisation_id)
        ctx = _context(uow, run)
        ids = _concerned(ctx) if participant_ids is None else participant_ids
        for i, pid in enumerate(ids):
            if pid not in ctx.bank.by_id:
                raise invalid([FieldError(
                    field=f"participants[{i}]", value=pid,
                    message="участника нет в банке этого запуска",
                    message_en="no such participant in this run's bank")])
        expires = at + timedelta(days=days)
        links = [ExplanationLink(
            pid, ctx.bank.get(pid).full_name,
            security.create_explanation_token(pid, run_id, key=key, algorithm=algorithm,
                                              expires=expires, now=at),
            expires) for pid in dict.fromkeys(ids)]
        _record(uow, actor, "create_links", "run", str(run_id), run.organisation_id, None,
                {"participants": [link.participant_id for link in links],
                 "expires_at": expires.isoformat()}, at)
        uow.commit()
    return links


@dataclass(frozen=True)
class PublicExplanation:
    explanation: PersonalExplanation
    programme_name: str
    period: tuple[date, date]
    run_created_at: datetime


def explanation_for_link(
    uow: AbstractUnitOfWork, token: str, *, key: str, algorithm: str, lang: str = "ru"
) -> PublicExplanation:
    """The explanation a link opens (no sign-in: the signed token is the permission); only
    what concerns its participant (`matcher.reports.personal`)."""
    participant_id, run_id = security.explanation_from_token(token, key=key, algorithm=algorithm)
    with uow:
        run = uow.runs.get(run_id, full=True)
        if run is None or run.status != RunStatus.done:
            raise LinkInvalid()
        ctx = _context(uow, run)
    if participant_id not in ctx.bank.by_id:
        raise LinkInvalid()
    text = personal_explanation(ctx.bank, ctx.result, participant_id, lang=lang)
    return PublicExplanation(text, ctx.programme.name or ctx.programme.id,
                             (ctx.programme.start, ctx.programme.end), ctx.result.created_at)


# --- documents -----------------------------------------------------------------------------------


def run_report(ctx: RunContext) -> Report:
    return build_report(ctx.bank, ctx.programme, ctx.result)


def report_xlsx(ctx: RunContext, *, lang: str = "ru") -> bytes:
    buffer = io.BytesIO()
    write_report_xlsx(run_report(ctx), buffer, lang=lang)  # type: ignore[arg-type]
    return buffer.getvalue()


def order_docx(
    ctx: RunContext,
    *,
    include_proposed: bool = False,
    lang: str = "ru",
    number: str | None = None,
    order_date: date | None = None,
    director: str | None = None,
    curator: str | None = None,
) -> bytes:
    """The draft order: confirmed and locked proposals (with the proposed ones if asked)."""
    doc = build_order(ctx.bank, ctx.programme, ctx.result, organisation=ctx.organisation_name,
                      include_proposed=include_proposed, lang=lang, number=number,
                      order_date=order_date, director=director, curator=curator)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def export_text(ctx: RunContext, fmt: str, *, key: str, lang: str = "ru",
                include_inactive: bool = False) -> str:
    """The depersonalised export as CSV or JSON text, pseudonyms keyed by `key`."""
    export = build_export(ctx.bank, ctx.programme, ctx.result, key=key,
                          include_inactive=include_inactive)
    return to_csv(export, lang) if fmt == "csv" else to_json(export)


def record_export(uow: AbstractUnitOfWork, actor: Actor, ctx: RunContext, fmt: str,
                  *, clock: Clock = utcnow) -> None:
    """Data leaving the system (even depersonalised) is recorded: who exported which run."""
    with uow:
        _record(uow, actor, f"export_{fmt}", "run", str(ctx.run.id), ctx.run.organisation_id,
                None, {"format": fmt}, clock())
        uow.commit()

