"""Helpers of the run tests: the sample school imported, its curator, a programme, and a run
started and waited for."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from service.domain import UserRole
from tests.api.helpers import API, Account, World

SAMPLES = Path(__file__).resolve().parents[2] / "datasets" / "samples"
SCHOOL_7 = "МБОУ «Средняя школа № 7»"
RUN_TIMEOUT_S = 60


@dataclass
class SampleSchool:
    world: World
    organisation_id: int
    curator: Account
    programme: str

    @property
    def client(self) -> Any:
        return self.world.client


def programme_body(pid: str = "P-2027", **fields: Any) -> dict[str, Any]:
    """A programme starting a month from today, so that a consent revoked today counts
    (consents are checked at the programme's start)."""
    start = date.today() + timedelta(days=30)
    body = {"id": pid, "name": "Наставничество 2027", "start": start.isoformat(),
            "end": (start + timedelta(days=200)).isoformat(), "time_limit_s": 5}
    body.update(fields)
    return body


def sample_school(world: World, *, programme: str = "P-2027") -> SampleSchool:
    """The sample bank (sample.xlsx, with its conflict) imported; a curator of school № 7 and
    a programme of that school."""
    bank = json.loads((SAMPLES / "sample.json").read_text(encoding="utf-8"))
    ids = {}
    for name in sorted({p["organisation"] for p in bank["participants"]}):
        response = world.client.post(f"{API}/organisations", headers=world.admin.headers,
                                     json={"name": name})
        assert response.status_code == 201, response.text
        ids[name] = response.json()["id"]
    response = world.client.post(
        f"{API}/participants/import", headers=world.admin.headers,
        files={"file": ("sample.xlsx", (SAMPLES / "sample.xlsx").read_bytes())})
    assert response.status_code == 200, response.text
    with world.uow() as uow:
        user = uow.users.add("curator_7", "Куратор школы № 7", UserRole.curator,
                             ids[SCHOOL_7], "not a usable hash")
        uow.commit()
    curator = Account(user.id, user.login, user.role, user.organisation_id,
                      world.token_for(user.id))
    response = world.client.post(f"{API}/programmes", headers=curator.headers,
                                 json=programme_body(programme))
    assert response.status_code == 201, response.text
    return SampleSchool(world, ids[SCHOOL_7], curator, programme)


def wait_for(world: World, who: Account, run_id: int) -> dict[str, Any]:
    """Poll the run until it is done or failed."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while True:
        response = world.client.get(f"{API}/runs/{run_id}", headers=who.headers)
        assert response.status_code == 200, response.text
        run = response.json()
        if run["status"] in ("done", "failed"):
            return run
        assert time.monotonic() < deadline, f"run {run_id} still {run['status']}"
        time.sleep(0.05)


def run(school: SampleSchool, *, expect: str = "done", **body: Any) -> dict[str, Any]:
    """Start a run of the school's programme and wait for it to end as `expect`."""
    response = school.client.post(f"{API}/programmes/{school.programme}/runs",
                                  headers=school.curator.headers, json=body or None)
    assert response.status_code == 202, response.text
    finished = wait_for(school.world, school.curator, response.json()["id"])
    assert finished["status"] == expect, finished
    return finished


def proposals(school: SampleSchool, run_id: int, **params: str) -> list[dict[str, Any]]:
    """Every proposal of the run (one page big enough for the sample school)."""
    response = school.client.get(f"{API}/runs/{run_id}/proposals",
                                 headers=school.curator.headers,
                                 params={"limit": "500", **params})
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["items"])
    return page["items"]


def decide(school: SampleSchool, run_id: int, proposal: dict[str, Any], action: str,
           reason: str = "", who: Account | None = None) -> Any:
    return school.client.post(
        f"{API}/runs/{run_id}/proposals/{proposal['id']}/{action}",
        headers=(who or school.curator).headers,
        json={"version": proposal["version"], "reason": reason})
