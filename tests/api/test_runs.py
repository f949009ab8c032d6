"""Runs over HTTP: start (202), follow, list, result; a failed run says why in Russian; one
run of a programme at a time; errors for strangers, unknown runs and bad bodies."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from service import runs as run_cases
from service.domain import RunStage, RunStatus, StoredRun
from tests.api.helpers import API, World
from tests.api.runs_helpers import run, sample_school, wait_for


def queued_run(world: World, school_programme: str, organisation_id: int, user_id: int) -> int:
    """A run stored as queued, with no job behind it."""
    with world.uow() as uow:
        stored = uow.runs.add(StoredRun(
            id=0, programme_id=school_programme, organisation_id=organisation_id,
            status=RunStatus.queued, stage=RunStage.queued, progress=0.0,
            created_at=datetime.now(UTC), created_by="curator_7", created_by_id=user_id))
        uow.commit()
    return stored.id


def test_a_run_is_accepted_then_followed_to_its_result(world: World) -> None:
    school = sample_school(world)
    response = school.client.post(f"{API}/programmes/{school.programme}/runs",
                                  headers=school.curator.headers)
    assert response.status_code == 202, response.text
    accepted = response.json()
    assert accepted["status"] == "queued" and accepted["previous_run_id"] is None
    assert response.headers["location"] == accepted["url"] == f"{API}/runs/{accepted['id']}"
    done = wait_for(world, school.curator, accepted["id"])
    assert (done["status"], done["stage"], done["progress"], done["error"]) == (
        "done", "done", 1.0, "")
    assert done["created_by"] == "curator_7" and done["started_at"] <= done["finished_at"]
    summary = done["summary"]
    assert summary["proposals"] == summary["by_status"]["proposed"] > 0
    assert summary["mentees_covered"] + summary["unmatched"] >= summary["mentees"] - 1

    result = school.client.get(f"{API}/runs/{accepted['id']}/result",
                               headers=school.curator.headers)
    assert result.status_code == 200
    body = result.json()
    assert body["programme_id"] == school.programme
    assert len(body["proposals"]) == summary["proposals"]
    assert all(p["pairs"][0]["components"] for p in body["proposals"])  # explained
    # the viewer of another school sees nothing; an administrator sees the run
    assert school.client.get(f"{API}/runs/{accepted['id']}",
                             headers=world.curator_a.headers).status_code == 403
    assert school.client.get(f"{API}/runs/{accepted['id']}",
                             headers=world.admin.headers).status_code == 200


def test_runs_are_listed_newest_first_and_a_rerun_names_its_previous_run(world: World) -> None:
    school = sample_school(world)
    first = run(school)
    second = run(school)
    fresh = run(school, fresh=True)
    chosen = run(school, previous_run_id=first["id"])
    assert second["previous_run_id"] == first["id"]
    assert fresh["previous_run_id"] is None
    assert chosen["previous_run_id"] == first["id"]
    listed = school.client.get(f"{API}/programmes/{school.programme}/runs",
                               headers=school.curator.headers).json()
    assert [r["id"] for r in listed] == [chosen["id"], fresh["id"], second["id"], first["id"]]


def test_one_run_of_a_programme_at_a_time(world: World) -> None:
    school = sample_school(world)
    busy = queued_run(world, school.programme, school.organisation_id, school.curator.id)
    response = school.client.post(f"{API}/programmes/{school.programme}/runs",
                                  headers=school.curator.headers)
    assert response.status_code == 409
    assert response.json()["code"] == "run_in_progress"
    assert str(busy) in response.json()["detail"]
    not_ready = school.client.get(f"{API}/runs/{busy}/result", headers=school.curator.headers)
    assert not_ready.status_code == 409 and not_ready.json()["code"] == "run_not_ready"
    assert "в очереди" in not_ready.json()["detail"]


def test_a_failed_run_says_why_in_russian_and_english(world: World) -> None:
    school = sample_school(world)
    with world.uow() as uow:
        blocked = uow.users.get(school.curator.id)
        assert blocked is not None
        uow.users.update(replace(blocked, is_active=False))
        uow.commit()
    run_id = queued_run(world, school.programme, school.organisation_id, school.curator.id)
    run_cases.execute_run(world.uow, run_id)
    ru = school.client.get(f"{API}/runs/{run_id}", headers=world.admin.headers).json()
    assert (ru["status"], ru["stage"]) == ("failed", "failed")
    assert ru["error"] == "пользователь, запустивший подбор, удалён или заблокирован"
    en = school.client.get(f"{API}/runs/{run_id}",
                           headers={**world.admin.headers, "Accept-Language": "en"}).json()
    assert en["error"] == "the user who started the run is gone or blocked"
    # a failed run is not a previous run to rerun from
    with world.uow() as uow:
        uow.users.update(replace(blocked, is_active=True))
        uow.commit()
    bad = school.client.post(f"{API}/programmes/{school.programme}/runs",
                             headers=school.curator.headers, json={"previous_run_id": run_id})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["previous_run_id"]


def test_interrupted_runs_are_failed_at_start_up(world: World) -> None:
    school = sample_school(world)
    run_id = queued_run(world, school.programme, school.organisation_id, school.curator.id)
    assert run_cases.fail_interrupted(world.uow()) == [run_id]
    status = school.client.get(f"{API}/runs/{run_id}", headers=school.curator.headers).json()
    assert status["status"] == "failed" and "прерван" in status["error"]


def test_run_errors(world: World) -> None:
    school = sample_school(world)
    url = f"{API}/programmes/{school.programme}/runs"
    assert school.client.post(url).status_code == 401
    assert school.client.get(f"{API}/runs/1").status_code == 401
    assert school.client.post(url, headers=world.curator_a.headers).status_code == 403
    assert school.client.post(url, headers=world.viewer_a.headers).status_code == 403
    assert school.client.get(f"{API}/programmes/{school.programme}/runs",
                             headers=world.curator_b.headers).status_code == 403
    missing = school.client.post(f"{API}/programmes/nope/runs", headers=school.curator.headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert school.client.get(f"{API}/runs/999", headers=school.curator.headers).status_code == 404
    bad = school.client.post(url, headers=school.curator.headers, json={"previous_run_id": 0})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "previous_run_id"
    extra = school.client.post(url, headers=school.curator.headers, json={"rerun": True})
    assert extra.status_code == 422 and extra.json()["errors"][0]["field"] == "rerun"
    other = school.client.post(url, headers=school.curator.headers,
                               json={"previous_run_id": 12345})
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "previous_run_id"


def test_a_programme_with_runs_is_not_deleted(world: World) -> None:
    school = sample_school(world)
    run(school)
    response = school.client.delete(f"{API}/programmes/{school.programme}",
                                    headers=school.curator.headers)
    assert response.status_code == 409 and response.json()["code"] == "not_empty"
    assert school.client.get(f"{API}/programmes/{school.programme}",
                             headers=school.curator.headers).status_code == 200
