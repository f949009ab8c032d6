"""A `Reason` (what the curator reads, in both languages) and how to make one from a catalogue
code. It lives here, below `matcher.model`, because the model and the catalogue both need it;
`matcher.model` re-exports it."""

from __future__ import annotations

from typing import Any

from matcher.base import Frozen
from matcher.messages import message


class Reason(Frozen):
    """A reason shown to a person, in Russian and English, with a code for programs."""

    code: str
    ru: str
    en: str

    def text(self, lang: str = "ru") -> str:
        return self.en if lang == "en" else self.ru


def reason(code: str, *, text: str | None = None, **params: Any) -> Reason:
    """The reason `code` with the catalogue's texts of `text` (default: the same code)."""
    key = text or code
    return Reason(code=code, ru=message(key, "ru", **params), en=message(key, "en", **params))
