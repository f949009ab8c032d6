"""Password hashing (argon2) and access tokens (JWT, HS256), with nothing else mixed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from service.errors import LinkExpired, LinkInvalid, NotAuthenticated

# The audience of a participant's explanation link: such a token is not an access token (the
# access tokens carry no audience, and PyJWT refuses a token with one where none is expected),
# and an access token is not a link.
EXPLANATION_AUDIENCE = "nastavnik:explanation"

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


def create_explanation_token(
    participant_id: str, run_id: int, *, key: str, algorithm: str, expires: datetime,
    now: datetime | None = None,
) -> str:
    """A signed link token for one participant's explanation of one run, valid until `expires`."""
    claims = {"sub": participant_id, "run": run_id, "aud": EXPLANATION_AUDIENCE,
              "purpose": "explanation", "iat": now or datetime.now(UTC), "exp": expires}
    return jwt.encode(claims, key, algorithm=algorithm)


def explanation_from_token(token: str, *, key: str, algorithm: str) -> tuple[str, int]:
    """(participant id, run id) of a valid link token; `LinkExpired` or `LinkInvalid`."""
    try:
        claims = jwt.decode(token, key, algorithms=[algorithm], audience=EXPLANATION_AUDIENCE,
                            options={"require": ["exp", "sub", "aud", "run"]})
    except jwt.ExpiredSignatureError as exc:
        raise LinkExpired() from exc
    except jwt.InvalidTokenError as exc:
        raise LinkInvalid() from exc
    if claims.get("purpose") != "explanation" or not isinstance(claims["run"], int):
        raise LinkInvalid()
    return str(claims["sub"]), claims["run"]
