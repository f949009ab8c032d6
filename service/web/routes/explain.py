"""A participant's own explanation, opened from the signed link the curator sent: no sign-in,
no navigation, and nothing about other people (`matcher.reports.personal` decides what shows)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from service import runs
from service.web.render import render
from service.web.routes.common import PageRoute, UowDep
from service.web.session import lang_of, settings_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/explain/{token}", name="explanation_page")
def explanation_page(request: Request, token: str, uow: UowDep) -> Response:
    settings = settings_of(request)
    found = runs.explanation_for_link(uow, token, key=settings.signing_key,
                                      algorithm=settings.jwt_algorithm, lang=lang_of(request))
    return render(request, "explain.html", {
        "actor": None, "csrf": "", "public": True, "e": found.explanation.as_dict(),
        "programme_name": found.programme_name, "period": found.period,
        "survey_token": token,
    }, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                "X-Robots-Tag": "noindex"})
