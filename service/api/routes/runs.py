"""Runs of a programme: start one in the background, follow it, read its result, compare a
rerun with the run before it, ask why a pair was not proposed, and who is left unmatched."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response, status

from matcher.model import KEPT_STATUSES, RunResult
from service import runs
from service.api.deps import DB_ID_MAX, ActorDep, IdPath, LangDep, SettingsDep, UowDep
from service.schemas import (
    ChangedPublic,
    DiffPublic,
    EndedPublic,
    ErrorBody,
    ProposalBrief,
    RunAccepted,
    RunPublic,
    RunStart,
    UnmatchedPage,
    UnmatchedPublic,
    WhyNotPublic,
)

router = APIRouter(tags=["runs"])

NOT_READY: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorBody, "description": "The run has not finished"}}


@router.post(
    "/programmes/{programme_id:path}/runs",
    response_model=RunAccepted,
    status_code=status.HTTP_202_ACCEPTED,
    responses={409: {"model": ErrorBody, "description": "A run of the programme is under way"}},
)
def start_run(
    programme_id: str,
    actor: ActorDep,
    uow: UowDep,
    request: Request,
    response: Response,
    body: Annotated[RunStart | None, Body()] = None,
) -> RunAccepted:
    """Queue a run and solve it in the background; follow it at `url`. By default it reruns
    the latest finished run: confirmed and locked proposals stay while their people may still
    be paired, rejected pairs are excluded, and unconfirmed ones change only for a reason."""
    body = body or RunStart()
    run = runs.start_run(uow, actor, programme_id, previous_run_id=body.previous_run_id,
                         fresh=body.fresh)
    request.app.state.queue.enqueue(run.id)
    url = request.app.url_path_for("read_run", run_id=run.id)
    response.headers["Location"] = url
    return RunAccepted(id=run.id, status=run.status, previous_run_id=run.previous_run_id,
                       url=url)


@router.get("/programmes/{programme_id:path}/runs", response_model=list[RunPublic])
def list_runs(programme_id: str, actor: ActorDep, uow: UowDep, lang: LangDep
              ) -> list[RunPublic]:
    """Newest first."""
    return [RunPublic.of(r, lang) for r in runs.list_runs(uow, actor, programme_id)]


@router.get("/runs/{run_id}", response_model=RunPublic)
def read_run(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangDep) -> RunPublic:
    """Status (queued, running, done, failed with the reason), stage, progress 0..1 and, once
    done, the summary."""
    return RunPublic.of(runs.get_run(uow, actor, run_id), lang)


@router.post(
    "/runs/{run_id}/cancel",
    response_model=RunPublic,
    responses={409: {"model": ErrorBody, "description": "The run has already ended"}},
)
def cancel_run(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangDep, request: Request
               ) -> RunPublic:
    """Cancel a queued or running run: it ends at once (failed, «отменён») and the programme
    may start a new run straight away; the solve stops within seconds and stores nothing."""
    run = runs.cancel_run(uow, actor, run_id)
    request.app.state.queue.cancel(run)
    return RunPublic.of(run, lang)


@router.post(
    "/runs/{run_id}/order-issued",
    response_model=RunPublic,
    responses={409: {"model": ErrorBody,
                     "description": "Already marked, or a run superseded by a newer one"}},
)
def issue_order(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangDep) -> RunPublic:
    """Mark the order fixing the run's pairs as issued by the director: from then on the
    run's decisions stand and are no longer undone."""
    return RunPublic.of(runs.issue_order(uow, actor, run_id), lang)


@router.get("/runs/{run_id}/result", response_model=RunResult, responses=NOT_READY)
def read_result(run_id: IdPath, actor: ActorDep, uow: UowDep) -> RunResult:
    """The full result, each proposal with its current status."""
    return runs.run_result(uow, actor, run_id)


@router.get("/runs/{run_id}/diff", response_model=DiffPublic, responses=NOT_READY)
def read_diff(run_id: IdPath, actor: ActorDep, uow: UowDep) -> DiffPublic:
    """What the rerun kept, changed, added and ended against the run it started from, and
    why (consent revoked, person left, rejected, a better option)."""
    view = runs.run_diff(uow, actor, run_id)
    bank = view.bank
    return DiffPublic(
        run_id=view.run_id, previous_run_id=view.previous_run_id,
        kept=[ProposalBrief.of(p, bank) for p in view.diff.kept],
        changed=[ChangedPublic(before=ProposalBrief.of(b, bank), after=ProposalBrief.of(a, bank),
                               reason=r)
                 for (b, a), r in zip(view.diff.changed, view.changed_reasons, strict=True)],
        new=[ProposalBrief.of(p, bank) for p in view.diff.new],
        ended=[EndedPublic(proposal=ProposalBrief.of(e.proposal, bank), reason=e.reason,
                           promised=e.proposal.status in KEPT_STATUSES)
               for e in view.diff.ended],
    )


@router.get("/runs/{run_id}/why-not", response_model=WhyNotPublic, responses=NOT_READY)
def why_not(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    lang: LangDep,
    mentee: Annotated[str, Query(min_length=1, max_length=64, description="Mentee id")],
    mentor: Annotated[str, Query(min_length=1, max_length=64, description="Mentor id")],
) -> WhyNotPublic:
    """Why this mentor is not proposed for this mentee: the hard rule that forbids the pair,
    or what forcing it would cost (score, coverage, who would be moved)."""
    answer, bank = runs.why_not_pair(uow, actor, run_id, mentee, mentor,
                                     time_limit_s=settings.why_not_time_limit_s)
    return WhyNotPublic(
        mentee=mentee, mentee_name=bank.get(mentee).full_name, mentor=mentor,
        mentor_name=bank.get(mentor).full_name, allowed=answer.allowed,
        reasons=list(answer.reasons), text=answer.text(lang), pair_score=answer.pair_score,
        score_loss=round(answer.score_loss, 4), coverage_loss=answer.coverage_loss,
        moved=list(answer.moved), moved_names=[bank.get(e).full_name for e in answer.moved],
    )


@router.get("/runs/{run_id}/unmatched", response_model=UnmatchedPage, responses=NOT_READY)
def read_unmatched(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    offset: Annotated[int, Query(ge=0, le=DB_ID_MAX)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=DB_ID_MAX)] = None,
) -> UnmatchedPage:
    """Mentees left without (enough) mentors, with reasons and what the curator can do, in
    the solver's order; `total` counts them all."""
    size = min(limit or settings.default_page_size, settings.max_page_size)
    items, total = runs.list_unmatched(uow, actor, run_id, offset, size)
    return UnmatchedPage(
        items=[UnmatchedPublic(mentee=u.mentee, name=u.full_name, reasons=list(u.reasons),
                               suggestions=list(u.suggestions)) for u in items],
        total=total, offset=offset, limit=size)
