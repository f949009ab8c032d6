"""A participant's own explanation, opened from the signed link the curator sent: no sign-in,
no navigation, and nothing about other people (`matcher.reports.personal` decides what shows).
On the same page the person answers: ready to work in the pair or not (with a reason), and
their wishes after the acquaintance meeting (`service.runs.answers`).

The answer form is safe against cross-site posting without a session: the token in the address
is the secret, the form carries a key derived from it with the server's signing key, and a
request another site starts (`Sec-Fetch-Site: cross-site`, or a foreign `Origin`) is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from matcher.aftermatch import AnswerKind
from matcher.messages import has, message
from matcher.messages.names import known_sex
from matcher.model import WishLevel
from service import runs
from service.errors import ServiceError
from service.runs import answers as answer_cases
from service.web.render import render
from service.web.routes.common import PageRoute, UowDep
from service.web.session import lang_of, settings_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
           "X-Robots-Tag": "noindex"}
MAX_FIELD = 1000


def answer_key(signing_key: str, token: str) -> str:
    """The key the answer form carries: derived from the link's token and the server's key."""
    return hmac.new(signing_key.encode(), b"answer:" + token.encode(),
                    hashlib.sha256).hexdigest()[:32]


def _page(request: Request, token: str, uow: UowDep, *, done: str = "", error: str = "",
          status: int = 200) -> Response:
    settings = settings_of(request)
    lang = lang_of(request)
    found = runs.explanation_for_link(uow, token, key=settings.signing_key,
                                      algorithm=settings.jwt_algorithm, lang=lang)
    mine = answer_cases.own_answers(uow, token, key=settings.signing_key,
                                    algorithm=settings.jwt_algorithm)
    e = found.explanation.as_dict()
    answered: dict[str, str] = {}
    for pid, a in mine.items():
        code = f"participant.answered.{a.answer.value if a.answer else 'wishes'}"
        answered[pid] = message(code, lang)
    status_words = {m["proposal_id"]: message(f"participant.status.{m['status_code']}", lang)
                    for m in e["matches"] if has(f"participant.status.{m['status_code']}")}
    return render(request, "explain.html", {
        "actor": None, "csrf": "", "public": True, "e": e, "token": token,
        "survey_token": token,
        "programme_name": found.programme_name, "period": found.period,
        "answer_key": answer_key(settings.signing_key, token), "answered": answered,
        "status_words": status_words, "done": done, "error": error,
        "female": known_sex(e["name"], None) == "female",
    }, headers=PRIVATE, status=status)


@router.get("/explain/{token}", name="explanation_page")
def explanation_page(request: Request, token: str, uow: UowDep, done: str = "") -> Response:
    lang = lang_of(request)
    text = message(done, lang) if done.startswith("answer.next.") and has(done) else ""
    return _page(request, token, uow, done=text)


def _same_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site", "same-origin") == "cross-site":
        return False
    origin = request.headers.get("origin")
    return origin in (None, "null") or urlsplit(origin).netloc == request.url.netloc


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD] if isinstance(value, str) else ""


@router.post("/explain/{token}/answer")
async def answer_page(request: Request, token: str, uow: UowDep) -> Response:
    """The answer form of the page: accept or decline a pair, wishes after the meeting."""
    settings = settings_of(request)
    lang = lang_of(request)
    form = await request.form(max_files=0, max_fields=60)
    given = _text(form, "answer_key")
    if not _same_site(request) or not hmac.compare_digest(
            given, answer_key(settings.signing_key, token)):
        return _page(request, token, uow, error=message("participant.form_expired", lang),
                     status=403)
    choice = _text(form, "answer")
    wishes = []
    for field, value in form.multi_items():
        if not field.startswith("wish_") or not isinstance(value, str) or not value:
            continue
        target = field.removeprefix("wish_")[:64]
        if value not in WishLevel.__members__:
            continue
        rank_text = _text(form, f"rank_{target}")
        rank = int(rank_text) if rank_text.isdigit() and 0 < int(rank_text) <= 99 else None
        wishes.append(answer_cases.WishAnswer(target, WishLevel(value), rank))
    try:
        outcome = answer_cases.answer_through_link(
            uow, token, _text(form, "proposal_id")[:64],
            AnswerKind(choice) if choice in AnswerKind.__members__ else None,
            reason=_text(form, "reason"), wishes=wishes, key=settings.signing_key,
            algorithm=settings.jwt_algorithm)
    except ServiceError as exc:
        if exc.code != "invalid_data":
            raise
        text = " ".join(e.text(lang) for e in exc.errors) or exc.message(lang)
        return _page(request, token, uow, error=text, status=422)
    return RedirectResponse(f"/explain/{token}?done={outcome.next_step}#answer",
                            status_code=303, headers=PRIVATE)
