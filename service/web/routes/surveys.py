"""Monitoring pages: the curator's follow-up of a programme's pairs, and the participant's
surveys opened from their personal link (no sign-in: the signed link is the permission)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from matcher.labels import label
from matcher.messages import message
from matcher.model import Form, Kind
from matcher.model.monitoring import FitAnswer, GoalLevel, SurveyAnswer, SurveyKind
from matcher.monitoring import QualityRow
from service.domain import Actor
from service.errors import FieldError, InvalidData
from service.runs.reminders import RemindersOutcome, send_reminders
from service.runs.surveys import answer_survey, monitoring, surveys_for_link
from service.services.common import field_errors
from service.unit_of_work import AbstractUnitOfWork
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.session import lang_of, settings_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex"}


def group_label(row: QualityRow, lang: str) -> str:
    """A quality row's group in the curator's words: the form, the kind or the score band."""
    if row.group == "form":
        return label(Form(row.key), lang)
    if row.group == "kind":
        return label(Kind(row.key), lang)
    return message("monitoring.band", lang, band=row.key)


def _monitoring(request: Request, pid: str, actor: Actor, uow: AbstractUnitOfWork, *,
                sent: RemindersOutcome | None = None, error: str = "",
                status: int = 200) -> Response:
    view = monitoring(uow, actor, pid)
    lang = lang_of(request)
    return render(request, "monitoring.html", {
        "actor": actor, "view": view, "stored": view.programme,
        "groups": [group_label(q, lang) for q in view.quality],
        "mail_on": settings_of(request).mail is not None, "sent": sent, "error": error,
    }, status=status)


@router.get("/programmes/{pid:path}/monitoring")
def monitoring_page(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    return _monitoring(request, pid, actor, uow)


@router.post("/programmes/{pid:path}/monitoring/reminders", dependencies=[Csrf])
async def send_reminders_page(request: Request, pid: str, actor: ActorDep,
                              uow: UowDep) -> Response:
    """«Отправить напоминания», once the curator ticked the confirmation: the page again with
    who got a letter, who had one today already, who has no address."""
    form = await request.form()
    if form.get("confirm") != "yes":
        return _monitoring(request, pid, actor, uow, status=422, error=message(
            "reminder.confirm_needed", lang_of(request)))
    settings = settings_of(request)
    outcome = send_reminders(
        uow, actor, pid, mail=settings.mail, key=settings.signing_key,
        algorithm=settings.jwt_algorithm, link_days=settings.explanation_link_days,
        base_url=settings.link_base(str(request.base_url)))
    return _monitoring(request, pid, actor, uow, sent=outcome)


def _page(request: Request, token: str, uow: UowDep, *, errors: list[FieldError] | None = None,
          saved: bool = False, status: int = 200) -> Response:
    settings = settings_of(request)
    found = surveys_for_link(uow, token, key=settings.signing_key,
                             algorithm=settings.jwt_algorithm)
    lang = lang_of(request)
    return render(request, "surveys.html", {
        "actor": None, "csrf": "", "public": True, "found": found, "token": token,
        "saved": saved, "errors": [(e.field, e.text(lang)) for e in errors or []],
        "fits": list(FitAnswer), "levels": list(GoalLevel), "kinds": SurveyKind,
    }, status=status, headers=PRIVATE)


@router.get("/explain/{token}/surveys", name="surveys_page")
def surveys_page(request: Request, token: str, uow: UowDep, saved: int = 0) -> Response:
    return _page(request, token, uow, saved=bool(saved))


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


@router.post("/explain/{token}/surveys")
async def answer_page(request: Request, token: str, uow: UowDep) -> Response:
    """One survey's form: its fields by kind; the goals as `goal_<topic>` selects."""
    form = await request.form()
    kind = str(form.get("kind") or "")
    data: dict[str, Any] = {
        "kind": kind, "comment": str(form.get("comment") or "")[:1000],
        "fit": form.get("fit") or None, "quality": _int(form.get("quality")),
        "meetings": _int(form.get("meetings")), "satisfaction": _int(form.get("satisfaction")),
        "goals": {str(k)[5:]: str(v) for k, v in form.items()
                  if str(k).startswith("goal_") and v},
    }
    met = form.get("met")
    data["met"] = None if met in (None, "") else met == "yes"
    try:
        answer = SurveyAnswer.model_validate(data)
    except ValidationError as exc:
        return _page(request, token, uow, errors=field_errors(exc), status=422)
    settings = settings_of(request)
    try:
        answer_survey(uow, token, str(form.get("proposal_id") or ""), _int(form.get("seq")) or 1,
                      answer, key=settings.signing_key, algorithm=settings.jwt_algorithm)
    except InvalidData as exc:
        return _page(request, token, uow, errors=exc.errors, status=422)
    return RedirectResponse(request.url_for("surveys_page", token=token).path + "?saved=1",
                            status_code=303)
