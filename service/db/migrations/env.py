"""Alembic environment: runs migrations on the URL given by the caller or the settings.

`service.db.migrate` passes the URL in `config.attributes["url"]`; the `alembic` command line
(`alembic -c service/alembic.ini upgrade head`) falls back to DATABASE_URL. SQLite gets batch
mode so that later migrations can alter tables.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from service.config import Settings
from service.db.engine import make_engine
from service.db.tables import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return str(config.attributes.get("url") or Settings().database_url)


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _configure(conn)
            conn.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
