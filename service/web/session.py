"""The browser session: the API's JWT kept in an HttpOnly cookie, the language in another,
and a CSRF token derived from the session so that a form posted from another site fails.

The cookie holds exactly the token `POST /api/v1/auth/token` returns, so a page and the API
agree on who is signed in and for how long; nothing about the user is stored server-side.
"""

from __future__ import annotations

import hashlib
import hmac

from fastapi import Request, Response

from service import security, services
from service.config import Settings
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor
from service.errors import NotAuthenticated
from service.i18n import LANGS, pick_language
from service.unit_of_work import AbstractUnitOfWork

SESSION_COOKIE = "nm_session"
LANG_COOKIE = "nm_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class LoginRequired(Exception):
    """A page was asked for without a valid session: the browser is sent to the login page."""

    def __init__(self, next_url: str = "/") -> None:
        super().__init__(next_url)
        self.next_url = next_url


class CsrfFailed(Exception):
    """A form without the session's CSRF token: refused (a stale page or another site)."""


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings  # set by create_app; State is untyped
    return settings


def uow_of(request: Request) -> AbstractUnitOfWork:
    return SqlAlchemyUnitOfWork(request.app.state.session_factory)


def lang_of(request: Request) -> str:
    """The language cookie, else the browser's preference; Russian by default."""
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in LANGS:
        return chosen
    return pick_language(request.headers.get("accept-language"))


def token_of(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE) or None


def actor_of(request: Request) -> Actor | None:
    """The signed-in user of this request, or None (no cookie, expired, user blocked)."""
    token = token_of(request)
    if not token:
        return None
    settings = settings_of(request)
    try:
        claims = security.access_from_token(
            token, key=settings.signing_key, algorithm=settings.jwt_algorithm)
        return services.actor_for(uow_of(request), claims.user_id, claims.version)
    except NotAuthenticated:
        return None


def require_actor(request: Request) -> Actor:
    actor = actor_of(request)
    if actor is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return actor


def csrf_token(request: Request) -> str:
    """The CSRF token of this session (empty when signed out)."""
    token = token_of(request)
    if not token:
        return ""
    key = settings_of(request).signing_key.encode()
    return hmac.new(key, b"csrf:" + token.encode(), hashlib.sha256).hexdigest()[:40]


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request whose form field or header lacks the token."""
    expected = csrf_token(request)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not expected or not given or not hmac.compare_digest(expected, given):
        raise CsrfFailed()


def sign_in(response: Response, request: Request, user_id: int, version: int = 0) -> None:
    """Keep a new token of `user_id` (at their token `version`) in the session cookie."""
    settings = settings_of(request)
    token = security.create_access_token(
        user_id, key=settings.signing_key, algorithm=settings.jwt_algorithm,
        minutes=settings.access_token_minutes, version=version)
    response.set_cookie(
        SESSION_COOKIE, token, max_age=settings.access_token_minutes * 60, httponly=True,
        samesite="lax", secure=request.url.scheme == "https", path="/")


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")


def set_lang(response: Response, lang: str) -> None:
    response.set_cookie(LANG_COOKIE, lang if lang in LANGS else "ru",
                        max_age=365 * 24 * 3600, samesite="lax", path="/")


def safe_next(url: str | None) -> str:
    """A local path to go back to; anything else (another host, `//x`) becomes `/`."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url
