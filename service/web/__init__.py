"""Curator pages in Russian (English on request), served by the same app as the API.

Server-rendered Jinja2 templates with htmx for the live parts (filters, the weights preview,
the run's progress, proposal decisions); every form also works as a plain HTML form. Pages call
the same use cases as the API (`service.services`, `service.runs`) and never re-implement them.
`install(app)` adds the routes, the static files and the two page-only error handlers.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from service.i18n import message
from service.web.render import HERE, render
from service.web.session import CsrfFailed, LoginRequired

STATIC_URL = "/static"


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
