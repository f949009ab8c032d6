"""Proposals of a run and the curator's decisions on them: confirm, reject (with a reason),
lock, end (with a reason). Each decision checks the version you read (409 if stale) and is
recorded with who and when."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from matcher.model import Form, Kind, ProposalStatus
from service import runs
from service.api.deps import DB_ID_MAX, ActorDep, IdPath, SettingsDep, UowDep
from service.domain import DecisionAction
from service.errors import field_error
from service.repositories import ProposalQuery, ProposalSort
from service.schemas import (
    BulkDecided,
    BulkDecisionBody,
    DecisionBody,
    DecisionPublic,
    ErrorBody,
    ProposalDecided,
    ProposalDetail,
    ProposalItem,
    ProposalPage,
    ProposalPublic,
    UndoBody,
)
from service.services.common import invalid

router = APIRouter(prefix="/runs/{run_id}/proposals", tags=["proposals"])


Score = Annotated[float | None, Query(ge=0, le=1)]


@router.get("", response_model=ProposalPage)
def list_proposals(
    run_id: IdPath,
    actor: ActorDep,
    uow: UowDep,
    settings: SettingsDep,
    status: ProposalStatus | None = None,
    form: Form | None = None,
    kind: Kind | None = None,
    organisation: Annotated[str | None, Query(
        max_length=300, description="The mentor's or a mentee's organisation, whole")] = None,
    score_min: Score = None,
    score_max: Score = None,
    q: Annotated[str | None, Query(
        max_length=200, description="Part of the mentor's or a mentee's name")] = None,
    changed: Annotated[bool, Query(
        description="A rerun's new and changed proposals only")] = False,
    sort: ProposalSort = ProposalSort.position,
    offset: Annotated[int, Query(ge=0, le=DB_ID_MAX)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=DB_ID_MAX)] = None,
    cursor: Annotated[str | None, Query(
        max_length=500, description="`next_cursor` of the previous page (instead of offset)")
    ] = None,
) -> Response:
    """A page of the run's proposals that pass every filter given, with the people's names as
    the run read them. Page with `offset`, or with `cursor` (the `next_cursor` of the page
    before, in the same `sort`); `total` counts every proposal that passes the filters."""
    if cursor is not None and offset:
        raise invalid([field_error("field.cursor_with_offset", "cursor")])
    size = min(limit or settings.default_page_size, settings.max_page_size)
    query = ProposalQuery(
        status=status, form=form, kind=kind, organisation=organisation, score_min=score_min,
        score_max=score_max, name=q, changed=changed, sort=sort, offset=offset, limit=size,
        after=None if cursor is None else runs.decode_cursor(cursor, sort))
    page = runs.list_summaries(uow, actor, run_id, query)
    body = ProposalPage(items=[ProposalItem.of_summary(s) for s in page.items], total=page.total,
                        offset=offset, limit=size, next_cursor=page.next_cursor)
    # validated once here: FastAPI would validate the page again against `response_model`
    return Response(body.model_dump_json(), media_type="application/json")


@router.get("/{proposal_id}", response_model=ProposalDetail)
def read_proposal(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep
                  ) -> ProposalDetail:
    """A proposal with its breakdown and every decision taken on it."""
    stored, decisions, people = runs.get_proposal(uow, actor, run_id, proposal_id)
    return ProposalDetail(**ProposalPublic.of(stored, people).model_dump(),
                          decisions=[DecisionPublic.of(d) for d in decisions])


CONFLICTS: dict[int | str, dict[str, Any]] = {409: {"model": ErrorBody,
                   "description": "Stale version, a status the decision does not apply to, "
                                  "or a run superseded by a newer one"}}


@router.post(
    "/{proposal_id}/undo",
    response_model=ProposalDecided,
    responses={409: {"model": ErrorBody,
                     "description": "Stale version, nothing left to undo, the run's order "
                                    "issued, or a run superseded by a newer one"}},
)
def undo(run_id: IdPath, proposal_id: str, body: UndoBody, actor: ActorDep, uow: UowDep
         ) -> ProposalDecided:
    """Take back the latest decision on the proposal not yet undone: it returns to the status
    that decision found it in (an undone rejection brings the pair back). Allowed on the
    programme's latest run until its order is issued (`POST /runs/{id}/order-issued`);
    recorded as a decision `undo` and in the audit log."""
    stored, decision = runs.undo_decision(uow, actor, run_id, proposal_id, body.version)
    people = runs.proposal_people(uow, run_id, stored)
    return ProposalDecided(proposal=ProposalPublic.of(stored, people),
                           decision=DecisionPublic.of(decision))


@router.post(
    "/{proposal_id}/{action}",
    response_model=ProposalDecided,
    responses={409: {"model": ErrorBody,
                     "description": "Stale version, a status the decision does not apply to, "
                                    "or a run superseded by a newer one"}},
)
def decide(run_id: IdPath, proposal_id: str, action: DecisionAction, body: DecisionBody,
           actor: ActorDep, uow: UowDep) -> ProposalDecided:
    """`confirm` (from proposed), `reject` (proposed or confirmed; reason required), `lock`
    (proposed or confirmed: kept on every rerun), `end` (confirmed or locked; reason
    required). Decisions are taken on the programme's latest run."""
    stored, decision = runs.decide(uow, actor, run_id, proposal_id, action, body.version,
                                   body.reason)
    people = runs.proposal_people(uow, run_id, stored)
    return ProposalDecided(proposal=ProposalPublic.of(stored, people),
                           decision=DecisionPublic.of(decision))


bulk_router = APIRouter(prefix="/runs/{run_id}", tags=["proposals"])


@bulk_router.post("/decisions", response_model=BulkDecided, responses=CONFLICTS)
def decide_many(run_id: IdPath, body: BulkDecisionBody, actor: ActorDep, uow: UowDep
                ) -> BulkDecided:
    """One decision on many proposals, each at the version you read: all of them are
    decided in one transaction, or none (the first refusal is answered)."""
    done = runs.decide_many(uow, actor, run_id,
                            [(i.proposal_id, i.version) for i in body.items], body.action,
                            body.reason)
    out = []
    for stored, decision in done:
        people = runs.proposal_people(uow, run_id, stored)
        out.append(ProposalDecided(proposal=ProposalPublic.of(stored, people),
                                   decision=DecisionPublic.of(decision)))
    return BulkDecided(items=out)
