"""Several processes on one PostgreSQL database (issue 14, Done when): two web processes
(`python -m service`, no embedded worker) and two workers (`python -m service worker`) run two
programmes at once; each run is queued through a different web process and solved by a
worker, never by a web process."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.api.helpers import API, World
from tests.api.processes import free_port, stop, wait_healthy, web, worker
from tests.api.runs_helpers import RUN_TIMEOUT_S, programme_body, sample_school

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def pid_of(worker_name: str) -> int:
    """The process id in a run's `worker` (host:pid:thread)."""
    return int(worker_name.split(":")[1])


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_web_processes_and_two_workers_run_two_programmes_at_once(
    world: World, tmp_path: Path,
) -> None:
    school = sample_school(world)
    second = school.client.post(f"{API}/programmes", headers=school.curator.headers,
                                json=programme_body("P-2028", name="Наставничество 2028"))
    assert second.status_code == 201, second.text
    url = world.settings.database_url
    assert world.settings.secret_key is not None
    key = world.settings.secret_key.get_secret_value()  # the world's tokens hold there too
    ports = [free_port(), free_port()]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        workers = [worker(url, tmp_path, f"worker{i}", SECRET_KEY=key) for i in (1, 2)]
        procs += workers
        webs = [web(url, tmp_path, f"web{i}", port, SECRET_KEY=key)
                for i, port in enumerate(ports, 1)]
        procs += webs
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, proc in zip(bases, webs, strict=True):
            wait_healthy(base, proc)
        clients = [httpx.Client(base_url=f"{base}{API}", headers=school.curator.headers,
                                timeout=30) for base in bases]
        started = []
        for client, programme in zip(clients, (school.programme, "P-2028"), strict=True):
            response = client.post(f"/programmes/{programme}/runs")
            assert response.status_code == 202, response.text
            started.append(response.json()["id"])
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:  # each web process reads both runs: they share the database
            shown = [c.get(f"/runs/{r}").json() for c in clients for r in started]
            if all(s["status"] in ("done", "failed") for s in shown):
                break
            assert time.monotonic() < deadline, [(s["id"], s["status"]) for s in shown]
            time.sleep(0.2)
        assert [s["status"] for s in shown] == ["done"] * 4, shown
        for client in clients:
            client.close()
    finally:
        stop(*procs)
    with world.uow() as uow:
        stored = [uow.runs.get(r) for r in started]
    solved_by = {pid_of(r.worker) for r in stored if r is not None}
    assert solved_by == {p.pid for p in workers}, stored  # one run each, no web process
    first, last = sorted((r for r in stored if r is not None), key=lambda r: r.id)
    assert first.finished_at is not None and last.started_at is not None
    assert last.started_at < first.finished_at, "the runs did not overlap"
