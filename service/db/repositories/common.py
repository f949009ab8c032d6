"""What the SQL repositories share: UTC datetimes from SQLite, the rows an UPDATE changed,
LIKE escaping, and the type of a SELECT's columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Result
from sqlalchemy.engine import CursorResult

# The column types of a SELECT that a filter narrows without changing what it returns.
Ts = TypeVarTuple("Ts")


def aware(at: datetime) -> datetime:
    """SQLite returns naive datetimes; everything stored is UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def rowcount(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE changed. The session returns a `CursorResult` for them,
    but SQLAlchemy's types only promise a `Result` (sqlalchemy/sqlalchemy#12913)."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"expected a CursorResult from UPDATE/DELETE, got {type(result)!r}")
    return result.rowcount


def like_escape(text: str) -> str:
    """`text` for a LIKE pattern with the backslash as the escape character."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
