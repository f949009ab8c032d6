"""Password hashing (argon2) and access tokens (JWT, HS256), with nothing else mixed in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import NamedTuple

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


class AccessClaims(NamedTuple):
    """Who an access token was issued for, and the user's token version at the time."""

    user_id: int
    version: int


def create_access_token(
    user_id: int, *, key: str, algorithm: str, minutes: int, now: datetime | None = None,
    version: int = 0,
) -> str:
    """A token for `user_id`; `version` is the user's token version, so that raising it
    (sign-out, a new password, blocking) ends every token issued before."""
    issued = now or datetime.now(UTC)
    claims = {"sub": str(user_id), "ver": version, "iat": issued,
              "exp": issued + timedelta(minutes=minutes)}
    return jwt.encode(claims, key, algorithm=algorithm)


def access_from_token(token: str, *, key: str, algorithm: str) -> AccessClaims:
    """The user id and token version of a valid, unexpired token; `NotAuthenticated` otherwise.
    A token without a version (issued before versions existed) counts as version 0."""
    try:
        claims = jwt.decode(token, key, algorithms=[algorithm], options={"require": ["exp", "sub"]})
        version = claims.get("ver", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise NotAuthenticated()
        return AccessClaims(int(claims["sub"]), version)
    except (jwt.InvalidTokenError, ValueError) as exc:
        raise NotAuthenticated() from exc


def user_id_from_token(token: str, *, key: str, algorithm: str) -> int:
    """The user id a valid, unexpired token was issued for; `NotAuthenticated` otherwise."""
    return access_from_token(token, key=key, algorithm=algorithm).user_id


class LinkClaims(NamedTuple):
    """What a link token names: the participant, the run and the stored link (None in a
    token without one, which no longer opens anything)."""

    participant_id: str
    run_id: int
    link_id: int | None


def create_explanation_token(
    participant_id: str, run_id: int, *, key: str, algorithm: str, expires: datetime,
    now: datetime | None = None, link_id: int | None = None,
) -> str:
    """A signed link token for one participant's explanation of one run, valid until `expires`;
    `link_id` names the stored link, so the curator can revoke it."""
    claims: dict[str, object] = {
        "sub": participant_id, "run": run_id, "aud": EXPLANATION_AUDIENCE,
        "purpose": "explanation", "iat": now or datetime.now(UTC), "exp": expires}
    if link_id is not None:
        claims["lid"] = link_id
    return jwt.encode(claims, key, algorithm=algorithm)


def explanation_from_token(token: str, *, key: str, algorithm: str) -> LinkClaims:
    """What a valid link token names; `LinkExpired` or `LinkInvalid`."""
    try:
        claims = jwt.decode(token, key, algorithms=[algorithm], audience=EXPLANATION_AUDIENCE,
                            options={"require": ["exp", "sub", "aud", "run"]})
    except jwt.ExpiredSignatureError as exc:
        raise LinkExpired() from exc
    except jwt.InvalidTokenError as exc:
        raise LinkInvalid() from exc
    link_id = claims.get("lid")
    if (claims.get("purpose") != "explanation" or not isinstance(claims["run"], int)
            or not (link_id is None or isinstance(link_id, int))):
        raise LinkInvalid()
    return LinkClaims(str(claims["sub"]), claims["run"], link_id)
