"""The review table at district size (issue 18): the district bank (seed 0, about 2,000 people,
520–570 proposals) run to the end; the first page of the table, sorted, filtered and the last
page stay under 300 KB of HTML with fifty rows at most, and the print view holds every row.
Speed is measured in `python -m benchmarks review`, not here."""

from __future__ import annotations

import re
import secrets
import time
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from service.main import create_app

pytestmark = pytest.mark.slow

MAX_BYTES = 300 * 1024


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    from datasets import generate
    from service.config import Settings
    from service.db import migrate
    from service.db.engine import make_engine, make_session_factory
    from service.db.unit_of_work import SqlAlchemyUnitOfWork
    from service.seed import seed_if_empty

    tmp = tmp_path_factory.mktemp("district")
    password = "district-" + secrets.token_hex(6)
    settings = Settings(database_url=f"sqlite:///{tmp / 'd.db'}", state_dir=tmp / "state",
                        admin_password=password, demo_password=password,
                        secret_key=secrets.token_urlsafe(32),
                        _env_file=None)  # type: ignore[call-arg]
    migrate.upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    try:
        seed_if_empty(SqlAlchemyUnitOfWork(make_session_factory(engine)), settings,
                      generate("district", seed=0).bank, "district, seed=0")
    finally:
        engine.dispose()
    with TestClient(create_app(settings)) as client:
        token = client.post("/api/v1/auth/token", data={"username": "admin",
                                                        "password": password}).json()
        client.headers["Authorization"] = f"Bearer {token['access_token']}"
        client.cookies.set("nm_session", token["access_token"])
        start = date.today() + timedelta(days=30)
        client.post("/api/v1/programmes", json={
            "id": "D", "name": "Район", "start": start.isoformat(),
            "end": (start + timedelta(days=200)).isoformat(), "time_limit_s": 60,
        }).raise_for_status()
        run = client.post("/api/v1/programmes/D/runs").json()
        deadline = time.monotonic() + 600
        while client.get(f"/api/v1/runs/{run['id']}").json()["status"] != "done":
            assert time.monotonic() < deadline, "the district run did not finish"
            time.sleep(0.5)
        yield client, run["id"]
        client.app.state.engine.dispose()


def test_every_page_of_the_table_stays_under_300_kb(district) -> None:
    client, run_id = district
    total = client.get(f"/api/v1/runs/{run_id}/proposals", params={"limit": 1}).json()["total"]
    assert total > 500  # district size
    pages = [f"/runs/{run_id}", f"/runs/{run_id}?sort=-score",
             f"/runs/{run_id}?status=proposed&band=60", f"/runs/{run_id}?page={-(-total // 50)}"]
    for url in pages:
        page = client.get(url)
        assert page.status_code == 200, url
        rows = len(re.findall(r'<tr id="p-', page.text))
        assert 0 < rows <= 50, url
        assert len(page.content) < MAX_BYTES, (url, len(page.content))
    printed = client.get(f"/runs/{run_id}/print")
    assert printed.text.count("<tr><td>") == total
