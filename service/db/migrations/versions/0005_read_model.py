"""The read model of finished runs: their people, proposal facts, unmatched mentees and a
rerun's ended proposals as rows; backfilled from every finished run's stored JSON.

The backfill reads the JSON as plain dicts (no application code), one run at a time. A rerun's
marks (kept, new, changed) and ended proposals need the matcher's diff: the service stores them
the first time such a run's page is read.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _run_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f(f"fk_{table}_run_id_runs"),
                                   ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "run_people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("pid", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("organisation", sa.String(length=300), nullable=False),
        _run_fk("run_people"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_people")),
        sa.UniqueConstraint("run_id", "pid", name="uq_run_people_run_pid"),
    )
    op.create_table(
        "proposal_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("form", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("mentor_name", sa.String(length=200), nullable=False),
        sa.Column("names_folded", sa.Text(), nullable=False),
        sa.Column("organisations_folded", sa.Text(), nullable=False),
        sa.Column("mark", sa.String(length=10), nullable=False),
        sa.Column("mark_reason", JSON, nullable=True),
        sa.Column("mark_before", sa.Text(), nullable=False),
        _run_fk("proposal_facts"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_facts")),
        sa.UniqueConstraint("run_id", "proposal_id", name="uq_proposal_facts_run_pid"),
    )
    op.create_index("ix_proposal_facts_run_score", "proposal_facts", ["run_id", "score"])
    op.create_index("ix_proposal_facts_run_position", "proposal_facts", ["run_id", "position"])
    op.create_table(
        "run_unmatched",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mentee", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("reasons", JSON, nullable=False),
        sa.Column("suggestions", JSON, nullable=False),
        _run_fk("run_unmatched"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_unmatched")),
    )
    op.create_index("ix_run_unmatched_run_position", "run_unmatched", ["run_id", "position"])
    op.create_table(
        "run_ended",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.String(length=64), nullable=False),
        sa.Column("names", sa.Text(), nullable=False),
        sa.Column("reason", JSON, nullable=False),
        _run_fk("run_ended"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_run_ended")),
    )
    op.create_index("ix_run_ended_run_position", "run_ended", ["run_id", "position"])
    backfill(op.get_bind())


def downgrade() -> None:
    for table in ("run_ended", "run_unmatched", "proposal_facts", "run_people"):
        op.drop_table(table)


# --- the backfill: plain dicts, as the JSON was stored ------------------------------------------


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def _folded(values: list[str]) -> str:
    return "|" + "|".join(_fold(v) for v in values) + "|" if values else ""


RUNS = sa.table("runs", sa.column("id", sa.Integer()), sa.column("status", sa.String()),
                sa.column("bank", JSON), sa.column("result", JSON))
PEOPLE = sa.table("run_people", *(sa.column(c) for c in (
    "run_id", "pid", "full_name", "role", "organisation")))
FACTS = sa.table("proposal_facts", sa.column("mark_reason", JSON), *(sa.column(c) for c in (
    "run_id", "proposal_id", "position", "form", "kind", "score", "mentor_name", "names_folded",
    "organisations_folded", "mark", "mark_before")))
UNMATCHED = sa.table("run_unmatched", sa.column("reasons", JSON), sa.column("suggestions", JSON),
                     *(sa.column(c) for c in ("run_id", "position", "mentee", "full_name",
                                              "role")))


def rows_of(run_id: int, bank: dict[str, Any], result: dict[str, Any]
            ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The people, proposal facts and unmatched rows of one stored run."""
    people = {p["id"]: p for p in bank.get("participants", [])}

    def name(pid: str) -> str:
        return str(people[pid]["full_name"]) if pid in people else pid

    people_rows = [{"run_id": run_id, "pid": p["id"], "full_name": p["full_name"],
                    "role": p["role"], "organisation": p["organisation"]}
                   for p in people.values()]
    facts = []
    for i, p in enumerate(result.get("proposals", [])):
        ids = [p["mentor"], *p["mentees"]]
        orgs = sorted({people[x]["organisation"] for x in ids if x in people})
        facts.append({"run_id": run_id, "proposal_id": p["id"], "position": i,
                      "form": p["form"], "kind": p["kind"], "score": float(p["score"]),
                      "mentor_name": name(p["mentor"]),
                      "names_folded": _folded([name(x) for x in ids]),
                      "organisations_folded": _folded(orgs), "mark": "", "mark_reason": None,
                      "mark_before": ""})
    unmatched = [{"run_id": run_id, "position": i, "mentee": u["mentee"],
                  "full_name": name(u["mentee"]),
                  "role": people[u["mentee"]]["role"] if u["mentee"] in people else "",
                  "reasons": list(u.get("reasons", [])),
                  "suggestions": list(u.get("suggestions", []))}
                 for i, u in enumerate(result.get("unmatched", []))]
    return people_rows, facts, unmatched


def backfill(conn: sa.Connection) -> None:
    """Rows for every finished run, from its stored bank and result, one run at a time."""
    ids = conn.execute(sa.select(RUNS.c.id).where(RUNS.c.status == "done")
                       .where(RUNS.c.result.is_not(None)).order_by(RUNS.c.id)).scalars().all()
    for run_id in ids:
        bank, result = conn.execute(sa.select(RUNS.c.bank, RUNS.c.result)
                                    .where(RUNS.c.id == run_id)).one()
        people, facts, unmatched = rows_of(run_id, bank or {}, result or {})
        for table, rows in ((PEOPLE, people), (FACTS, facts), (UNMATCHED, unmatched)):
            if rows:
                conn.execute(sa.insert(table), rows)
