"""The papers of a run: the bank of personalised programmes (one per pair and group), the page
that edits one programme's goals and plan lines, and their DOCX downloads. Every action is a
use case of `service.runs`; these routes only read forms and render."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.labels import label
from matcher.reports.plans import PlanEdit, PlanLine
from matcher.reports.plans_docx import month_text
from service import runs, services
from service.api.deps import IdPath
from service.errors import ServiceError, field_error
from service.services.common import invalid
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.routes.runs import _download
from service.web.session import lang_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BLANK_LINES = 2  # empty rows the edit form offers for new plan lines


def _head(uow: Any, actor: Any, run: Any) -> dict[str, Any]:
    stored = services.get_programme(uow, actor, run.programme_id)
    return {"run": run, "stored": stored, "newer": runs.newer_run(uow, actor, run)}


@router.get("/runs/{run_id}/plans")
def plans_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """The bank of programmes of the run: one per pair and group, edited ones marked."""
    lang = lang_of(request)
    ctx, views = runs.run_plans(uow, actor, run_id, lang=lang)
    rows = [{"number": v.plan.number, "pid": v.plan.proposal.id,
             "mentor": v.plan.mentor.full_name,
             "mentees": [m.full_name for m in v.plan.mentees],
             "form": label(v.plan.proposal.form, lang), "draft": v.plan.is_draft,
             "edited": v.plan.edited, "saved_by": v.stored} for v in views]
    return render(request, "run_plans.html", {
        "actor": actor, **_head(uow, actor, ctx.run), "rows": rows, "tab": "plans"})


def _form(request: Request, actor: Any, uow: Any, run_id: int, proposal_id: str,
          *, errors: list[tuple[str, str]] | None = None, goals: str | None = None,
          lines: list[dict[str, Any]] | None = None, status: int = 200) -> Response:
    lang = lang_of(request)
    ctx, view = runs.proposal_plan(uow, actor, run_id, proposal_id, lang=lang)
    plan = view.plan
    if lines is None:
        lines = [{"month": x.month.strftime("%Y-%m"), "activity": x.activity,
                  "meetings": x.meetings} for x in plan.lines]
    months = []
    first = ctx.programme.start.replace(day=1)
    while first <= ctx.programme.end:
        months.append((first.strftime("%Y-%m"), month_text(first, lang)))
        first = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return render(request, "plan_edit.html", {
        "actor": actor, **_head(uow, actor, ctx.run), "plan": plan, "version": view.version,
        "plan_stored": view.stored, "saved": request.query_params.get("saved") == "1",
        "goals": "\n".join(plan.goals) if goals is None else goals,
        "lines": lines + [{"month": "", "activity": "", "meetings": ""}] * BLANK_LINES,
        "months": months, "errors": errors or [], "tab": "plans"},
        status=status)


@router.get("/runs/{run_id}/proposals/{proposal_id}/plan")
def plan_page(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep,
              uow: UowDep) -> Response:
    return _form(request, actor, uow, run_id, proposal_id)


def _edit_of(goals: str, month: list[str], activity: list[str], meetings: list[str]
             ) -> PlanEdit:
    """The form's fields as an edit; a row with no activity is left out."""
    out: list[PlanLine] = []
    errors = []
    for i, (m, a, n) in enumerate(zip(month, activity, meetings, strict=False)):
        if not a.strip():
            continue
        try:
            when = date.fromisoformat(f"{m}-01")
        except ValueError:
            errors.append(field_error("parse.date", f"lines.{i}.month", value=m))
            continue
        count = int(n) if n.strip().isdigit() and int(n) <= 31 else None
        if count is None:
            errors.append(field_error("parse.int", f"lines.{i}.meetings", value=n))
            continue
        out.append(PlanLine(when, a.strip()[:1000], count))
    if errors:
        raise invalid(errors)
    texts = tuple(g.strip()[:1000] for g in goals.splitlines() if g.strip())[:20]
    return PlanEdit(texts, tuple(out[:60]))


@router.post("/runs/{run_id}/proposals/{proposal_id}/plan", dependencies=[Csrf])
def save_plan(
    request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep,
    version: Annotated[int, Form(ge=0, le=2**31 - 1)],
    goals: Annotated[str, Form(max_length=20_000)] = "",
    month: Annotated[list[str] | None, Form()] = None,
    activity: Annotated[list[str] | None, Form()] = None,
    meetings: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the curator's goals and plan lines; a problem shows the form again with it."""
    lang = lang_of(request)
    month, activity, meetings = month or [], activity or [], meetings or []
    try:
        runs.save_plan(uow, actor, run_id, proposal_id,
                       _edit_of(goals, month, activity, meetings), version, lang=lang)
    except ServiceError as exc:
        if exc.code == "forbidden" or exc.code == "not_found":
            raise
        lines = [{"month": m, "activity": a, "meetings": n}
                 for m, a, n in zip(month, activity, meetings, strict=False) if a.strip()]
        errors = [(e.field, e.text(lang)) for e in exc.errors] or [("", exc.message(lang))]
        return _form(request, actor, uow, run_id, proposal_id, errors=errors, goals=goals,
                     lines=lines, status=409 if exc.code == "version_conflict" else 422)
    return RedirectResponse(f"/runs/{run_id}/proposals/{proposal_id}/plan?saved=1",
                            status_code=303)


@router.get("/runs/{run_id}/plans.docx")
def plans_docx(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
               confirmed_only: bool = False) -> Response:
    data = runs.plans_docx(uow, actor, run_id, lang=lang_of(request),
                           confirmed_only=confirmed_only)
    return _download(data, f"programmy-nastavnichestva-{run_id}.docx", DOCX)


@router.get("/runs/{run_id}/proposals/{proposal_id}/plan.docx")
def plan_docx(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep,
              uow: UowDep) -> Response:
    data = runs.plans_docx(uow, actor, run_id, lang=lang_of(request), proposal_id=proposal_id)
    return _download(data, f"programma-{run_id}-{proposal_id}.docx", DOCX)
