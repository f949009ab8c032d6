"""Sign-in and sign-out (the API's JWT in a cookie), the language switch and the home page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from service import services
from service.api.deps import client_address, login_throttle
from service.errors import BadCredentials, TooManyAttempts
from service.i18n import LANGS
from service.web.render import render
from service.web.routes.common import Csrf, PageRoute, UowDep
from service.web.session import actor_of, safe_next, set_lang, settings_of, sign_in, sign_out

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/")
def home(request: Request) -> Response:
    target = "/banks" if actor_of(request) is not None else "/login"
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", {"next": safe_next(next), "failed": False,
                                          "login": "", "wait": None})


@router.post("/login")
def login(
    request: Request,
    uow: UowDep,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password with the same use case as the API and keep its token in a cookie.
    No CSRF token here: there is no session yet, and a forged sign-in gains nothing."""
    page = {"next": safe_next(next), "failed": True, "login": username, "actor": None,
            "wait": None}
    try:
        user = services.authenticate(uow, username, password, address=client_address(request),
                                     throttle=login_throttle(settings_of(request)))
    except BadCredentials:
        return render(request, "login.html", page, status=401)
    except TooManyAttempts as exc:
        return render(request, "login.html", {**page, "wait": exc.retry_after}, status=429,
                      headers={"Retry-After": str(exc.retry_after)})
    target = safe_next(next)
    response = RedirectResponse("/banks" if target == "/" else target, status_code=303)
    sign_in(response, request, user.id, user.token_version)
    return response


@router.post("/logout", dependencies=[Csrf])
def logout(request: Request, uow: UowDep) -> Response:
    """Sign out here and everywhere: the user's tokens end, then the cookie goes."""
    actor = actor_of(request)
    if actor is not None:
        services.logout(uow, actor)
    response = RedirectResponse("/login", status_code=303)
    sign_out(response)
    return response


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    """Remember the language in a cookie and go back to the page."""
    response = RedirectResponse(safe_next(next), status_code=303)
    set_lang(response, code if code in LANGS else "ru")
    return response
