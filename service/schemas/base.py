"""Shared pieces of the API schemas: the strict request base, the one error body, tokens,
and the derivation of Update schemas from the domain models."""

from __future__ import annotations

from copy import copy
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, create_model


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Ids and versions are INTEGER columns: 32-bit on PostgreSQL, the narrower backend. A larger
# number (SQLite raises OverflowError past 2**63) can name nothing, so it is a 422 naming the field.
DB_ID_MAX = 2**31 - 1
DbId = Annotated[int, Field(ge=1, le=DB_ID_MAX)]


# --- errors and auth -----------------------------------------------------------------------------


class ErrorItem(BaseModel):
    field: str = Field(description="Поле (или столбец файла) с ошибкой, например `mentor.forms`")
    message: str
    location: str | None = Field(None, description="body, query, path, header или file")
    row: int | None = Field(None, description="Строка файла (заголовок — строка 1)")
    value: str | None = None
    severity: str = "error"


class ErrorBody(BaseModel):
    """Every 4xx answer: a stable code, a text for people and the fields at fault."""

    code: str
    detail: str
    errors: list[ErrorItem] = []


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds")


# --- participants --------------------------------------------------------------------------------


def partial_of(
    model: type[BaseModel], name: str, *, exclude: frozenset[str], doc: str
) -> type[BaseModel]:
    """A schema with `model`'s fields, all optional (constraints kept), plus a required
    `version`: the body of a PATCH with optimistic locking."""
    fields: dict[str, Any] = {
        "version": (int, Field(ge=1, le=DB_ID_MAX,
                               description="The version you read; 409 if it is stale")),
    }
    for field_name, info in model.model_fields.items():
        if field_name in exclude:
            continue
        if info.annotation is None:  # pydantic fills it for every declared field
            raise TypeError(f"{model.__name__}.{field_name} has no annotation")
        optional = copy(info)
        optional.default, optional.default_factory = None, None
        fields[field_name] = (info.annotation | None, optional)
    schema = create_model(name, __config__=ConfigDict(extra="forbid"), **fields)
    schema.__doc__ = doc
    return schema


def changes_of(body: BaseModel) -> dict[str, Any]:
    """The fields a PATCH body sets, as values (not dumped: dumping runs the domain's
    serialisers, which a `null` sent for a set-valued field would break; validation against
    the domain model then names the field instead)."""
    return {name: getattr(body, name) for name in body.model_fields_set}
