"""Rendering pages: one Jinja2 environment, and the context every page gets (language,
translator, signed-in user, CSRF token, the enum labels of `matcher.labels`)."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from matcher.labels import LABELS, label
from matcher.messages import message
from matcher.reports.common import topic_label
from service.web.session import CSRF_FIELD, CSRF_HEADER, actor_of, csrf_token, lang_of

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.trim_blocks = True
templates.env.lstrip_blocks = True


def tr(lang: str) -> Callable[[str, str], str]:
    """`_("Русский", "English")` in templates: the text in the page's language."""
    def pick(ru: str, en: str) -> str:
        return en if lang == "en" else ru
    return pick


def percent(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f} %"


def points(value: float) -> int:
    """A score of 0..1 as curators read it, from 0 to 100 (as the CLI shows it)."""
    return round(value * 100)


def score(value: float | None) -> str:
    return "—" if value is None else str(points(value))


def score_points(value: float) -> str:
    """A difference of total scores in the same points, to a tenth: small losses still show."""
    return f"{value * 100:.1f}"


def enum_label(lang: str) -> Callable[[Any], str]:
    def pick(member: Any) -> str:
        if isinstance(member, StrEnum) and member in LABELS:
            return label(member, lang)
        return str(member)
    return pick


templates.env.filters["percent"] = percent
templates.env.filters["score"] = score
templates.env.filters["points"] = points
templates.env.filters["score_points"] = score_points


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, *, status: int = 200,
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    """Render `name` with the common context; an htmx request may ask for a fragment."""
    lang = lang_of(request)
    actor = context.get("actor") if context and "actor" in context else actor_of(request)
    base = {
        "request": request,
        "lang": lang,
        "_": tr(lang),
        "L": enum_label(lang),
        "topic": lambda tid: topic_label(tid, lang),
        "actor": actor,
        "csrf": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "csrf_header": CSRF_HEADER,
        "msg": lambda code, **params: message(code, lang, **params),
        "path": request.url.path,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }
    base.update(context or {})
    return templates.TemplateResponse(request, name, base, status_code=status, headers=headers)
