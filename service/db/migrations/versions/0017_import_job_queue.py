"""Import jobs on the durable queue: the job row keeps the uploaded file (until the job
ends) and what a worker needs to run it, a heartbeat and attempts like a run's, and a cancel
request; each applied batch is a row written in the batch's own transaction, so a job whose
worker died resumes after its last batch.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-17
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("import_jobs") as batch:
        batch.add_column(sa.Column("content", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("strict", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("register_partners", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("programme_id", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("role", sa.String(length=20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("worker", sa.String(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("queue_job_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("cancel_requested_by", sa.String(length=100),
                                   nullable=False, server_default=""))
    op.create_table(
        "import_job_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=True),
        sa.Column("report", JSON, nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["import_jobs.id"],
                                name=op.f("fk_import_job_batches_job_id_import_jobs"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_job_batches")),
        sa.UniqueConstraint("job_id", "number", name=op.f("uq_import_job_batches_job_id")),
    )


def downgrade() -> None:
    op.drop_table("import_job_batches")
    with op.batch_alter_table("import_jobs") as batch:
        for name in ("cancel_requested_by", "queue_job_id", "attempts", "heartbeat_at", "worker",
                     "role", "programme_id", "register_partners", "strict", "content"):
            batch.drop_column(name)
