"""Sign-in: the OAuth2 password flow, answering with a JWT bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import OAuth2PasswordRequestForm

from service import security, services
from service.api.deps import SettingsDep, UowDep
from service.schemas import ErrorBody, Token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=Token, responses={401: {"model": ErrorBody}})
def login(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], uow: UowDep, settings: SettingsDep
) -> Token:
    """Exchange a login and password for an access token."""
    user = services.authenticate(uow, form.username, form.password)
    token = security.create_access_token(
        user.id, key=settings.signing_key, algorithm=settings.jwt_algorithm,
        minutes=settings.access_token_minutes,
    )
    return Token(access_token=token, expires_in=settings.access_token_minutes * 60)
