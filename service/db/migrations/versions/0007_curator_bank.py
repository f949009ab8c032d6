"""The curator's bank: applied imports kept for undo; partner organisations of a school.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("by", sa.String(length=100), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("summary", JSON, nullable=False),
        sa.Column("changes", JSON, nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_index(op.f("ix_imports_organisation_id"), "imports", ["organisation_id"])
    op.create_table(
        "organisation_partners",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"],
            name=op.f("fk_organisation_partners_organisation_id_organisations"),
            ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["organisations.id"],
            name=op.f("fk_organisation_partners_partner_id_organisations"), ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("organisation_id", "partner_id",
                                name=op.f("pk_organisation_partners")),
    )
    op.create_index(op.f("ix_organisation_partners_partner_id"), "organisation_partners",
                    ["partner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_organisation_partners_partner_id"),
                  table_name="organisation_partners")
    op.drop_table("organisation_partners")
    op.drop_index(op.f("ix_imports_organisation_id"), table_name="imports")
    op.drop_table("imports")
