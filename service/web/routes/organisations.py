"""Organisations and partners: an administrator registers organisations; a school's curator
keeps its partner organisations, whose people join the school's bank as outside mentors."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from service import services
from service.api.deps import IdPath
from service.domain import Actor
from service.errors import AlreadyExists, InvalidData
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
