"""The review desk: a run's order is marked issued, after which its decisions are not undone;
a pair a rerun ended keeps the status it had (a confirmed or locked one was promised).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("order_issued_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("order_issued_by", sa.String(length=100), nullable=False,
                                   server_default=""))
    with op.batch_alter_table("run_ended") as batch:
        batch.add_column(sa.Column("was", sa.String(length=20), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("run_ended") as batch:
        batch.drop_column("was")
    with op.batch_alter_table("runs") as batch:
        batch.drop_column("order_issued_by")
        batch.drop_column("order_issued_at")
