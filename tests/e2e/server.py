"""A real server for page tests: a migrated temporary SQLite database with one school, its
curator and (optionally) nothing else, served by uvicorn on a free localhost port in a thread."""

from __future__ import annotations

import secrets
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn

from service import services
from service.config import Settings
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import SYSTEM, UserRole
from service.main import create_app

SCHOOL = "МБОУ «Средняя школа № 7»"  # the organisation of datasets/samples/sample.xlsx
LOGIN = "kurator"
PASSWORD = "Nastavnik-2025"


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings
    login: str = LOGIN
    password: str = PASSWORD


def make_settings(tmp: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp / 'e2e.db'}",
                    secret_key=secrets.token_urlsafe(32), state_dir=tmp / "state",
                    _env_file=None)  # type: ignore[call-arg]


def prepare_database(settings: Settings) -> None:
    """Migrate, then register the school and its curator (no participants: tests import)."""
    migrate.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        uow = lambda: SqlAlchemyUnitOfWork(make_session_factory(engine))  # noqa: E731
        org = services.create_organisation(uow(), SYSTEM, SCHOOL, "Кстово")
        services.create_user(uow(), SYSTEM, login=LOGIN, password=PASSWORD,
                             full_name="Иванова Анна Петровна", role=UserRole.curator,
                             organisation_id=org.id)
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(tmp: Path) -> Iterator[LiveServer]:
    settings = make_settings(tmp)
    prepare_database(settings)
    port = free_port()
    config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.05)
    try:
        yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    finally:
        server.should_exit = True
        thread.join(timeout=15)
