"""Large bank files in the background (issue 12, part 3): the request answers at once with a
job, the job's progress is readable while it runs, another curator's edit is not held up, and
the whole file is one import to undo."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from service.services import import_jobs
from tests.api.helpers import API, SCHOOL_A, World, bank_file, create, participant_json, upload

ROWS = 30


def big_file(n: int = ROWS, **fields: Any) -> bytes:
    return bank_file(*(participant_json(f"J{i:03d}", full_name=f"Иванова Анна {i}", **fields)
                       for i in range(n)))


def job(world: World, job_id: int, who: Any = None) -> Any:
    return world.client.get(f"{API}/imports/jobs/{job_id}",
                            headers=(who or world.curator_a).headers)


def wait(world: World) -> None:
    assert world.client.app.state.queue.wait(timeout=120)  # type: ignore[attr-defined]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_jobs, "BATCH_ROWS", 10)


def test_a_large_file_is_a_job_whose_report_comes_when_done(world: World,
                                                             small_batches: None) -> None:
    world.settings.import_background_bytes = 1000  # the file is larger: in the background
    answer = upload(world, world.curator_a, big_file())
    assert answer.status_code == 202, answer.text
    started = answer.json()
    assert started["status"] in ("queued", "running", "done") and started["report"] is None
    wait(world)
    body = job(world, started["id"]).json()
    assert (body["status"], body["done"], body["total"], body["progress"]) == (
        "done", ROWS, ROWS, 1.0)
    report = body["report"]
    assert len(report["created"]) == ROWS and report["stored"] is True
    # three batches, one import: undo takes the whole file back
    listed = world.client.get(f"{API}/imports", headers=world.curator_a.headers).json()
    assert [i["id"] for i in listed] == [report["import_id"]]
    assert listed[0]["summary"]["created"] == ROWS
    undone = world.client.post(f"{API}/imports/{report['import_id']}/undo",
                               headers=world.curator_a.headers)
    assert undone.status_code == 200, undone.text
    page = world.client.get(f"{API}/participants?limit=100", headers=world.curator_a.headers)
    assert page.json()["total"] == 0


def test_another_curators_edit_is_not_held_up_while_a_job_runs(
        world: World, small_batches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The job pauses after its first batch; meanwhile a curator edits a person and reads the
    job's progress; then the job finishes."""
    create(world, world.curator_a, "T1")
    first_done, go_on = threading.Event(), threading.Event()
    real = import_jobs.import_participants
    calls = [0]

    def paused(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 2:  # the first batch is stored and its progress recorded
            first_done.set()
            assert go_on.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", paused)
    started = world.client.post(
        f"{API}/participants/import?background=true", headers=world.curator_a.headers,
        files={"file": ("big.json", big_file(), "application/json")}).json()
    try:
        assert first_done.wait(timeout=60)
        edit = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                                  json={"version": 1, "site": "корпус 2"})
        assert edit.status_code == 200, edit.text
        during = job(world, started["id"]).json()
        assert during["status"] == "running" and during["total"] == ROWS
        assert 0 < during["done"] < ROWS and 0 < during["progress"] < 1
    finally:
        go_on.set()
    wait(world)
    assert job(world, started["id"]).json()["status"] == "done"
    person = world.client.get(f"{API}/participants/T1", headers=world.curator_a.headers)
    assert person.json()["site"] == "корпус 2"


def test_a_strict_job_with_a_bad_row_stores_nothing(world: World, small_batches: None) -> None:
    rows = [participant_json(f"J{i:03d}") for i in range(ROWS)]
    rows[25]["birth_year"] = 1800
    answer = world.client.post(
        f"{API}/participants/import?background=true", headers=world.curator_a.headers,
        files={"file": ("big.json", bank_file(*rows), "application/json")},
        data={"strict": "true"})
    assert answer.status_code == 202
    wait(world)
    body = job(world, answer.json()["id"]).json()
    assert body["status"] == "failed" and "ничего не сохранено" in body["error"]
    assert [p["participant"] for p in body["report"]["problems"]
            if p["severity"] == "error"] == ["J025"]
    assert world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"] == 0


def test_a_preview_job_stores_nothing_and_an_unreadable_file_fails(world: World) -> None:
    answer = world.client.post(
        f"{API}/participants/import?background=true&preview=true",
        headers=world.curator_a.headers,
        files={"file": ("big.json", big_file(5), "application/json")})
    wait(world)
    body = job(world, answer.json()["id"]).json()
    assert body["status"] == "done" and body["report"]["preview"] is True
    assert len(body["report"]["created"]) == 5
    assert world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"] == 0
    broken = world.client.post(
        f"{API}/participants/import?background=true", headers=world.curator_a.headers,
        files={"file": ("big.json", b"{not json", "application/json")})
    wait(world)
    failed = job(world, broken.json()["id"]).json()
    assert failed["status"] == "failed" and failed["error"]


def test_a_job_is_seen_by_its_school_only(world: World) -> None:
    answer = world.client.post(
        f"{API}/participants/import?background=true", headers=world.curator_a.headers,
        files={"file": ("big.json", big_file(3), "application/json")})
    wait(world)
    job_id = answer.json()["id"]
    assert job(world, job_id, world.viewer_a).status_code == 200
    assert job(world, job_id, world.admin).status_code == 200
    other = job(world, job_id, world.curator_b)
    assert other.status_code == 404 and SCHOOL_A not in other.text
    assert job(world, job_id + 1000).status_code == 404
    assert upload(world, world.viewer_a, big_file(3)).status_code == 403
