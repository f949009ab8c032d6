"""Organisations and partners: an administrator registers organisations; a school's curator
keeps its partner organisations, whose people join the school's bank as outside mentors."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.reports.order import MAX_SETTING, OrderSettings
from matcher.reports.targets import (
    FIRST_YEAR,
    LAST_YEAR,
    MAX_PEOPLE,
    Headcount,
    SchoolYearNumbers,
    school_year_of,
)
from service import services
from service.api.deps import IdPath
from service.domain import Actor
from service.errors import AlreadyExists, InvalidData
from service.i18n import message
from service.unit_of_work import AbstractUnitOfWork
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.session import lang_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _context(actor: Actor, uow: AbstractUnitOfWork) -> dict[str, Any]:
    organisations = services.list_organisations(uow, actor)
    return {"actor": actor, "organisations": organisations,
            "partners": {o.id: services.list_partners(uow, actor, o.id) for o in organisations}}


@router.get("/organisations")
def organisations_page(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    return render(request, "organisations.html", _context(actor, uow))


@router.post("/organisations", dependencies=[Csrf])
def register_organisation(
    request: Request, actor: ActorDep, uow: UowDep, name: Annotated[str, Form()],
    region: Annotated[str, Form()] = "",
) -> Response:
    """Register an organisation (administrators only)."""
    try:
        services.create_organisation(uow, actor, name, region)
    except AlreadyExists as exc:
        return render(request, "organisations.html", {
            **_context(actor, uow), "error": exc.message(lang_of(request))}, status=409)
    return RedirectResponse("/organisations", status_code=303)


@router.post("/organisations/{organisation_id}/partners", dependencies=[Csrf])
def add_partner(
    request: Request, actor: ActorDep, uow: UowDep, organisation_id: IdPath,
    name: Annotated[str, Form()],
) -> Response:
    """Add a partner by name (registered if it is not yet)."""
    try:
        services.add_partner(uow, actor, organisation_id, name)
    except InvalidData as exc:
        lang = lang_of(request)
        return render(request, "organisations.html", {
            **_context(actor, uow),
            "error": "; ".join(e.text(lang) for e in exc.errors)}, status=422)
    return RedirectResponse("/organisations", status_code=303)


@router.post("/organisations/{organisation_id}/partners/{partner_id}/remove",
             dependencies=[Csrf])
def remove_partner(actor: ActorDep, uow: UowDep, organisation_id: IdPath,
                   partner_id: IdPath) -> Response:
    services.remove_partner(uow, actor, organisation_id, partner_id)
    return RedirectResponse("/organisations", status_code=303)


# --- the organisation's real numbers per school year and its order settings ----------------

NUMBER_FIELDS = ("teachers", "young_specialists", "students_primary", "students_basic",
                 "students_secondary", "students_college")


def _papers(request: Request, actor: Actor, uow: AbstractUnitOfWork, organisation_id: int,
            **extra: Any) -> dict[str, Any]:
    org = services.get_organisation(uow, actor, organisation_id)
    years = services.list_school_years(uow, actor, organisation_id)
    return {"actor": actor, "org": org, "years": years, "fields": NUMBER_FIELDS,
            "settings": services.order_settings(uow, actor, organisation_id),
            "this_year": school_year_of(date.today()), "saved": request.query_params.get(
                "saved", ""), **extra}


@router.get("/organisations/{organisation_id}/papers")
def papers_page(request: Request, actor: ActorDep, uow: UowDep,
                organisation_id: IdPath) -> Response:
    return render(request, "organisation_papers.html",
                  _papers(request, actor, uow, organisation_id))


def _share(text: str) -> float | None:
    """A percentage typed in the form («60», «60,5») as a share; empty: none."""
    text = text.strip().replace(",", ".").rstrip("%").strip()
    return None if not text else float(text) / 100


@router.post("/organisations/{organisation_id}/school-years", dependencies=[Csrf])
def save_school_year(
    request: Request, actor: ActorDep, uow: UowDep, organisation_id: IdPath,
    year: Annotated[int, Form(ge=FIRST_YEAR, le=LAST_YEAR)],
    teachers: Annotated[int, Form(ge=0, le=MAX_PEOPLE)],
    young_specialists: Annotated[int, Form(ge=0, le=MAX_PEOPLE)] = 0,
    students_primary: Annotated[int, Form(ge=0, le=MAX_PEOPLE)] = 0,
    students_basic: Annotated[int, Form(ge=0, le=MAX_PEOPLE)] = 0,
    students_secondary: Annotated[int, Form(ge=0, le=MAX_PEOPLE)] = 0,
    students_college: Annotated[int, Form(ge=0, le=MAX_PEOPLE)] = 0,
    target_teachers: Annotated[str, Form(max_length=10)] = "",
    target_students: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Record the real numbers (and own targets, in percent) of one school year."""
    lang = lang_of(request)
    try:
        numbers = SchoolYearNumbers(year, Headcount(
            teachers, young_specialists, students_primary, students_basic, students_secondary,
            students_college), _share(target_teachers), _share(target_students))
    except ValueError:
        code = ("year.involved_exceeds" if young_specialists > teachers
                else "year.target_range")
        text = message(code, lang, involved=young_specialists, total=teachers)
        return render(request, "organisation_papers.html", _papers(
            request, actor, uow, organisation_id, error=text), status=422)
    services.save_school_year(uow, actor, organisation_id, numbers)
    return RedirectResponse(f"/organisations/{organisation_id}/papers?saved=year",
                            status_code=303)


@router.post("/organisations/{organisation_id}/order-settings", dependencies=[Csrf])
def save_order_settings(
    actor: ActorDep, uow: UowDep, organisation_id: IdPath,
    number: Annotated[str, Form(max_length=MAX_SETTING)] = "",
    order_date: Annotated[str, Form(max_length=10)] = "",
    director: Annotated[str, Form(max_length=MAX_SETTING)] = "",
    curator: Annotated[str, Form(max_length=MAX_SETTING)] = "",
    curator_position: Annotated[str, Form(max_length=MAX_SETTING)] = "",
    regulation_teachers: Annotated[str, Form(max_length=MAX_SETTING)] = "",
    regulation_students: Annotated[str, Form(max_length=MAX_SETTING)] = "",
) -> Response:
    try:
        when = date.fromisoformat(order_date) if order_date.strip() else None
    except ValueError:
        when = None
    settings = OrderSettings(
        number=number.strip(), order_date=when, director=director.strip(),
        curator=curator.strip(), curator_position=curator_position.strip(),
        regulation_teachers=regulation_teachers.strip(),
        regulation_students=regulation_students.strip())
    services.save_order_settings(uow, actor, organisation_id, settings)
    return RedirectResponse(f"/organisations/{organisation_id}/papers?saved=order",
                            status_code=303)
