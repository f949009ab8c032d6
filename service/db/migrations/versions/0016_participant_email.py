"""A participant's e-mail address (issue 12 item 7): the address itself lives in the stored
JSON (`data`, like every field); this column keeps it case-folded and indexed with the
organisation, so an import finds «the same e-mail under another id» without reading the bank.

No backfill: before this revision no participant had an address (the field did not exist).

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-17
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("email_folded", sa.String(length=320), nullable=False,
                                   server_default=""))
        batch.create_index(op.f("ix_participants_organisation_id_email_folded"),
                           ["organisation_id", "email_folded"])


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_index(op.f("ix_participants_organisation_id_email_folded"))
        batch.drop_column("email_folded")
