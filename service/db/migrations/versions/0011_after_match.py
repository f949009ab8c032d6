"""After the match: participants' answers, alternates kept per run, changes of pairs.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _run_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f(f"fk_{table}_run_id_runs"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "participant_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=True),
        sa.Column("answer", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("wishes", JSON, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _run_fk("participant_answers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_participant_answers")),
    )
    op.create_index("ix_participant_answers_run_proposal", "participant_answers",
                    ["run_id", "proposal_id"])
    op.create_table(
        "run_alternates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("mentee", sa.String(length=64), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("mentor", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("form", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("coverage_cost", sa.Integer(), nullable=False),
        _run_fk("run_alternates"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_alternates")),
    )
    op.create_index("ix_run_alternates_run_mentee", "run_alternates", ["run_id", "mentee"])
    op.create_table(
        "pair_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("change", sa.String(length=20), nullable=False),
        sa.Column("ground", sa.String(length=40), nullable=False),
        sa.Column("initiator", sa.String(length=20), nullable=False),
        sa.Column("mentor", sa.String(length=64), nullable=False),
        sa.Column("mentees", JSON, nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("new_proposal_id", sa.String(length=64), nullable=False),
        sa.Column("extended_until", sa.Date(), nullable=True),
        sa.Column("new_form", sa.String(length=64), nullable=False),
        sa.Column("new_kind", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        _run_fk("pair_changes"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pair_changes")),
    )
    op.create_index("ix_pair_changes_run", "pair_changes", ["run_id"])


def downgrade() -> None:
    op.drop_index("ix_pair_changes_run", table_name="pair_changes")
    op.drop_table("pair_changes")
    op.drop_index("ix_run_alternates_run_mentee", table_name="run_alternates")
    op.drop_table("run_alternates")
    op.drop_index("ix_participant_answers_run_proposal", table_name="participant_answers")
    op.drop_table("participant_answers")
