"""`python -m service`: apply migrations, seed an empty database, serve on 127.0.0.1:8000.

Other commands: `worker [--concurrency N]` (solve runs from the PostgreSQL queue, beside web
processes started with `EMBEDDED_WORKER=false`), `migrate` (upgrade only), `downgrade
[revision]` (default: base), `show-logins` (the demo curator's and the administrator's
generated logins and passwords), `purge` (apply the retention rule for deleted people's data;
`serve` applies it at start-up too).
The passwords are printed on the first start only (when the demo data is created), never on
every start: server logs are kept and read by more people than the passwords are meant for.
"""

from __future__ import annotations

import argparse
import sys

import uvicorn

from matcher.messages import message
from service import jobs
from service.config import Settings, ensure_private_dir
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.main import create_app
from service.seed import Credentials, SeedResult, credentials, seed_if_empty
from service.services import purge_deleted_personal_data, utcnow


def _print_access(settings: Settings, result: SeedResult) -> None:
    url = f"http://{settings.host}:{settings.port}"
    if result.seeded:
        print(message("console.demo_loaded", source=result.source,
                      participants=result.participants, organisation=result.organisation))
    print(message("console.service_at", url=url))
    if result.seeded:
        _print_logins(result.curator, result.admin)
    else:
        print(f"{message('console.first_logins')} / {message('console.first_logins', 'en')}: "
              "python -m service show-logins")
    sys.stdout.flush()


def _print_logins(curator: Credentials, admin: Credentials) -> None:
    print(message("console.demo_curator", login=curator.login, password=curator.password))
    print(message("console.admin", login=admin.login, password=admin.password))


def show_logins(settings: Settings) -> None:
    """Print the demo curator's and the administrator's logins and first passwords."""
    curator, admin = credentials(settings)
    print(f"{message('console.first_logins')} ({message('console.first_logins', 'en')}):")
    _print_logins(curator, admin)
    sys.stdout.flush()


def purge(settings: Settings) -> None:
    """Pseudonymise the data of people deleted `RETENTION_DAYS_DELETED` days ago or more."""
    engine = make_engine(settings.database_url)
    try:
        report = purge_deleted_personal_data(
            SqlAlchemyUnitOfWork(make_session_factory(engine)), utcnow(),
            key=settings.export_key, days=settings.retention_days_deleted)
    finally:
        engine.dispose()
    if report.people:
        print(message("console.purged", people=len(report.people), runs=report.runs,
                      audit_entries=report.audit_entries))
        sys.stdout.flush()


def serve(settings: Settings) -> None:
    ensure_private_dir(settings.state_dir)  # secrets and passwords: owner-only
    migrate_all(settings)
    engine = make_engine(settings.database_url)
    try:
        factory = make_session_factory(engine)
        # Runs a stopped process left are taken up by the queue when the app starts: queued
        # ones are solved, running ones go back to the queue once their heartbeat is stale.
        result = seed_if_empty(SqlAlchemyUnitOfWork(factory), settings)
    finally:
        engine.dispose()
    purge(settings)
    _print_access(settings, result)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


def migrate_all(settings: Settings) -> None:
    """Our schema, and the queue's tables when runs go through PostgreSQL's queue."""
    migrate.upgrade(settings.database_url)
    if settings.queue == "procrastinate":
        jobs.ensure_queue_schema(settings.database_url)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="migrate, seed if empty, serve (the default)")
    worker = sub.add_parser("worker", help="solve runs from the PostgreSQL queue")
    worker.add_argument("--concurrency", type=int, default=1,
                        help="runs solved at once by this process (default 1)")
    sub.add_parser("migrate", help="upgrade the database to the latest schema")
    down = sub.add_parser("downgrade", help="undo migrations")
    down.add_argument("revision", nargs="?", default="base")
    sub.add_parser("show-logins", help="print the generated logins and passwords")
    sub.add_parser("purge", help="pseudonymise deleted people's data after the retention days")
    args = parser.parse_args(argv)
    settings = Settings()
    if args.command == "show-logins":
        show_logins(settings)
    elif args.command == "migrate":
        migrate_all(settings)
    elif args.command == "worker":
        if settings.queue != "procrastinate":
            parser.error("the worker solves runs from PostgreSQL's queue: set "
                         "DATABASE_URL=postgresql://... (and RUN_QUEUE=auto or procrastinate)")
        migrate_all(settings)
        jobs.run_worker(settings, concurrency=args.concurrency)
    elif args.command == "downgrade":
        migrate.downgrade(settings.database_url, args.revision)
    elif args.command == "purge":
        purge(settings)
    else:
        serve(settings)


if __name__ == "__main__":
    main()
