"""A `Reason` (what the curator reads, in both languages) from a catalogue code."""

from __future__ import annotations

from typing import Any

from matcher.messages import message
from matcher.model import Reason


def reason(code: str, *, text: str | None = None, **params: Any) -> Reason:
    """The reason `code` with the catalogue's texts of `text` (default: the same code)."""
    key = text or code
    return Reason(code=code, ru=message(key, "ru", **params), en=message(key, "en", **params))
