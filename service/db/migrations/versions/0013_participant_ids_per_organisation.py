"""Participant ids unique per organisation: two schools may both have «T01». The unique key
of `participants` becomes (organisation_id, pid); pid keeps an index for look-ups.

Downgrade restores the global key; while two organisations share an id it refuses before
changing anything (rename one first).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch mode: SQLite rebuilds the table (its constraints cannot be altered in place);
    # PostgreSQL alters it in place
    with op.batch_alter_table("participants") as batch:
        batch.drop_constraint(op.f("uq_participants_pid"), type_="unique")
        batch.create_unique_constraint(op.f("uq_participants_organisation_id_pid"),
                                       ["organisation_id", "pid"])
        batch.create_index(op.f("ix_participants_pid"), ["pid"])


def downgrade() -> None:
    shared = op.get_bind().execute(sa.text(
        "SELECT pid FROM participants GROUP BY pid HAVING COUNT(*) > 1 ORDER BY pid")
    ).scalars().all()
    if shared:
        raise RuntimeError(
            "cannot make participant ids unique again: several organisations use "
            + ", ".join(shared[:10]) + "; rename them first")
    with op.batch_alter_table("participants") as batch:
        batch.drop_index(op.f("ix_participants_pid"))
        batch.drop_constraint(op.f("uq_participants_organisation_id_pid"), type_="unique")
        batch.create_unique_constraint(op.f("uq_participants_pid"), ["pid"])
