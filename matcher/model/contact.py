"""A participant's e-mail address: one address, checked by a strict documented pattern (no
`email-validator` in the lock file), kept with its domain lower-cased so that duplicates are
found case-insensitively and letters go to the same mailbox however the curator typed it.

The pattern (a subset of RFC 5321/5322 that real school and personal addresses fit):
- local part: the dot-atom of RFC 5322 — letters, digits and ``!#$%&'*+/=?^_`{|}~-``, dots
  between them (no leading, trailing or double dot), at most 64 characters; no quoted strings;
- domain: two or more labels of letters (Cyrillic too, for «.рф») and digits with inner
  hyphens, each at most 63 characters; the last label is letters only (or an IDNA ``xn--``);
- the whole address at most 254 characters (RFC 5321's path limit less the brackets).
Several addresses in one cell («a@x.ru; b@y.ru») are refused: a person has one address here.
"""

from __future__ import annotations

import re

MAX_EMAIL_LENGTH = 254
MAX_LOCAL_LENGTH = 64
# The longest cell read at all (64 + «@» + 255, the classic bound): longer is refused before
# the pattern runs; between it and MAX_EMAIL_LENGTH the message says the address is too long.
MAX_EMAIL_CELL = 320

_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = rf"{_ATOM}(?:\.{_ATOM})*"
_LABEL = r"[^\W_](?:[^\W_]|-){0,61}(?<!-)"
_TLD = r"(?:[^\W\d_]{2,63}|xn--[a-z0-9-]{1,59})"
EMAIL_PATTERN = re.compile(rf"(?P<local>{_LOCAL})@(?P<domain>(?:{_LABEL}\.)+{_TLD})")
_SEPARATORS = re.compile(r"[\s,;]")


class EmailError(ValueError):
    """Why a value is not one e-mail address: `code` is the catalogue's message."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(value: str) -> str:
    """The address as stored (spaces around it dropped, the domain lower-cased); "" for none.
    Raises `EmailError` when the value is not one well-formed address."""
    value = value.strip()
    if not value:
        return ""
    if len(value) > MAX_EMAIL_LENGTH:
        raise EmailError("email_too_long")
    if value.count("@") > 1 or _SEPARATORS.search(value):
        raise EmailError("email_several")
    match = EMAIL_PATTERN.fullmatch(value)
    if match is None or len(match["local"]) > MAX_LOCAL_LENGTH:
        raise EmailError("email_invalid")
    return f"{match['local']}@{match['domain'].lower()}"


def email_key(value: str) -> str:
    """The key two addresses are compared by: the whole address case-folded (mail servers
    treat the local part case-insensitively in practice)."""
    return value.strip().casefold()


def looks_like_email(value: str) -> bool:
    """The shape of an address (for telling a questionnaire's e-mail column by its answers)."""
    try:
        return bool(normalise_email(value))
    except EmailError:
        return False
