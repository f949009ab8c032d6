"""What every page route shares: the route class that shows domain errors as a page, and
the dependencies for the signed-in user, the unit of work and the CSRF check."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from matcher.errors import MatcherError
from service.api.errors import STATUS
from service.domain import Actor
from service.errors import ServiceError
from service.unit_of_work import AbstractUnitOfWork
from service.web.forms import form_errors
from service.web.render import render
from service.web.session import check_csrf, lang_of, require_actor, uow_of


def status_of(exc: ServiceError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


class PageRoute(APIRoute):
    """A page route: a domain error not handled by the page becomes an error page in the
    user's language (the API keeps its JSON answers)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except ServiceError as exc:
                lang = lang_of(request)
                return render(request, "error.html", {
                    "status": status_of(exc), "message_ru": exc.message("ru"),
                    "message_en": exc.message("en"),
                    "errors": [(label, text) for _, label, text in form_errors(exc.errors, lang)],
                }, status=status_of(exc))
            except MatcherError as exc:
                return render(request, "error.html", {
                    "status": 422, "message_ru": str(exc), "message_en": str(exc),
                }, status=422)

        return handler


def get_uow(request: Request) -> AbstractUnitOfWork:
    return uow_of(request)


ActorDep = Annotated[Actor, Depends(require_actor)]
UowDep = Annotated[AbstractUnitOfWork, Depends(get_uow)]
Csrf = Depends(check_csrf)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"
