"""Typed dependencies shared by the routers: settings, unit of work, acting user, language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request
from fastapi.security import OAuth2PasswordBearer

from service import security, services
from service.config import Settings
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor
from service.errors import NotAuthenticated
from service.i18n import Lang, pick_language
from service.schemas.base import DB_ID_MAX
from service.unit_of_work import AbstractUnitOfWork

TOKEN_URL = "/api/v1/auth/token"

# auto_error=False: a missing token is reported by our handler, in our format and language.
oauth2_scheme = OAuth2PasswordBearer(tokenUrl=TOKEN_URL, auto_error=False)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings  # set by create_app; State is untyped
    return settings


def get_uow(request: Request) -> AbstractUnitOfWork:
    """A fresh unit of work per request; the use case opens and commits it."""
    return SqlAlchemyUnitOfWork(request.app.state.session_factory)


SettingsDep = Annotated[Settings, Depends(get_settings)]
UowDep = Annotated[AbstractUnitOfWork, Depends(get_uow)]


def get_actor(
    token: Annotated[str | None, Depends(oauth2_scheme)], uow: UowDep, settings: SettingsDep
) -> Actor:
    """The signed-in user, from the bearer token; 401 if missing, invalid or expired."""
    if not token:
        raise NotAuthenticated()
    claims = security.access_from_token(
        token, key=settings.signing_key, algorithm=settings.jwt_algorithm
    )
    return services.actor_for(uow, claims.user_id, claims.version)


def login_throttle(settings: Settings) -> services.Throttle:
    """Sign-in throttling as configured (the API and the login page share it)."""
    return services.Throttle(
        free_failures=settings.login_free_failures,
        address_free_failures=settings.login_address_free_failures,
        base_s=settings.login_lock_base_s, max_s=settings.login_lock_max_s,
        window_s=settings.login_window_s)


def client_address(request: Request) -> str:
    """The address a request came from, as the server saw it (throttling counts per address)."""
    return request.client.host if request.client is not None else ""


def get_lang(request: Request) -> Lang:
    return pick_language(request.headers.get("accept-language"))


ActorDep = Annotated[Actor, Depends(get_actor)]
LangDep = Annotated[Lang, Depends(get_lang)]


IdPath = Annotated[int, Path(ge=1, le=DB_ID_MAX)]
IdQuery = Annotated[int | None, Query(ge=1, le=DB_ID_MAX)]
# Participant ids are per organisation: the organisation whose bank holds the person (default:
# the caller's own; an administrator names it when several organisations use the id).
OrgQuery = Annotated[int | None, Query(
    ge=1, le=DB_ID_MAX, description="The organisation whose bank holds the participant "
    "(default: your own)")]
VersionQuery = Annotated[int | None, Query(ge=1, le=DB_ID_MAX, description="Checked if given")]
