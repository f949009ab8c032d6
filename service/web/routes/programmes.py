"""Programme settings: forms, kinds, group size, targets and weights, with a live preview of
how the best pairs of the stored bank change for the values in the form."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from matcher.model import Bank, Category, Form, Goal, Kind, Programme, StudentModel, Weights
from service import services
from service.domain import Actor
from service.errors import FieldError, InvalidData
from service.runs.learning import learning_for
from service.unit_of_work import AbstractUnitOfWork
from service.web.forms import (
    COMPONENT_GROUPS,
    component_label,
    new_programme_defaults,
    programme_values,
    topics_text,
)
from service.web.preview import build_preview
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.routes.runs import latest_done, latest_run, status_text
from service.web.session import lang_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _bank_for(uow: AbstractUnitOfWork, actor: Actor, programme: Programme) -> Bank:
    """The stored bank the programme covers (its organisations the actor may read)."""
    orgs = services.list_organisations(uow, actor)
    ids = [o.id for o in orgs if not programme.organisations or o.name in programme.organisations]
    return services.load_bank(uow, actor, ids).bank


def _form_context(
    lang: str, values: dict[str, Any], errors: list[FieldError] | None = None
) -> dict[str, Any]:
    weights = values.get("weights") or Weights().model_dump()
    return {
        "v": values, "errors": {e.field: e.text(lang) for e in errors or []},
        "error_list": [(e.field, e.text(lang)) for e in errors or []],
        "forms_all": list(Form), "kinds_all": list(Kind), "goals": list(Goal),
        "categories_all": list(Category), "student_models_all": list(StudentModel),
        "component_groups": [
            ((ru if lang != "en" else en),
             [(name, component_label(name, lang), weights.get(name, 0)) for name in names])
            for (ru, en), names in COMPONENT_GROUPS
        ],
    }


def _values_of(p: Programme) -> dict[str, Any]:
    data = p.model_dump(mode="json")
    data["forms"], data["kinds"] = set(data["forms"]), set(data["kinds"])
    data["topics_text"] = topics_text(data["topics"])
    return data


@router.get("/programmes")
def programmes_page(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    stored = services.list_programmes(uow, actor)
    return render(request, "programmes.html", {
        "actor": actor, "programmes": stored, "status_text": status_text,
        "latest": {s.pid: latest_run(uow, actor, s.pid) for s in stored},
    })


@router.get("/programmes/new")
def new_programme_page(request: Request, actor: ActorDep) -> Response:
    values = _values_of(Programme(id="new", **new_programme_defaults(date.today())))
    values["id"] = ""
    return render(request, "programme_form.html", {
        "actor": actor, "stored": None, **_form_context(lang_of(request), values)})


@router.post("/programmes", dependencies=[Csrf])
async def create_programme(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    form = await request.form()
    values = programme_values(form)
    lang = lang_of(request)
    try:
        try:
            programme = Programme.model_validate(values)
        except ValidationError as exc:
            raise services.invalid(services.field_errors(exc)) from exc
        stored = services.create_programme(uow, actor, programme)
    except InvalidData as exc:
        return render(request, "programme_form.html", {
            "actor": actor, "stored": None, **_form_context(lang, _echo(values), exc.errors)},
            status=422)
    return RedirectResponse(f"/programmes/{stored.pid}?saved=1", status_code=303)


def _echo(values: dict[str, Any]) -> dict[str, Any]:
    """Form values as typed, for showing a refused form again."""
    echo = dict(values)
    echo["forms"] = set(values.get("forms") or ())
    echo["kinds"] = set(values.get("kinds") or ())
    echo["topics_text"] = topics_text(values.get("topics") or [])
    return echo


@router.get("/programmes/{pid}")
def programme_page(request: Request, pid: str, actor: ActorDep, uow: UowDep,
                   saved: int = 0, suggested: int = 0) -> Response:
    """The settings; `suggested=1` fills the weights with what the outcomes suggest (from
    the learning page), unsaved, so the preview shows their effect before the curator saves."""
    stored = services.get_programme(uow, actor, pid)
    values = _values_of(stored.programme)
    proposal = learning_for(uow, actor, pid).suggested_weights() if suggested else None
    if proposal is not None:
        values["weights"] = {k: round(v, 2) for k, v in proposal.as_dict().items()}
    return render(request, "programme_form.html", {
        "actor": actor, "stored": stored, "saved": bool(saved),
        "suggested": proposal is not None,
        "latest": latest_run(uow, actor, pid),
        "latest_done": latest_done(uow, actor, pid),
        **_form_context(lang_of(request), values)})


@router.post("/programmes/{pid}", dependencies=[Csrf])
async def save_programme(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    form = await request.form()
    stored = services.get_programme(uow, actor, pid)
    values = programme_values(form, base=stored.programme)
    values.pop("id", None)
    version = int(str(form.get("version") or stored.version))
    try:
        services.update_programme(uow, actor, pid, values, version)
    except InvalidData as exc:
        return render(request, "programme_form.html", {
            "actor": actor, "stored": stored,
            **_form_context(lang_of(request), _echo({**values, "id": pid}), exc.errors)},
            status=422)
    return RedirectResponse(f"/programmes/{pid}?saved=1", status_code=303)


@router.post("/programmes/{pid}/preview", dependencies=[Csrf])
async def preview(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    """htmx: the fit and the top pairs for the values in the form, against the saved ones."""
    form = await request.form()
    stored = services.get_programme(uow, actor, pid)
    values = programme_values(form, base=stored.programme)
    values["id"] = pid
    try:
        edited = Programme.model_validate(values)
    except ValidationError as exc:
        errors = services.field_errors(exc)
        return render(request, "_preview.html", {
            "actor": actor, "preview": None,
            "problems": [(e.field, e.text(lang_of(request))) for e in errors]})
    bank = _bank_for(uow, actor, stored.programme)
    result = build_preview(bank, stored.programme, edited)
    return render(request, "_preview.html", {"actor": actor, "preview": result,
                                             "problems": []})
