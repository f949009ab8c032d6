"""Sign-in and sign-out: the OAuth2 password flow, answering with a JWT bearer token (throttled
after repeated failures: 429 with `Retry-After`), and sign-out, which ends the user's tokens."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, status
from fastapi.security import OAuth2PasswordRequestForm

from service import security, services
from service.api.deps import ActorDep, SettingsDep, UowDep, client_address, login_throttle
from service.schemas import ErrorBody, Token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=Token, responses={
    401: {"model": ErrorBody},
    429: {"model": ErrorBody, "description": "Too many failed attempts; see `Retry-After`"}})
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], uow: UowDep, settings: SettingsDep,
    request: Request,
) -> Token:
    """Exchange a login and password for an access token."""
    user = services.authenticate(uow, form.username, form.password,
                                 address=client_address(request),
                                 throttle=login_throttle(settings))
    token = security.create_access_token(
        user.id, key=settings.signing_key, algorithm=settings.jwt_algorithm,
        minutes=settings.access_token_minutes, version=user.token_version,
    )
    return Token(access_token=token, expires_in=settings.access_token_minutes * 60)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(actor: ActorDep, uow: UowDep) -> None:
    """Sign out: every token of this user (on every device) stops working."""
    services.logout(uow, actor)
