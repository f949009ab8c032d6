"""The choice of language, and the service's view of the one catalogue of messages.

Russian is the default; a request whose `Accept-Language` prefers English gets English. The
texts (the service's errors, the model's checks, pydantic's field errors) are in
`matcher.messages`, looked up by code; this module fills in entity names and field paths.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from matcher.bank_io.cells import ENUM_FIELDS, read_enum_fields
from matcher.messages import LANGS, Lang, has, lower_first
from matcher.messages import message as catalogue_message
from matcher.messages import number_text as catalogue_number
from matcher.messages.catalogue import DOMAIN
from matcher.messages.words import ENTITY_GENDER

__all__ = [
    "LANGS", "Lang", "domain_text_ru", "field_path", "message", "pick_language", "pydantic_message",
]

def pick_language(accept_language: str | None) -> Lang:
    """The language to answer in: the first of ru/en the header prefers; Russian by default."""
    if not accept_language:
        return "ru"
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()[:2]))
    for _, _, lang in sorted(ranked):
        if lang in LANGS:
            return lang
    return "ru"


def message(code: str, lang: Lang, **params: Any) -> str:
    """The text of a message in `lang`, with entity names filled in both languages; an unknown
    code is shown as itself."""
    if not has(code):
        return code
    filled = dict(params)
    entity = params.get("entity")
    if isinstance(entity, str) and has(f"entity.{entity}"):
        filled["entity"] = catalogue_message(f"entity.{entity}", "ru")
        filled["entity_en"] = catalogue_message(f"entity.{entity}", "en")
        filled.setdefault("gender", ENTITY_GENDER.get(entity, "male"))
    return catalogue_message(code, lang, **filled)


def domain_text_ru(text: str) -> str:
    """Russian for the English message of a domain validator (the English text if unknown).

    Kept for callers holding only the English text; errors themselves carry their code, which
    `pydantic_message` looks up directly."""
    for code in DOMAIN:
        found = _english_pattern(code).search(text)
        if found:
            ru = lower_first(catalogue_message(code, "ru", **found.groupdict()))
            return text[:found.start()] + ru + text[found.end():]
    return text


@cache
def _english_pattern(code: str) -> re.Pattern[str]:
    """A pattern for the English text of `code`, its parameters as named groups (a parameter
    at the very end takes the rest of the clause)."""
    parts = re.split(r"\{(\w+)\}", DOMAIN[code].en)
    last = len(parts) - 2
    return re.compile("".join(
        (f"(?P<{part}>[^;\n]+)" if i == last and not parts[-1] else f"(?P<{part}>[^;\n]+?)")
        if i % 2 else re.escape(part)
        for i, part in enumerate(parts)))


def field_path(loc: tuple[int | str, ...]) -> str:
    """`('body', 'mentor', 'capacity_mentees')` -> `mentor.capacity_mentees` (list items [i])."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif parts:
            parts.append(f".{item}")
        else:
            parts.append(str(item))
    path = "".join(parts)
    return path or "body"


def number_text(value: Any, lang: Lang) -> str:
    """A number as a reader writes it: `1.0` is «1», `2.5` is «2,5» in Russian; anything else
    as text."""
    if isinstance(value, float):
        return catalogue_number(value, lang)
    return str(value)


def pydantic_message(error: dict[str, Any], lang: Lang) -> str:
    """One pydantic error as text in `lang`, looked up by its type: the model's own checks by
    their catalogue code, pydantic's types as `field.<type>` (English: pydantic's message)."""
    ctx = {k: number_text(v, lang) for k, v in (error.get("ctx") or {}).items()}
    kind = str(error["type"])
    msg = str(error.get("msg", kind))
    loc = error.get("loc") or ()
    field = str(loc[-1]) if loc else ""
    if kind == "enum" and field in ENUM_FIELDS and lang != "en":
        # the word a bank file's cell would get (one validation for every format)
        words = {field: str(error.get("input", ""))}
        found = read_enum_fields(words)
        if found:
            return found[0][2]
    if kind in DOMAIN:
        text = catalogue_message(kind, lang, **ctx)
        return text if lang == "en" else lower_first(text)
    if kind in ("value_error", "assertion_error"):
        ctx.setdefault("error", msg)  # the validator's own text, in both languages
    code = f"field.{kind}" if has(f"field.{kind}") else "field.unknown"
    return catalogue_message(code, lang, **{**ctx, "msg": msg})
