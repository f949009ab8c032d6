"""The job queue: one active run per programme, heartbeats, attempts, progress details.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

Runs left active twice for one programme (possible before this guard) are failed, all but the
newest, so the unique index can be built. On PostgreSQL the Procrastinate queue keeps its own
tables beside ours; its schema is Procrastinate's to manage and is applied by
`service.jobs.ensure_queue_schema` (`python -m service migrate`, the worker, the server).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('queued', 'running')"
STAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("worker", sa.String(length=200), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("heartbeat_at", STAMP, nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("job_id", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("detail", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("detail_en", sa.Text(), nullable=False, server_default=""))
    op.execute(sa.text(
        "UPDATE runs SET status = 'failed', stage = 'failed', "
        "error = 'Подбор прерван: по программе шёл ещё один запуск; запустите заново', "
        "error_en = 'The run was interrupted: another run of the programme was under way; "
        "start it again' "
        f"WHERE {ACTIVE} AND id NOT IN "
        f"(SELECT max(id) FROM runs WHERE {ACTIVE} GROUP BY programme_id)"))
    op.create_index("uq_runs_one_active", "runs", ["programme_id"], unique=True,
                    sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE))


def downgrade() -> None:
    op.drop_index("uq_runs_one_active", table_name="runs")
    with op.batch_alter_table("runs") as batch:
        for column in ("detail_en", "detail", "job_id", "attempts", "heartbeat_at", "worker"):
            batch.drop_column(column)
