"""What a proposals list shows, stored on the rows: each proposal's mentor, mentees, their
names and topics beside its facts (`proposal_facts.summary`), and its status reason beside its
status (`proposals.status_reason`), so a list page never parses a proposal's full JSON with its
score breakdown. Backfilled from the proposal rows and the run's people.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

PROPOSALS = sa.table("proposals", sa.column("id", sa.Integer()), sa.column("run_id", sa.Integer()),
                     sa.column("proposal_id", sa.String()), sa.column("data", JSON),
                     sa.column("status_reason", sa.Text()))
FACTS = sa.table("proposal_facts", sa.column("id", sa.Integer()),
                 sa.column("run_id", sa.Integer()), sa.column("proposal_id", sa.String()),
                 sa.column("summary", JSON))
PEOPLE = sa.table("run_people", sa.column("run_id", sa.Integer()), sa.column("pid", sa.String()),
                  sa.column("full_name", sa.String()))


def upgrade() -> None:
    # ADD COLUMN in place on every backend (no table copy: the decisions keep their rows)
    op.add_column("proposals", sa.Column("status_reason", sa.Text(), nullable=False,
                                         server_default=""))
    op.add_column("proposal_facts", sa.Column("summary", JSON, nullable=True))
    backfill(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("proposal_facts") as batch:
        batch.drop_column("summary")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("status_reason")


def summary_of(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    """The list's fields of a stored proposal (plain dicts, as the JSON was stored)."""
    mentees = [str(x) for x in data.get("mentees", [])]
    return {"mentor": str(data["mentor"]), "mentees": mentees,
            "mentee_names": [names.get(x, x) for x in mentees],
            "topics": [str(t) for t in data.get("topics", [])]}


def backfill(conn: sa.Connection) -> None:
    """Every stored proposal's status reason and list fields, one run at a time."""
    run_ids = conn.execute(sa.select(PROPOSALS.c.run_id).distinct()
                           .order_by(PROPOSALS.c.run_id)).scalars().all()
    for run_id in run_ids:
        names = dict(conn.execute(sa.select(PEOPLE.c.pid, PEOPLE.c.full_name)
                                  .where(PEOPLE.c.run_id == run_id)).all())
        facts = dict(conn.execute(sa.select(FACTS.c.proposal_id, FACTS.c.id)
                                  .where(FACTS.c.run_id == run_id)).all())
        rows = conn.execute(sa.select(PROPOSALS.c.id, PROPOSALS.c.proposal_id, PROPOSALS.c.data)
                            .where(PROPOSALS.c.run_id == run_id)).all()
        for row_id, pid, data in rows:
            conn.execute(sa.update(PROPOSALS).where(PROPOSALS.c.id == row_id).values(
                status_reason=str(data.get("status_reason", ""))))
            if pid in facts:
                conn.execute(sa.update(FACTS).where(FACTS.c.id == facts[pid]).values(
                    summary=summary_of(data, names)))
