"""Every value an enum can take fits the column that stores it: SQLite ignores a string's
length, PostgreSQL refuses it, so a too-narrow column fails only in production (a district run
with «педагог вуза – молодой педагог» pairs once failed there)."""

from __future__ import annotations

from enum import StrEnum

import pytest
from sqlalchemy import String

from matcher.lifecycle import DecisionAction
from matcher.model import ConsentKind, Form, Kind, ProposalStatus, Role
from service.db.tables import Base
from service.domain import RunStage, RunStatus, UserRole

# (table, column) -> the enum whose values the column stores
STORED: dict[tuple[str, str], type[StrEnum]] = {
    ("users", "role"): UserRole,
    ("participants", "role"): Role,
    ("consent_events", "kind"): ConsentKind,
    ("runs", "status"): RunStatus,
    ("runs", "stage"): RunStage,
    ("proposals", "status"): ProposalStatus,
    ("decisions", "action"): DecisionAction,
    ("decisions", "status_before"): ProposalStatus,
    ("decisions", "status_after"): ProposalStatus,
    ("run_people", "role"): Role,
    ("run_unmatched", "role"): Role,
    ("proposal_facts", "form"): Form,
    ("proposal_facts", "kind"): Kind,
}


@pytest.mark.parametrize(("table", "column"), sorted(STORED))
def test_every_enum_value_fits_its_column(table: str, column: str) -> None:
    kind = Base.metadata.tables[table].c[column].type
    assert isinstance(kind, String) and kind.length is not None
    longest = max(STORED[table, column], key=lambda v: len(v.value))
    assert len(longest.value) <= kind.length, (table, column, longest)
