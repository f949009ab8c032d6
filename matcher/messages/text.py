"""One entry of the message catalogue: a Russian and an English template."""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """One message: Russian first, then English, both with the same named parameters."""

    ru: str
    en: str
