"""Load benchmark of the service: `python -m benchmarks load`.

Starts the service (uvicorn, one process) on 127.0.0.1 with a fresh database, imports a
district-size bank (about 2,000 people) and runs a district programme through the API. Then,
against that finished run, a fixed number of requests per endpoint, one at a time: the health
endpoint (the baseline), the proposals list, a filtered list, one decision, the run page. Last,
a paced load of 50 requests a second for 30 seconds over the same reads, which must end with
no error. Prints p50/p99 per endpoint. SQLite always; PostgreSQL too when it is reachable at
`BENCH_POSTGRES_URL` (default postgresql+psycopg://postgres@127.0.0.1:5432/test), in a schema
of its own that is dropped afterwards.
"""

from __future__ import annotations

import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

REQUESTS = 200  # per endpoint, one at a time
DECISIONS = 100  # confirm this many proposals, one request each
RATE, SECONDS = 50, 30  # the sustained phase
WORKERS = 16
ADMIN_PASSWORD = "bench-" + secrets.token_hex(6)
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _seed(database_url: str, state_dir: Path) -> int:
    """Migrate, create the organisations, an administrator and the district bank."""
    from datasets import generate
    from service.config import Settings
    from service.db import migrate
    from service.db.engine import make_engine, make_session_factory
    from service.db.unit_of_work import SqlAlchemyUnitOfWork
    from service.seed import seed_if_empty

    settings = Settings(database_url=database_url, state_dir=state_dir,
                        admin_password=ADMIN_PASSWORD, demo_password=ADMIN_PASSWORD)
    migrate.upgrade(database_url)
    bank = generate("district", seed=0).bank
    engine = make_engine(database_url)
    try:
        seed_if_empty(SqlAlchemyUnitOfWork(make_session_factory(engine)), settings, bank,
                      "district, seed=0")
    finally:
        engine.dispose()
    return len(bank.participants)


@contextmanager
def _server(database_url: str, state_dir: Path) -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "STATE_DIR": str(state_dir),
           "ADMIN_PASSWORD": ADMIN_PASSWORD}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "service.main:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
         "--no-access-log"], env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _run_programme(client: httpx.Client) -> int:
    """A district programme (every organisation) run to the end; its run id."""
    start = date.today() + timedelta(days=30)
    body = {"id": "BENCH", "name": "Нагрузочный тест", "start": start.isoformat(),
            "end": (start + timedelta(days=200)).isoformat(), "time_limit_s": 60}
    client.post("/api/v1/programmes", json=body).raise_for_status()
    run = client.post("/api/v1/programmes/BENCH/runs").raise_for_status().json()
    deadline = time.monotonic() + 600
    while True:
        state = client.get(f"/api/v1/runs/{run['id']}").raise_for_status().json()
        if state["status"] == "done":
            return int(run["id"])
        if state["status"] == "failed" or time.monotonic() > deadline:
            raise RuntimeError(f"the run did not finish: {state}")
        time.sleep(0.5)


@dataclass
class Timings:
    seconds: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, started: float, ok: bool) -> None:
        self.seconds.append(time.perf_counter() - started)
        self.errors += not ok

    def pct(self, q: float) -> float:
        ordered = sorted(self.seconds)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000

    def row(self, name: str) -> list[str]:
        return [name, str(len(self.seconds)), f"{statistics.median(self.seconds) * 1000:.1f}",
                f"{self.pct(0.99):.1f}", str(self.errors)]


def _timed(fn: Callable[[], httpx.Response], n: int) -> Timings:
    t = Timings()
    for _ in range(n):
        started = time.perf_counter()
        t.add(started, fn().status_code < 400)
    return t


def _sustained(base: str, token: str, reads: list[str]) -> tuple[Timings, float]:
    """RATE requests a second for SECONDS seconds, paced, over `reads` in turn."""
    t, lock = Timings(), threading.Lock()
    total = RATE * SECONDS
    slots = threading.Semaphore(0)
    clients = threading.local()

    def worker() -> None:
        while True:
            slots.acquire()
            with lock:
                if not pending:
                    return
                url = pending.pop()
            if not hasattr(clients, "c"):
                clients.c = httpx.Client(base_url=base, timeout=30,
                                         headers={"Authorization": f"Bearer {token}"},
                                         cookies={"nm_session": token})
            started = time.perf_counter()
            try:
                ok = clients.c.get(url).status_code < 400
            except httpx.HTTPError:
                ok = False
            with lock:
                t.add(started, ok)

    pending = [reads[i % len(reads)] for i in range(total)][::-1]
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(WORKERS)]
    for th in threads:
        th.start()
    began = time.perf_counter()
    for i in range(total):
        time.sleep(max(0.0, began + i / RATE - time.perf_counter()))
        slots.release()
    for _ in threads:
        slots.release()
    for th in threads:
        th.join()
    return t, total / (time.perf_counter() - began)


def bench(database_url: str, label: str, console: Console) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        state = Path(tmp) / "state"
        people = _seed(database_url, state)
        with _server(database_url, state) as base:
            token = httpx.post(f"{base}/api/v1/auth/token", data={
                "username": "admin", "password": ADMIN_PASSWORD}).raise_for_status().json()
            auth = {"Authorization": f"Bearer {token['access_token']}"}
            client = httpx.Client(base_url=base, headers=auth, timeout=60,
                                  cookies={"nm_session": token["access_token"]})
            started = time.perf_counter()
            run_id = _run_programme(client)
            solve_s = time.perf_counter() - started
            first = client.get(f"/api/v1/runs/{run_id}/proposals",
                               params={"limit": DECISIONS}).json()
            proposals = iter(first["items"])
            lists = f"/api/v1/runs/{run_id}/proposals"
            filtered = f"{lists}?status=confirmed&sort=-score&score_min=0.5"
            rows = [
                ("/api/v1/health", _timed(lambda: client.get("/api/v1/health"), REQUESTS)),
                ("proposals list (50)", _timed(lambda: client.get(lists), REQUESTS)),
                ("filtered list", _timed(lambda: client.get(filtered), REQUESTS)),
                ("one decision (confirm)", _timed(lambda: (lambda p: client.post(
                    f"{lists}/{p['id']}/confirm", json={"version": p["version"]}))(
                    next(proposals)), min(DECISIONS, first["total"]))),
                ("run page (web)", _timed(lambda: client.get(f"/runs/{run_id}"), REQUESTS)),
                ("unmatched (50)", _timed(lambda: client.get(f"/api/v1/runs/{run_id}/unmatched"),
                                          REQUESTS)),
            ]
            sustained, rate = _sustained(base, token["access_token"],
                                         [lists, filtered, "/api/v1/health", f"/runs/{run_id}"])
        table = Table(title=f"Load, {label}: {people} people, {first['total']} proposals "
                            f"(district run solved in {solve_s:.0f} s); times in ms")
        for col in ("endpoint", "requests", "p50", "p99", "errors"):
            table.add_column(col, justify="left" if col == "endpoint" else "right")
        for name, t in rows:
            table.add_row(*t.row(name))
        table.add_row(*sustained.row(f"sustained {RATE}/s × {SECONDS} s (mixed reads), "
                                     f"{rate:.1f}/s achieved"))
        console.print(table)
        health_p99, list_p99 = rows[0][1].pct(0.99), rows[1][1].pct(0.99)
        console.print(f"proposals list p99 {list_p99:.1f} ms = {list_p99 / health_p99:.1f}× the "
                      f"health endpoint's p99 ({health_p99:.1f} ms); sustained phase errors: "
                      f"{sustained.errors}")


@contextmanager
def _postgres_schema() -> Iterator[str | None]:
    """A fresh schema on the PostgreSQL server if one is reachable, else None."""
    from sqlalchemy import create_engine, make_url, text
    from sqlalchemy.exc import SQLAlchemyError

    try:
        admin = create_engine(POSTGRES_URL)
        schema = f"bench_{secrets.token_hex(4)}"
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (SQLAlchemyError, ImportError) as exc:  # no server, or no driver: SQLite only
        print(f"PostgreSQL not reachable ({type(exc).__name__}); SQLite only")
        yield None
        return
    url = make_url(POSTGRES_URL)
    query = {**url.query, "options": f"-csearch_path={schema}"}
    try:
        yield url.set(query=query).render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def run() -> None:
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        bench(f"sqlite:///{tmp}/bench.db", "SQLite", console)
    with _postgres_schema() as url:
        if url is not None:
            bench(url, "PostgreSQL", console)


if __name__ == "__main__":
    run()
