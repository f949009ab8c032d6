"""The password policy: long enough, and not a common or easily guessed password.

Guessability is estimated with zxcvbn (its dictionaries hold the common passwords lists, names
and words), taking the account's login and name into account; a score of 3 ("safely
unguessable: moderate protection from offline slow-hash scenario") is required.
"""

from __future__ import annotations

from collections.abc import Iterable

from zxcvbn import zxcvbn

from service.errors import FieldError, field_error

MIN_LENGTH = 10
MIN_SCORE = 3
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input; the first 72 characters decide


def password_problem(
    password: str, user_inputs: Iterable[str] = (), field: str = "password"
) -> FieldError | None:
    """Why `password` is refused, or None if it passes the policy."""
    if len(password) < MIN_LENGTH:
        return field_error("input.password_too_short", field, min=MIN_LENGTH)
    inputs = [s for s in user_inputs if s]
    if zxcvbn(password[:_ZXCVBN_MAX], user_inputs=inputs)["score"] < MIN_SCORE:
        return field_error("input.password_weak", field)
    return None
