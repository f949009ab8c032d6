"""Typed dependencies shared by the routers: settings, unit of work, acting user, language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import OAuth2PasswordBearer

from service import security, services
from service.config import Settings
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor
from service.errors import NotAuthenticated
from service.i18n import Lang, pick_language
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
    user_id = security.user_id_from_token(
        token, key=settings.signing_key, algorithm=settings.jwt_algorithm
    )
    return services.actor_for(uow, user_id)


def get_lang(request: Request) -> Lang:
    return pick_language(request.headers.get("accept-language"))


ActorDep = Annotated[Actor, Depends(get_actor)]
LangDep = Annotated[Lang, Depends(get_lang)]
