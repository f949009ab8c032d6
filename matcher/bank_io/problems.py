"""The import report's sentence for a pydantic error, and the column it belongs to.

pydantic reports a field path (`("mentor", "capacity_mentees")`) and an error type; the model's
own checks report a catalogue code as the type (`matcher.messages`). The curator needs the
column and a Russian sentence that names the value written in the cell; the texts are the
catalogue's `cell.*` messages and, for the model's checks, the code's own message.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from matcher.messages import message
from matcher.messages.catalogue import DOMAIN
from matcher.model import MIN_BIRTH_YEAR

# The model's checks of a whole participant (reported without a field path) -> their column.
MODEL_COLUMNS: dict[str, str] = {
    "grade_and_course": "course",
    "org_years_exceed_experience": "years_in_organisation",
    "wish_repeated": "wishes",
    "wish_self": "wishes",
    "slot_order": "free_slots",
    "consent_dates": "consents",
}

# pydantic error type -> the catalogue code of the report's sentence.
CELL_CODES: dict[str, str] = {
    "missing": "cell.missing",
    "string_too_long": "cell.too_long",
    "greater_than_equal": "cell.ge",
    "less_than_equal": "cell.le",
    "greater_than": "cell.gt",
    "less_than": "cell.lt",
    "int_parsing": "cell.int",
    "int_from_float": "cell.int",
    "int_type": "cell.int",
    "float_parsing": "cell.float",
    "float_type": "cell.float",
    "date_parsing": "cell.date",
    "date_from_datetime_parsing": "cell.date",
    "date_type": "cell.date",
    "enum": "cell.enum",
    "string_pattern_mismatch": "cell.pattern",
    "extra_forbidden": "cell.extra",
    "string_type": "cell.type",
    "dict_type": "cell.type",
    "list_type": "cell.type",
    "tuple_type": "cell.type",
    "model_type": "cell.type",
}


def model_column(err: ErrorDetails) -> str | None:
    """The column key of one of the model's own checks, else None."""
    return MODEL_COLUMNS.get(err["type"])


def russian(err: ErrorDetails, field: str) -> str:
    """A Russian sentence for one pydantic error on `field` (a participant field path)."""
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err.get("input")
    if kind in DOMAIN:
        return message(kind, "ru", **ctx)
    if field == "birth_year" and kind == "greater_than_equal":
        return message("cell.birth_year_too_early", value=value, min=MIN_BIRTH_YEAR)
    if field == "birth_year" and kind == "less_than_equal":
        return message("cell.birth_year_future", value=value)
    if kind == "string_too_short":
        code = "cell.empty" if ctx.get("min_length") == 1 else "cell.too_short"
    else:
        code = CELL_CODES.get(kind, "cell.other")
    return message(code, "ru", **{**ctx, "value": value, "msg": err["msg"]})
