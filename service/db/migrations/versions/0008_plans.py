"""The papers a school files: the curator's edits of the personalised programmes, the
organisation's real numbers per school year, its order settings.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.String(length=64), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("programme_id", "proposal_id", name="uq_plans_programme_proposal"),
    )
    op.create_index(op.f("ix_plans_programme_id"), "plans", ["programme_id"])
    op.create_index(op.f("ix_plans_organisation_id"), "plans", ["organisation_id"])
    op.create_table(
        "school_years",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_school_years_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", "year", name=op.f("pk_school_years")),
    )
    op.create_table(
        "order_settings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_order_settings_organisation_id_organisations"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_order_settings")),
    )


def downgrade() -> None:
    op.drop_table("order_settings")
    op.drop_table("school_years")
    op.drop_index(op.f("ix_plans_organisation_id"), table_name="plans")
    op.drop_index(op.f("ix_plans_programme_id"), table_name="plans")
    op.drop_table("plans")
