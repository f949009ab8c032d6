"""Revocable explanation links, login attempts for throttling, and a token version per user.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    # batch: SQLite cannot add a NOT NULL column with a default in place on every version
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("token_version", sa.Integer(), nullable=False,
                                   server_default="0"))

    op.create_table(
        "explanation_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        # the person's id as text, no foreign key: the link outlives the person to say why
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", STAMP, nullable=False),
        sa.Column("revoked_at", STAMP, nullable=True),
        sa.Column("revoked_by", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"],
                                name=op.f("fk_explanation_links_run_id_runs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_explanation_links")),
    )
    for column in ("run_id", "participant_id"):
        op.create_index(op.f(f"ix_explanation_links_{column}"), "explanation_links", [column])

    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("login", sa.String(length=100), nullable=False),
        sa.Column("address", sa.String(length=100), nullable=False),
        sa.Column("success", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    for column in ("at", "login", "address"):
        op.create_index(op.f(f"ix_login_attempts_{column}"), "login_attempts", [column])


def downgrade() -> None:
    for table in ("login_attempts", "explanation_links"):
        op.drop_table(table)
    with op.batch_alter_table("users") as batch:
        batch.drop_column("token_version")
