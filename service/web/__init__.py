"""Curator pages in Russian (English on request), served by the same app as the API.

Server-rendered Jinja2 templates with htmx for the live parts (filters, the weights preview,
the run's progress, proposal decisions); every form also works as a plain HTML form. Pages call
the same use cases as the API (`service.services`, `service.runs`) and never re-implement them.
`install(app)` adds the routes, the static files, the favicon and the error handlers: an
unknown address, a bad one or a server error is a page for a page address and the API's JSON
answer under `/api` (and for any client that does not ask for HTML).
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from service.api import errors as api_errors
from service.errors import ServiceError
from service.i18n import message
from service.web.render import HERE, render
from service.web.session import CsrfFailed, LoginRequired, actor_of

STATIC_URL = "/static"
FAVICON = HERE / "static" / "favicon.svg"
# Addresses that always answer as the API does (JSON), whoever asks.
MACHINE_PREFIXES = ("/api/", "/docs", "/static/", "/docs-assets/")
log = logging.getLogger(__name__)


def wants_page(request: Request) -> bool:
    """Whether an error on this request is shown as a page: a page address asked for by a
    browser (or any client that does not ask for JSON only)."""
    path = request.url.path
    if path == "/api" or path.startswith(MACHINE_PREFIXES):
        return False
    accept = request.headers.get("accept", "")
    return "application/json" not in accept or "text/html" in accept


def _error_page(request: Request, status: int, code: str, *,
                errors: list[tuple[str, str]] | None = None) -> HTMLResponse:
    try:
        actor = None if status >= 500 else actor_of(request)
    except ServiceError:  # the store is out of reach: the error page still renders
        actor = None
    return render(request, "error.html", {
        "status": status, "actor": actor, "message_ru": message(code, "ru"),
        "message_en": message(code, "en"), "errors": errors or [],
        "no_page": code == "web.not_found_page"}, status=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if not wants_page(request) or exc.status_code < 400:
        return await api_errors.http_error(request, exc)
    status = exc.status_code
    code = "web.not_found_page" if status == 404 else (
        f"http.{status}" if status in (403, 405, 413, 422) else "http.500")
    return _error_page(request, status, code)


async def _request_invalid(request: Request, exc: Exception) -> Response:
    """A page address with a malformed part (`/runs/abc`) is not a page there is: 404."""
    if not wants_page(request):
        return await api_errors.request_invalid(request, exc)
    return _error_page(request, 404, "web.not_found_page")


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s", request.url.path, exc_info=exc)
    if not wants_page(request):
        return api_errors.server_error_answer(request)
    return _error_page(request, 500, "http.500")


async def _login_required(request: Request, exc: Exception) -> RedirectResponse:
    assert isinstance(exc, LoginRequired)
    from urllib.parse import quote

    if request.headers.get("HX-Request"):  # htmx follows HX-Redirect with a full page load
        response = RedirectResponse("/login", status_code=303)
        response.headers["HX-Redirect"] = f"/login?next={quote(exc.next_url)}"
        return response
    return RedirectResponse(f"/login?next={quote(exc.next_url)}", status_code=303)


async def _csrf_failed(request: Request, exc: Exception) -> HTMLResponse:
    return render(request, "error.html", {
        "status": 403,
        "message_ru": message("web.form_stale", "ru"),
        "message_en": message("web.form_stale", "en"),
    }, status=403)


def install(app: FastAPI) -> None:
    """Add the pages, `/static` and the page error handlers to `app`."""
    from service.web.routes import router

    app.include_router(router)
    app.mount(STATIC_URL, StaticFiles(directory=HERE / "static"), name="static")
    app.add_exception_handler(LoginRequired, _login_required)
    app.add_exception_handler(CsrfFailed, _csrf_failed)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _request_invalid)
    app.add_exception_handler(Exception, _server_error)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(FAVICON, media_type="image/svg+xml")
