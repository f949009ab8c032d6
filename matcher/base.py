"""The base of every domain model, kept below `matcher.model` so that the message catalogue
(`matcher.messages`) can define its `Reason` without importing the model."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache, cached_property
from typing import Any, Self

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Base for every domain model: immutable, no unknown fields, enums kept as enums."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy without the cached derived values, which `update` may have made stale."""
        copy = super().model_copy(update=update, deep=deep)
        for name in _cached_properties(type(self)):
            copy.__dict__.pop(name, None)
        return copy


@cache
def _cached_properties(cls: type) -> tuple[str, ...]:
    return tuple(
        name for klass in cls.__mro__ for name, value in vars(klass).items()
        if isinstance(value, cached_property)
    )
