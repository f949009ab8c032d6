"""The personalised programmes of a run's pairs and groups: read one, save the curator's
edit (goals, plan lines), and download them as DOCX, one or all."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from matcher.reports.common import topic_label
from service import runs
from service.api.deps import ActorDep, IdPath, UowDep
from service.api.routes.documents import DOCX, NOT_READY, LangQuery, file_response
from service.runs.plans import PlanView
from service.schemas import ErrorBody
from service.schemas.papers import (
    CompetencyPublic,
    PlanLinePublic,
    PlanList,
    PlanPublic,
    PlanUpdate,
    ResultPublic,
)

router = APIRouter(prefix="/runs/{run_id}", tags=["plans"])


def public(run_id: int, view: PlanView, lang: str) -> PlanPublic:
    plan = view.plan
    return PlanPublic(
        run_id=run_id, proposal_id=plan.proposal.id, number=plan.number,
        status=plan.proposal.status.value, draft=plan.is_draft, edited=plan.edited,
        version=view.version, organisation=plan.organisation,
        programme_name=plan.programme_name, mentor=plan.mentor.full_name,
        mentees=[m.full_name for m in plan.mentees], start=plan.start, end=plan.end,
        goals=list(plan.goals), difficulties=list(plan.difficulties),
        competencies=[CompetencyPublic(topic=t, label=topic_label(t, lang), level=lv)
                      for t, lv in plan.competencies],
        lines=[PlanLinePublic(month=x.month, activity=x.activity, meetings=x.meetings)
               for x in plan.lines],
        results=[ResultPublic(result=r.result, measure=r.measure) for r in plan.results],
        updated_at=None if view.stored is None else view.stored.updated_at,
        updated_by="" if view.stored is None else view.stored.updated_by)


@router.get("/plans", response_model=PlanList, responses=NOT_READY)
def list_plans(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangQuery = "ru"
               ) -> PlanList:
    """The bank of programmes of the run: one per active pair and group, as the order numbers
    them, with the curator's edits."""
    _, views = runs.run_plans(uow, actor, run_id, lang=lang)
    return PlanList(items=[public(run_id, v, lang) for v in views])


@router.get("/plans.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "Every programme, one after another"},
    **NOT_READY})
def plans_docx(run_id: IdPath, actor: ActorDep, uow: UowDep, lang: LangQuery = "ru",
               confirmed_only: Annotated[bool, Query(
                   description="Only the confirmed and locked pairs and groups")] = False,
               ) -> Response:
    content = runs.plans_docx(uow, actor, run_id, lang=lang, confirmed_only=confirmed_only)
    return file_response(content, DOCX, f"run-{run_id}-programmes.docx")


@router.get("/proposals/{proposal_id}/plan", response_model=PlanPublic, responses=NOT_READY)
def read_plan(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep,
              lang: LangQuery = "ru") -> PlanPublic:
    """One pair's or group's programme (404 for a rejected or ended proposal: it has none)."""
    _, view = runs.proposal_plan(uow, actor, run_id, proposal_id, lang=lang)
    return public(run_id, view, lang)


@router.put("/proposals/{proposal_id}/plan", response_model=PlanPublic, responses={
    409: {"model": ErrorBody, "description": "Someone saved the plan since you read it"},
    **NOT_READY})
def save_plan(run_id: IdPath, proposal_id: str, body: PlanUpdate, actor: ActorDep,
              uow: UowDep, lang: LangQuery = "ru") -> PlanPublic:
    """Replace the programme's goals and plan lines; they follow the pair to later runs."""
    view = runs.save_plan(uow, actor, run_id, proposal_id, body.edit(), body.version,
                          lang=lang)
    return public(run_id, view, lang)


@router.get("/proposals/{proposal_id}/plan.docx", response_class=Response, responses={
    200: {"content": {DOCX: {}}, "description": "One pair's or group's programme"},
    **NOT_READY})
def plan_docx(run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep,
              lang: LangQuery = "ru") -> Response:
    content = runs.plans_docx(uow, actor, run_id, lang=lang, proposal_id=proposal_id)
    return file_response(content, DOCX, f"run-{run_id}-programme-{proposal_id}.docx")
