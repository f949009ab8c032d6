"""Programme settings: forms, kinds, group size, targets and weights, the curator's own rules,
quotas and solver options, with a live preview of how the best pairs of the stored bank change
for the values in the form, and "simulate for one person"."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError

from matcher.messages.curator import FIELD_LABELS
from matcher.model import (
    Attribute,
    Bank,
    Category,
    Form,
    Goal,
    Kind,
    Programme,
    RuleKind,
    StudentModel,
    Weights,
)
from service import runs, services
from service.domain import Actor
from service.errors import FieldError, InvalidData
from service.runs.learning import learning_for
from service.runs.simulate import simulate_rules
from service.schemas.readiness import ReadinessPublic
from service.unit_of_work import AbstractUnitOfWork
from service.web.forms import (
    COMPONENT_GROUPS,
    component_label,
    field_anchor,
    form_errors,
    new_programme_defaults,
    programme_values,
    topics_text,
)
from service.web.preview import build_preview
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.routes.runs import latest_done, latest_run, status_text
from service.web.rule_forms import EMPTY_QUOTA_ROWS, EMPTY_RULE_ROWS, RULE_FIELDS
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
    shown = form_errors(errors or [], lang)
    return {
        "v": values, "errors": {field: text for field, _, text in shown},
        "error_list": shown, "anchor": field_anchor,
        "forms_all": list(Form), "kinds_all": list(Kind), "goals": list(Goal),
        "categories_all": list(Category), "student_models_all": list(StudentModel),
        "rule_kinds": list(RuleKind), "rule_fields": RULE_FIELDS, "quota_fields": list(Attribute),
        "field_labels": {k: (t.en if lang == "en" else t.ru) for k, t in FIELD_LABELS.items()},
        "empty_rule_rows": EMPTY_RULE_ROWS, "empty_quota_rows": EMPTY_QUOTA_ROWS,
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
def programmes_page(request: Request, actor: ActorDep, uow: UowDep,
                    archived: int = 0) -> Response:
    every = services.list_programmes(uow, actor)
    stored = [s for s in every if (s.archived_at is not None) == bool(archived)]
    return render(request, "programmes.html", {
        "actor": actor, "programmes": stored, "status_text": status_text,
        "archived": bool(archived),
        "archived_count": sum(1 for s in every if s.archived_at is not None),
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
    if not values.get("id") and values.get("name"):
        values["id"] = services.code_from_name(str(values["name"]))
    try:
        programme = services.validate_programme(values)
        stored = services.create_programme(uow, actor, programme)
    except InvalidData as exc:
        return render(request, "programme_form.html", {
            "actor": actor, "stored": None, **_form_context(lang, _echo(values), exc.errors)},
            status=422)
    return RedirectResponse(f"/programmes/{quote(stored.pid)}?saved=1", status_code=303)


def _echo(values: dict[str, Any]) -> dict[str, Any]:
    """Form values as typed, for showing a refused form again."""
    echo = dict(values)
    echo["forms"] = set(values.get("forms") or ())
    echo["kinds"] = set(values.get("kinds") or ())
    echo["topics_text"] = topics_text(values.get("topics") or [])
    return echo


@router.post("/programmes/{pid:path}/preview", dependencies=[Csrf])
async def preview(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    """htmx: the fit and the top pairs for the values in the form, against the saved ones."""
    form = await request.form()
    stored = services.get_programme(uow, actor, pid)
    values = programme_values(form, base=stored.programme)
    values["id"] = pid
    try:
        edited = Programme.model_validate(values)
    except ValidationError as exc:
        errors = services.programme_errors(exc, values)
        return render(request, "_preview.html", {
            "actor": actor, "preview": None,
            "problems": form_errors(errors, lang_of(request))})
    bank = _bank_for(uow, actor, stored.programme)
    result = build_preview(bank, stored.programme, edited)
    return render(request, "_preview.html", {"actor": actor, "preview": result,
                                             "problems": []})


@router.get("/programmes/{pid:path}/simulate")
def simulate_page(request: Request, pid: str, actor: ActorDep, uow: UowDep,
                  mentee: str = "") -> Response:
    """What each of the programme's rules does to one mentee's candidates."""
    stored = services.get_programme(uow, actor, pid)
    result, problems = None, []
    if mentee:
        try:
            result = simulate_rules(uow, actor, pid, mentee.strip())
        except InvalidData as exc:
            problems = [(e.field, e.text(lang_of(request))) for e in exc.errors]
    return render(request, "programme_simulate.html", {
        "actor": actor, "stored": stored, "mentee": mentee, "sim": result,
        "problems": problems})


@router.get("/programmes/{pid:path}/readiness")
def readiness_page(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    """Are the banks ready for a run: places against mentees, consents, the likely coverage."""
    stored, ready = runs.programme_readiness(uow, actor, pid)
    return render(request, "readiness.html", {
        "actor": actor, "stored": stored, "r": ready,
        "view": ReadinessPublic.of(pid, ready, lang_of(request))})


@router.post("/programmes/{pid:path}/archive", dependencies=[Csrf])
async def archive(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    """Archive (or, with `restore`, bring back) after the page's confirmation."""
    form = await request.form()
    restore = form.get("restore") == "1"
    stored = services.get_programme(uow, actor, pid)
    version = int(str(form.get("version") or stored.version))
    services.archive_programme(uow, actor, pid, not restore, version)
    target = f"/programmes/{quote(pid)}" if restore else "/programmes?archived=1"
    return RedirectResponse(target, status_code=303)


@router.post("/programmes/{pid:path}/delete", dependencies=[Csrf])
async def delete(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    """Delete a programme no run holds (the service refuses one with runs)."""
    form = await request.form()
    stored = services.get_programme(uow, actor, pid)
    version = int(str(form.get("version") or stored.version))
    services.delete_programme(uow, actor, pid, version)
    return RedirectResponse("/programmes", status_code=303)


@router.get("/programmes/{pid:path}")
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
        "runs_count": len(runs.list_runs(uow, actor, pid)),
        **_form_context(lang_of(request), values)})


@router.post("/programmes/{pid:path}", dependencies=[Csrf])
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
            "runs_count": len(runs.list_runs(uow, actor, pid)),
            **_form_context(lang_of(request), _echo({**values, "id": pid}), exc.errors)},
            status=422)
    return RedirectResponse(f"/programmes/{quote(pid)}?saved=1", status_code=303)
