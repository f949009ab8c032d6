"""One catalogue of user-facing messages: a stable code -> Russian and English text.

Every sentence shown to a person — a model validator's complaint, a line of the import report,
an API error, a solver reason — is looked up here by its code, so one error reads the same
wherever it appears and no one translates by matching English text. Texts take named
parameters (`{value}`); an English text may use `{name_en}` for a parameter whose English form
differs (pass `name_en=...`; it falls back to `name`). Russian is the default language.

Russian texts agree with the person they name: `{name:accs}` puts a full name in a case
(«Попросить {name:accs} взять…» -> «Попросить Лебедева Василия Михайловича взять…»), using the
`gender` parameter if given; `{gender:включён|включена|включён(а)}` picks the male, female or
unknown form by the `gender` parameter ("male", "female", or missing).
"""

from __future__ import annotations

import string
from functools import lru_cache
from typing import Any

from pydantic_core import PydanticCustomError

from matcher.messages.catalogue import CATALOGUE, Text
from matcher.messages.names import CASES, decline_name
from matcher.messages.plural import noun_form, plural

Lang = str  # "ru" or "en"
LANGS: tuple[Lang, ...] = ("ru", "en")

__all__ = [
    "CATALOGUE", "LANGS", "Lang", "Text", "domain_error", "fill", "has", "lower_first", "message",
    "noun_form", "number_text", "plural",
]


class _Params(dict[str, Any]):
    """A format map that leaves an unknown placeholder visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def has(code: str) -> bool:
    """Whether the catalogue has a text for `code`."""
    return code in CATALOGUE


def message(code: str, lang: Lang = "ru", **params: Any) -> str:
    """The text of `code` in `lang` with `params` filled in; KeyError for an unknown code."""
    ru, en = CATALOGUE[code]
    shown = {k: number_text(v, lang) if isinstance(v, float) else v for k, v in params.items()}
    return fill(en if lang == "en" else ru, **shown)


def number_text(value: float, lang: Lang) -> str:
    """A fractional number as a reader writes it: `1.0` is «1», `2.5` is «2,5» in Russian."""
    text = str(int(value)) if value.is_integer() else str(value)
    return text.replace(".", ",") if lang == "ru" else text


def fill(template: str, **params: Any) -> str:
    """`template` with `params` filled in; `{x_en}` falls back to `x`, and an unknown
    placeholder stays visible rather than failing."""
    filled = _Params(params)
    for key, value in params.items():
        filled.setdefault(f"{key}_en", value)
    if _plain(template):  # no Russian spec: `str.format_map` fills it the same, many times faster
        return template.format_map(filled)
    return _Agreeing(filled).vformat(template, (), filled)


@lru_cache(maxsize=4096)
def _plain(template: str) -> bool:
    """Whether every placeholder of `template` is named and has no format spec (a conversion
    such as `!r` is fine), so `str.format_map` fills it as `_Agreeing` would."""
    try:
        fields = [(name, spec) for _, name, spec, _ in string.Formatter().parse(template)
                  if name is not None]
    except ValueError:  # a malformed template: left to `_Agreeing` to report as before
        return False
    return all(name and not name[0].isdigit() and not spec for name, spec in fields)


class _Agreeing(string.Formatter):
    """`str.format` plus the two Russian specs: a case for a name, a choice by gender."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec in CASES:
            text = str(value)
            if text.startswith("{"):  # a placeholder left visible
                return text
            gender = self.params.get("gender")
            sex = gender if gender in ("male", "female") else None
            return decline_name(text, format_spec, sex)
        if "|" in format_spec:
            forms = format_spec.split("|")
            unknown = forms[2] if len(forms) > 2 else f"{forms[0]}({forms[1]})"
            return {"male": forms[0], "female": forms[1]}.get(str(value), unknown)
        return str(super().format_field(value, format_spec))


def domain_error(code: str, **params: Any) -> PydanticCustomError:
    """The error a model validator raises: pydantic reports `code` as the error type, the
    English text as its message and `params` as its context, so readers look the code up."""
    return PydanticCustomError(code, CATALOGUE[code].en, params)


def lower_first(text: str) -> str:
    """«Стаж больше…» -> «стаж больше…» for a message shown after a field name; an initial
    abbreviation («ID», «JSON») is kept."""
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text
