"""Monitoring surveys: the participants' answers about their pairs.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("pair", sa.String(length=2000), nullable=False),
        sa.Column("participant_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="SET NULL",
                                name=op.f("fk_survey_answers_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint("programme_id", "pair", "participant_id", "kind", "seq",
                            name="uq_survey_answers_one"),
    )
    op.create_index(op.f("ix_survey_answers_programme_id"), "survey_answers", ["programme_id"])
    op.create_index(op.f("ix_survey_answers_participant_id"), "survey_answers",
                    ["participant_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_survey_answers_participant_id"), table_name="survey_answers")
    op.drop_index(op.f("ix_survey_answers_programme_id"), table_name="survey_answers")
    op.drop_table("survey_answers")
