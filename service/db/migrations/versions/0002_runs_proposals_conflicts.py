"""Runs, their proposals and the curator's decisions; conflicts between participants.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conflicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        # the two participants in id order, so a pair is unique whichever way it was entered
        sa.Column("participant_a_id", sa.Integer(), nullable=False),
        sa.Column("participant_b_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_conflicts_organisation_id_organisations"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["participant_a_id"], ["participants.id"],
                                name=op.f("fk_conflicts_participant_a_id_participants"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_b_id"], ["participants.id"],
                                name=op.f("fk_conflicts_participant_b_id_participants"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conflicts")),
        sa.UniqueConstraint("participant_a_id", "participant_b_id", name="uq_conflicts_pair"),
    )
    for column in ("organisation_id", "participant_a_id", "participant_b_id"):
        op.create_index(op.f(f"ix_conflicts_{column}"), "conflicts", [column])

    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("previous_run_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("stage", sa.String(length=20), nullable=False),
        sa.Column("progress", sa.Float(), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("error_en", sa.Text(), nullable=False),
        # "3:17,5:2": each organisation's bank version the run read
        sa.Column("bank_version", sa.String(length=500), nullable=False),
        sa.Column("created_at", STAMP, nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("started_at", STAMP, nullable=True),
        sa.Column("finished_at", STAMP, nullable=True),
        sa.Column("summary", JSON, nullable=True),
        sa.Column("bank", JSON, nullable=True),
        sa.Column("programme", JSON, nullable=True),
        sa.Column("result", JSON, nullable=True),
        sa.Column("decisions", JSON, nullable=True),
        sa.ForeignKeyConstraint(["programme_id"], ["programmes.id"],
                                name=op.f("fk_runs_programme_id_programmes"),
                                ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["previous_run_id"], ["runs.id"],
                                name=op.f("fk_runs_previous_run_id_runs"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    for column in ("organisation_id", "programme_id", "status"):
        op.create_index(op.f(f"ix_runs_{column}"), "runs", [column])

    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mentor", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", STAMP, nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_proposals_run_id_runs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("run_id", "proposal_id", name="uq_proposals_run_pid"),
    )
    for column in ("run_id", "status"):
        op.create_index(op.f(f"ix_proposals_{column}"), "proposals", [column])

    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_row_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("status_before", sa.String(length=20), nullable=False),
        sa.Column("status_after", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", STAMP, nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["proposal_row_id"], ["proposals.id"],
                                name=op.f("fk_decisions_proposal_row_id_proposals"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    for column in ("proposal_row_id", "run_id"):
        op.create_index(op.f(f"ix_decisions_{column}"), "decisions", [column])


def downgrade() -> None:
    # Dropping a table drops its indexes and constraints on every backend.
    for table in ("decisions", "proposals", "runs", "conflicts"):
        op.drop_table(table)
