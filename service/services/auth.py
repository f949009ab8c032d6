"""Signing in and out: check a login and password (throttled after repeated failures, every
attempt in the audit log), find the acting user of a token, and end a user's tokens.

Throttling counts attempts stored in the database, so that every process of a deployment sees
the same count: after `free_failures` wrong passwords for one login since its last success
(or `address_free_failures` from one address) within the window, the next attempt waits
`base_s` seconds from the last failure, and the wait doubles with each further failure, up to
`max_s`. A refused attempt is not counted (a locked account is not locked longer by knocking),
and while locked even the right password is refused, without being checked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from service import security
from service.domain import Actor, AuditEntry, LoginAttempt, User
from service.errors import BadCredentials, NotAuthenticated, TooManyAttempts
from service.services.common import Clock, record, utcnow
from service.unit_of_work import AbstractUnitOfWork

# Checked when the login is unknown, so a wrong login costs as much time as a wrong password.
_DUMMY_HASH = security.hash_password("not a real password, only for timing")


@dataclass(frozen=True)
class Throttle:
    """How sign-in is throttled (`service.config.Settings.login_*`)."""

    free_failures: int = 5
    address_free_failures: int = 20
    base_s: int = 2
    max_s: int = 900
    window_s: int = 3600


def lock_seconds(failures: int, free: int, throttle: Throttle) -> int:
    """How long the attempt after `failures` failures waits: 0 while fewer than `free`."""
    if failures < free:
        return 0
    return min(throttle.base_s * 2 ** min(failures - free, 40), throttle.max_s)


def _wait(failures: list[LoginAttempt], free: int, throttle: Throttle, now: datetime) -> int:
    lock = lock_seconds(len(failures), free, throttle)
    if lock == 0:
        return 0
    until = failures[-1].at + timedelta(seconds=lock)
    return max(0, math.ceil((until - now).total_seconds()))


def retry_after(
    uow: AbstractUnitOfWork, login: str, address: str, now: datetime, throttle: Throttle
) -> int:
    """Seconds until this login may try again from this address (0: now)."""
    start = now - timedelta(seconds=throttle.window_s)
    by_login = uow.login_attempts.since(start, login=login)
    last_success = max((i for i, a in enumerate(by_login) if a.success), default=-1)
    login_failures = [a for a in by_login[last_success + 1:] if not a.success]
    address_failures = [a for a in uow.login_attempts.since(start, address=address)
                        if not a.success] if address else []
    return max(_wait(login_failures, throttle.free_failures, throttle, now),
               _wait(address_failures, throttle.address_free_failures, throttle, now))


def authenticate(
    uow: AbstractUnitOfWork,
    login: str,
    password: str,
    *,
    address: str = "",
    throttle: Throttle | None = None,
    clock: Clock = utcnow,
) -> User:
    """The active user with this login and password; `BadCredentials` otherwise, or
    `TooManyAttempts` (nothing checked) while the login or the address is locked. Every
    checked attempt is stored for throttling and written to the audit log."""
    throttle = throttle or Throttle()
    now = clock()
    with uow:
        wait = retry_after(uow, login, address, now, throttle)
        if wait > 0:
            raise TooManyAttempts(retry_after=wait)
        user = uow.users.get_by_login(login)
    if user is None:
        security.verify_password(_DUMMY_HASH, password)
        outcome = "unknown_login"
    elif not security.verify_password(user.password_hash, password):
        outcome = "wrong_password"
    else:
        outcome = "ok" if user.is_active else "blocked"
    ok = outcome == "ok"
    with uow:
        uow.login_attempts.add(LoginAttempt(login, address, now, ok))
        uow.audit.add(AuditEntry(
            at=now, actor=login[:100], actor_id=None if user is None else user.id,
            action="login" if ok else "login_failed", entity="user",
            entity_id=login[:100] if user is None else str(user.id),
            organisation_id=None if user is None else user.organisation_id,
            before=None, after={"address": address, "outcome": outcome}))
        uow.login_attempts.forget_before(now - timedelta(seconds=throttle.window_s))
        uow.commit()
    if not ok or user is None:
        raise BadCredentials()
    return user


def actor_for(uow: AbstractUnitOfWork, user_id: int, token_version: int | None = None) -> Actor:
    """The acting user for a token's user id; `NotAuthenticated` if gone, deactivated, or the
    token's version is older than the user's (signed out, new password, blocked since).
    `token_version` None: not from a token (start-up work and tests acting for a user)."""
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated()
    if token_version is not None and token_version != user.token_version:
        raise NotAuthenticated()
    return Actor(user.id, user.login, user.role, user.organisation_id)


def logout(uow: AbstractUnitOfWork, actor: Actor, *, clock: Clock = utcnow) -> None:
    """End every token of the actor (on every device): their token version goes up."""
    at = clock()
    with uow:
        user = uow.users.get(actor.user_id)
        if user is None:
            raise NotAuthenticated()
        uow.users.update(replace(user, token_version=user.token_version + 1))
        record(uow, actor, "logout", "user", str(user.id), user.organisation_id, None,
               {"token_version": user.token_version + 1}, at)
        uow.commit()
