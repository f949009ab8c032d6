"""Programmes can be archived: kept with their runs, hidden from the list, never run again.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("programmes", sa.Column("archived_at", sa.DateTime(timezone=True),
                                          nullable=True))


def downgrade() -> None:
    # Not a batch copy: on SQLite that rebuilds the table, which the runs' foreign key forbids;
    # both databases drop a plain column in place (SQLite from 3.35).
    op.execute("ALTER TABLE programmes DROP COLUMN archived_at")
