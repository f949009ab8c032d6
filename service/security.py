"""Password hashing (argon2) and access tokens (JWT, HS256), with nothing else mixed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from service.errors import NotAuthenticated

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True if `password` matches; a malformed stored hash counts as a mismatch."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_access_token(
    user_id: int, *, key: str, algorithm: str, minutes: int, now: datetime | None = None
) -> str:
    issued = now or datetime.now(UTC)
    claims = {"sub": str(user_id), "iat": issued, "exp": issued + timedelta(minutes=minutes)}
    return jwt.encode(claims, key, algorithm=algorithm)


def user_id_from_token(token: str, *, key: str, algorithm: str) -> int:
    """The user id a valid, unexpired token was issued for; `NotAuthenticated` otherwise."""
    try:
        claims = jwt.decode(token, key, algorithms=[algorithm], options={"require": ["exp", "sub"]})
        return int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated() from exc
