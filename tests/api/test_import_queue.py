"""Import jobs on the queue of runs (issue 12, part 3): the file is stored with the job before
the answer; a job whose process died half-way is resumed after its last applied batch (no row
twice, none lost, undo restores the state before the file) once, then failed with a message,
never left «running»; a job can be stopped between batches and what it applied undone as a
whole; an import naming a programme runs as a job with that programme's topics."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from service import jobs, services
from service.domain import Actor, ImportJob, ImportJobStatus
from service.services import import_jobs
from tests.api.helpers import API, World, bank_file, create, participant_json
from tests.api.test_programme_topics_api import ROBOTICS, _programme

ROWS = 30  # three batches of ten


class Killed(BaseException):
    """The worker's process dies here: none of the job's own error handling runs."""


@pytest.fixture(autouse=True)
def small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_jobs, "BATCH_ROWS", 10)


def big_file() -> bytes:
    return bank_file(*(participant_json(f"J{i:03d}", full_name=f"Иванова Анна {i}",
                                        site="корпус 1") for i in range(ROWS)))


def start(world: World, content: bytes, **data: str) -> int:
    answer = world.client.post(
        f"{API}/participants/import?background=true", headers=world.curator_a.headers,
        files={"file": ("big.json", content, "application/json")}, data=data)
    assert answer.status_code == 202, answer.text
    return int(answer.json()["id"])


def wait(world: World) -> None:
    assert world.client.app.state.queue.wait(timeout=120)  # type: ignore[attr-defined]


def read(world: World, job_id: int) -> ImportJob:
    with world.uow() as uow:
        job = uow.imports.get_job(job_id)
    assert job is not None
    return job


def body(world: World, job_id: int) -> Any:
    answer = world.client.get(f"{API}/imports/jobs/{job_id}", headers=world.curator_a.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def participant(world: World, pid: str) -> Any:
    return world.client.get(f"{API}/participants/{pid}", headers=world.curator_a.headers)


def dies_at(monkeypatch: pytest.MonkeyPatch, *numbers: int) -> None:
    """The worker's process dies when it starts the batches counted `numbers` (counting
    every batch any worker starts; the earlier ones are applied and recorded)."""
    real = import_jobs.import_participants
    calls = [0]

    def dying(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] in numbers:
            raise Killed()
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", dying)


def long_silent(world: World, job_id: int) -> None:
    """Time passes: the dead worker's last heartbeat is long ago."""
    job = read(world, job_id)
    with world.uow() as uow:
        assert uow.imports.beat_job(job_id, job.worker, datetime(2020, 1, 1, tzinfo=UTC))
        uow.commit()


def restart(world: World) -> None:
    """A new process starts on the same database (its queue recovers, then is stopped)."""
    queue = jobs.InProcessQueue(world.client.app.state.session_factory,  # type: ignore[attr-defined]
                                world.settings)
    try:
        queue.start()
        assert queue.wait(timeout=120)
    finally:
        queue.shutdown(wait=True)


def test_the_file_is_stored_with_the_job_and_forgotten_when_it_ends(world: World) -> None:
    job_id = start(world, big_file())
    wait(world)
    with world.uow() as uow:
        assert uow.imports.job_content(job_id) is None
    assert read(world, job_id).status == ImportJobStatus.done
    # a job stored by a process that died before handing it over: taken up at start
    actor = Actor(world.curator_a.id, world.curator_a.login, world.curator_a.role,
                  world.curator_a.organisation_id)
    stored = services.start_import_job(world.uow(), actor, "small.json",
                                       bank_file(participant_json("K1")), preview=False)
    with world.uow() as uow:
        assert uow.imports.job_content(stored.id) == bank_file(participant_json("K1"))
    restart(world)
    assert read(world, stored.id).status == ImportJobStatus.done
    assert participant(world, "K1").status_code == 200


def test_a_job_whose_process_died_resumes_after_its_last_batch(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    create(world, world.curator_a, "J005", site="корпус 2")  # the file changes this one
    before = participant(world, "J005").json()
    dies_at(monkeypatch, 3)  # two batches applied, then the process is gone
    job_id = start(world, big_file())
    wait(world)
    died = read(world, job_id)
    assert (died.status, died.done, died.attempts) == (ImportJobStatus.running, 20, 1)
    long_silent(world, job_id)
    restart(world)
    done = body(world, job_id)
    assert (done["status"], done["done"], done["total"]) == ("done", ROWS, ROWS), done
    assert read(world, job_id).attempts == 2
    report = done["report"]
    assert sorted(report["created"]) == sorted(f"J{i:03d}" for i in range(ROWS) if i != 5)
    assert report["updated"] == ["J005"] and report["unchanged"] == []
    assert participant(world, "J005").json()["site"] == "корпус 1"
    listed = world.client.get(f"{API}/imports", headers=world.curator_a.headers).json()
    assert [i["id"] for i in listed] == [report["import_id"]]
    assert listed[0]["summary"]["created"] == ROWS - 1
    undone = world.client.post(f"{API}/imports/{report['import_id']}/undo",
                               headers=world.curator_a.headers)
    assert undone.status_code == 200, undone.text
    after = participant(world, "J005").json()
    assert after["site"] == "корпус 2" and after["full_name"] == before["full_name"]
    page = world.client.get(f"{API}/participants?limit=100", headers=world.curator_a.headers)
    assert [p["id"] for p in page.json()["items"]] == ["J005"]


def test_a_job_whose_worker_dies_twice_fails_with_a_message_and_can_be_undone(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    dies_at(monkeypatch, 2, 4)  # one batch, the process dies; again after one more batch
    job_id = start(world, big_file())
    wait(world)
    long_silent(world, job_id)
    restart(world)  # taken up again, resumed at row 10; its process dies at row 20
    resumed = read(world, job_id)
    assert (resumed.status, resumed.done, resumed.attempts) == (ImportJobStatus.running, 20, 2)
    long_silent(world, job_id)
    restart(world)  # not a third time: failed, never «running» forever
    ended = body(world, job_id)
    assert ended["status"] == "failed", ended
    assert "перестал отвечать (попыток: 2)" in ended["error"]
    assert "можно отменить целиком" in ended["error"]
    assert len(ended["report"]["created"]) == 20 and ended["report"]["import_id"] is not None
    assert world.client.post(f"{API}/imports/{ended['report']['import_id']}/undo",
                             headers=world.curator_a.headers).status_code == 200
    assert world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"] == 0


def test_a_running_job_stops_between_batches_when_cancelled(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    first_done, go_on = threading.Event(), threading.Event()
    real = import_jobs.import_participants
    calls = [0]

    def paused(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == 2:  # the first batch is stored
            first_done.set()
            assert go_on.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(import_jobs, "import_participants", paused)
    job_id = start(world, big_file())
    try:
        assert first_done.wait(timeout=60)
        other = world.client.post(f"{API}/imports/jobs/{job_id}/cancel",
                                  headers=world.curator_b.headers)
        assert other.status_code == 404
        assert world.client.post(f"{API}/imports/jobs/{job_id}/cancel",
                                 headers=world.viewer_a.headers).status_code == 403
        asked = world.client.post(f"{API}/imports/jobs/{job_id}/cancel",
                                  headers=world.curator_a.headers)
        assert asked.status_code == 200, asked.text
        assert asked.json()["status"] == "running"  # it stops at the next batch boundary
        assert asked.json()["cancel_requested_by"] == "curator_a"
    finally:
        go_on.set()
    wait(world)
    ended = body(world, job_id)
    assert ended["status"] == "failed" and "остановлена по просьбе curator_a" in ended["error"]
    # the batch under way when the cancel came is rolled back; only the first one stays
    assert len(ended["report"]["created"]) == 10 and ended["done"] == 10
    assert "обработано строк 10 из 30" in ended["error"]
    assert participant(world, "J009").status_code == 200
    assert participant(world, "J010").status_code == 404
    again = world.client.post(f"{API}/imports/jobs/{job_id}/cancel",
                              headers=world.curator_a.headers)
    assert again.status_code == 409 and "уже завершена" in again.json()["detail"]
    assert world.client.post(f"{API}/imports/{ended['report']['import_id']}/undo",
                             headers=world.curator_a.headers).status_code == 200
    assert world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"] == 0


def test_a_queued_job_cancelled_ends_at_once_and_its_file_is_forgotten(world: World) -> None:
    actor = Actor(world.curator_a.id, world.curator_a.login, world.curator_a.role,
                  world.curator_a.organisation_id)
    queued = services.start_import_job(world.uow(), actor, "big.json", big_file(),
                                       preview=False)
    answer = world.client.post(f"{API}/imports/jobs/{queued.id}/cancel",
                               headers=world.curator_a.headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "failed" and "остановлена" in answer.json()["error"]
    with world.uow() as uow:
        assert uow.imports.job_content(queued.id) is None
    restart(world)  # a new process does not take it up
    assert world.client.get(f"{API}/participants", headers=world.curator_a.headers
                            ).json()["total"] == 0


def test_a_large_import_for_a_programme_is_a_job_that_knows_its_topics(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    assert c.post(f"{API}/programmes", headers=h,
                  json=_programme(topics=[ROBOTICS])).status_code == 201
    content = bank_file(*(participant_json(f"R{i}", requests={"robotics_club": 3},
                                           request_ranks={"robotics_club": 1})
                          for i in range(12)))
    job_id = start(world, content, programme="P1")
    wait(world)
    done = body(world, job_id)
    assert done["status"] == "done", done
    assert [p for p in done["report"]["problems"] if p["severity"] == "error"] == []
    assert len(done["report"]["created"]) == 12
    assert participant(world, "R3").json()["request_ranks"] == {"robotics_club": 1}
    # without the programme the same file's topic is unknown: every row refused
    other = start(world, content)
    wait(world)
    refused = body(world, other)
    assert refused["report"]["created"] == [] and len(
        [p for p in refused["report"]["problems"] if p["severity"] == "error"]) == 12
