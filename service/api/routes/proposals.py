"""Proposals of a run and the curator's decisions on them: confirm, reject (with a reason),
lock, end (with a reason). Each decision checks the version you read (409 if stale) and is
recorded with who and when."""

from __future__ import annotations

from fastapi import APIRouter

from matcher.model import ProposalStatus
from service import runs
from service.api.deps import ActorDep, IdPath, UowDep
from service.domain import DecisionAction
from service.schemas import (
    DecisionBody,
    DecisionPublic,
    ErrorBody,
    ProposalDecided,
    ProposalDetail,
    ProposalPublic,
)

router = APIRouter(prefix="/runs/{run_id}/proposals", tags=["proposals"])


@router.get("", response_model=list[ProposalPublic])
def list_proposals(run_id: IdPath, actor: ActorDep, uow: UowDep,
                   status: ProposalStatus | None = None) -> list[ProposalPublic]:
    rows, bank = runs.list_proposals(uow, actor, run_id, status)
    return [ProposalPublic.of(r, bank) for r in rows]


@router.get("/{proposal_id}", response_model=ProposalDetail)
def read_proposal(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep
                  ) -> ProposalDetail:
    """A proposal with its breakdown and every decision taken on it."""
    stored, decisions, bank = runs.get_proposal(uow, actor, run_id, proposal_id)
    return ProposalDetail(**ProposalPublic.of(stored, bank).model_dump(),
                          decisions=[DecisionPublic.of(d) for d in decisions])


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
    _, _, bank = runs.get_proposal(uow, actor, run_id, proposal_id)
    return ProposalDecided(proposal=ProposalPublic.of(stored, bank),
                           decision=DecisionPublic.of(decision))
