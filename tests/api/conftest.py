"""Fixtures for the API tests: a migrated database per test on SQLite, and on PostgreSQL when
a server is reachable (in a schema of its own per test session), an app, users and tokens.

The SQLite database is migrated once per session into a template file and copied for each
test, so each test starts from the real migrated schema and still costs milliseconds.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from service import security
from service.config import Settings
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.tables import Base
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import UserRole
from service.main import configure, create_app
from tests.api.helpers import (
    PASSWORD,
    POSTGRES_URL,
    SCHOOL_A,
    SCHOOL_B,
    Account,
    World,
    with_search_path,
)


def postgres_or_skip() -> Engine:
    """An engine on the test server, or a skip that says why it is unreachable."""
    engine = make_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("select 1"))
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_URL} ({reason}); "
                    "set TEST_POSTGRES_URL to run these tests")
    return engine


@pytest.fixture(scope="session")
def postgres_schema() -> Iterator[tuple[Engine, str]]:
    """A fresh schema for this test session (or xdist worker), dropped at the end."""
    admin = postgres_or_skip()
    schema = f"nm_test_{secrets.token_hex(6)}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield admin, schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_migrated(postgres_schema: tuple[Engine, str]) -> str:
    _, schema = postgres_schema
    url = with_search_path(POSTGRES_URL, schema)
    migrate.upgrade(url)
    return url


BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated, empty database for one test on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "test.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_migrated")
    engine = make_engine(url)
    with engine.begin() as conn:  # DELETE beats TRUNCATE on tables this small
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()
    return url


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    """Runs are solved by threads of the test process on either database (`inprocess`): the
    tests wait for them there; the durable queue's tests ask for it themselves."""
    return Settings(
        database_url=db_url,
        secret_key=secrets.token_urlsafe(32),
        state_dir=tmp_path / "state",
        run_queue="inprocess",
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def shared_app() -> FastAPI:
    """One app for the session (building the routes is slow); each test rebinds it."""
    return create_app(Settings(database_url="sqlite://", secret_key=secrets.token_urlsafe(32),
                               _env_file=None))  # type: ignore[call-arg]


@pytest.fixture
def app_client(shared_app: FastAPI, settings: Settings) -> Iterator[TestClient]:
    configure(shared_app, settings)
    with TestClient(shared_app) as client:
        yield client
    shared_app.state.jobs.shutdown(wait=True)  # no background run outlives its database
    shared_app.state.engine.dispose()


@pytest.fixture
def uow_factory(settings: Settings) -> Iterator[Any]:
    """Units of work on the test database, for arranging data behind the API's back."""
    engine = make_engine(settings.database_url)
    factory = make_session_factory(engine)
    yield lambda: SqlAlchemyUnitOfWork(factory)
    engine.dispose()


@pytest.fixture(scope="session")
def password_hash() -> str:
    """argon2 is slow on purpose: hash the test password once per session."""
    return security.hash_password(PASSWORD)


@pytest.fixture
def world(app_client: TestClient, settings: Settings, uow_factory: Any,
          password_hash: str) -> World:
    with uow_factory() as uow:
        a = uow.organisations.add(SCHOOL_A, "Кстово")
        b = uow.organisations.add(SCHOOL_B, "Кстово")
        users = {
            "admin": uow.users.add("admin", "Администратор", UserRole.admin, None, password_hash),
            "curator_a": uow.users.add("curator_a", "Куратор А", UserRole.curator, a.id,
                                       password_hash),
            "curator_b": uow.users.add("curator_b", "Куратор Б", UserRole.curator, b.id,
                                       password_hash),
            "viewer_a": uow.users.add("viewer_a", "Наблюдатель", UserRole.viewer, a.id,
                                      password_hash),
        }
        uow.commit()

    def account(name: str) -> Account:
        u = users[name]
        token = security.create_access_token(
            u.id, key=settings.signing_key, algorithm=settings.jwt_algorithm, minutes=5
        )
        return Account(u.id, u.login, u.role, u.organisation_id, token)

    return World(app_client, settings, a, b, account("admin"), account("curator_a"),
                 account("curator_b"), account("viewer_a"), uow_factory)
