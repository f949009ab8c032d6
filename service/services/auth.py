"""Signing in: check a login and password, and find the acting user of a token."""

from __future__ import annotations

from service import security
from service.domain import Actor, User
from service.errors import BadCredentials, NotAuthenticated
from service.unit_of_work import AbstractUnitOfWork

# Checked when the login is unknown, so a wrong login costs as much time as a wrong password.
_DUMMY_HASH = security.hash_password("not a real password, only for timing")


def authenticate(uow: AbstractUnitOfWork, login: str, password: str) -> User:
    """The active user with this login and password; `BadCredentials` otherwise."""
    with uow:
        user = uow.users.get_by_login(login)
    if user is None:
        security.verify_password(_DUMMY_HASH, password)
        raise BadCredentials()
    if not security.verify_password(user.password_hash, password) or not user.is_active:
        raise BadCredentials()
    return user


def actor_for(uow: AbstractUnitOfWork, user_id: int) -> Actor:
    """The acting user for a token's user id; `NotAuthenticated` if gone or deactivated."""
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated()
    return Actor(user.id, user.login, user.role, user.organisation_id)
