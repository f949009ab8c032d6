"""Server-side page tests: the app with a migrated temporary SQLite database (one school and
its curator, as the browser tests use), driven by Starlette's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.main import create_app
from tests.cases import SAMPLE
from tests.e2e.server import LOGIN, PASSWORD, make_settings, prepare_database

CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


class Pages:
    """A signed-out browser-like client with helpers for the steps the tests repeat."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = ""

    def sign_in(self) -> None:
        page = self.client.post("/login", data={"username": LOGIN, "password": PASSWORD})
        assert page.status_code == 200, page.text
        self.csrf = CSRF.search(page.text).group(1)

    def post(self, url: str, data: dict | None = None, **kwargs):
        return self.client.post(url, data={"csrf_token": self.csrf, **(data or {})}, **kwargs)

    def import_sample(self, strict: bool = False):
        return self.post("/banks/import", {"strict": "true"} if strict else {},
                         files={"file": ("sample.xlsx", SAMPLE.read_bytes())})

    def create_programme(self, pid: str = "p1", **changes: str):
        data = {"id": pid, "name": "Наставничество 2025/26", "start": "2025-10-01",
                "end": "2026-05-31", "forms_sent": "1", "kinds_sent": "1",
                "forms": ["teacher_teacher", "student_student", "leader_teacher"],
                "kinds": ["individual", "group"], "group_min": "2", "group_max": "4",
                "target_teacher_coverage": "50", "target_student_coverage": "70",
                "goal": "coverage_first", "time_limit_s": "10", "seed": "0", **changes}
        return self.post("/programmes", data)

    def run(self, pid: str = "p1") -> int:
        """Start a run from the page, wait for the background job; the run's id."""
        answer = self.post(f"/programmes/{pid}/runs", follow_redirects=False)
        assert answer.status_code == 303, answer.text
        assert self.client.app.state.jobs.wait(timeout=120)
        return int(answer.headers["location"].rsplit("/", 1)[1])


@pytest.fixture
def settings(tmp_path: Path):
    settings = make_settings(tmp_path)
    prepare_database(settings)
    return settings


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        yield client
    client.app.state.engine.dispose()


@pytest.fixture
def pages(client: TestClient) -> Pages:
    return Pages(client)


@pytest.fixture
def signed_in(pages: Pages) -> Pages:
    pages.sign_in()
    return pages
