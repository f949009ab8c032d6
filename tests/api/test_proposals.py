"""Decisions on proposals: each allowed move, the version check, the reason where one is due,
who may decide, and every decision recorded with who and when."""

from __future__ import annotations

import pytest

from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


@pytest.fixture
def school(world: World) -> SampleSchool:
    return sample_school(world)


def test_every_decision_moves_the_status_and_is_recorded(world: World,
                                                         school: SampleSchool) -> None:
    done = run(school)
    first, second, third = proposals(school, done["id"])[:3]
    confirmed = decide(school, done["id"], first, "confirm").json()["proposal"]
    locked = decide(school, done["id"], confirmed, "lock").json()["proposal"]
    ended = decide(school, done["id"], locked, "end", "Наставляемый перешёл в другую школу")
    assert ended.status_code == 200
    body = ended.json()
    assert body["proposal"]["status"] == "ended" and body["proposal"]["version"] == 4
    assert body["proposal"]["status_reason"] == "Наставляемый перешёл в другую школу"
    assert (body["decision"]["action"], body["decision"]["status_before"],
            body["decision"]["status_after"], body["decision"]["actor"]) == (
        "end", "locked", "ended", "curator_7")
    assert decide(school, done["id"], second, "lock").json()["proposal"]["status"] == "locked"
    assert decide(school, done["id"], third, "reject", "нет").json()["proposal"]["status"] == (
        "rejected")

    history = school.client.get(f"{API}/runs/{done['id']}/proposals/{first['id']}",
                                headers=school.curator.headers).json()["decisions"]
    assert [(d["action"], d["status_after"]) for d in history] == [
        ("confirm", "confirmed"), ("lock", "locked"), ("end", "ended")]
    assert {p["id"] for p in proposals(school, done["id"], status="locked")} == {second["id"]}
    assert {p["id"] for p in proposals(school, done["id"], status="rejected")} == {third["id"]}
    assert len(proposals(school, done["id"], status="proposed")) == len(
        proposals(school, done["id"])) - 3

    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "proposal",
                                      "entity_id": f"{done['id']}/{first['id']}"}).json()
    assert [(e["action"], e["before"]["status"], e["after"]["status"], e["actor"])
            for e in reversed(audit["items"])] == [
        ("confirm", "proposed", "confirmed", "curator_7"),
        ("lock", "confirmed", "locked", "curator_7"),
        ("end", "locked", "ended", "curator_7")]
    # the run's summary and result show the statuses as decided
    result = school.client.get(f"{API}/runs/{done['id']}/result",
                               headers=school.curator.headers).json()
    statuses = {p["id"]: p["status"] for p in result["proposals"]}
    assert (statuses[first["id"]], statuses[second["id"]], statuses[third["id"]]) == (
        "ended", "locked", "rejected")


def test_a_stale_version_is_refused(school: SampleSchool) -> None:
    done = run(school)
    proposal = proposals(school, done["id"])[0]
    assert decide(school, done["id"], proposal, "confirm").status_code == 200
    stale = decide(school, done["id"], proposal, "reject", "передумали")
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert "версия 1" in stale.json()["detail"]
    assert proposals(school, done["id"])[0]["status"] == "confirmed"


def test_moves_the_status_does_not_allow_are_refused(school: SampleSchool) -> None:
    done = run(school)
    proposal = proposals(school, done["id"])[0]
    ending = decide(school, done["id"], proposal, "end", "рано")
    assert ending.status_code == 409
    assert ending.json()["code"] == "invalid_transition"
    assert ending.json()["detail"] == (
        f"Нельзя завершить предложение «{proposal['id']}» в статусе «проект»")
    rejected = decide(school, done["id"], proposal, "reject", "не подходит").json()["proposal"]
    again = decide(school, done["id"], rejected, "confirm")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_reject_and_end_need_a_reason(school: SampleSchool) -> None:
    done = run(school)
    proposal = proposals(school, done["id"])[0]
    response = decide(school, done["id"], proposal, "reject", "   ")
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert proposals(school, done["id"])[0]["version"] == 1


def test_only_the_latest_run_takes_decisions(school: SampleSchool) -> None:
    first = run(school)
    run(school)
    proposal = proposals(school, first["id"])[0]
    response = decide(school, first["id"], proposal, "confirm")
    assert response.status_code == 409 and response.json()["code"] == "run_superseded"


def test_who_may_decide(world: World, school: SampleSchool) -> None:
    done = run(school)
    proposal = proposals(school, done["id"])[0]
    url = f"{API}/runs/{done['id']}/proposals/{proposal['id']}/confirm"
    assert school.client.post(url, json={"version": 1}).status_code == 401
    assert decide(school, done["id"], proposal, "confirm",
                  who=world.curator_a).status_code == 403
    assert school.client.get(f"{API}/runs/{done['id']}/proposals",
                             headers=world.curator_b.headers).status_code == 403
    assert decide(school, done["id"], proposal, "confirm", who=world.admin).status_code == 200


def test_proposal_errors(school: SampleSchool) -> None:
    done = run(school)
    base = f"{API}/runs/{done['id']}/proposals"
    headers = school.curator.headers
    unknown = school.client.post(f"{base}/nope/confirm", headers=headers, json={"version": 1})
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert school.client.get(f"{base}/nope", headers=headers).status_code == 404
    assert school.client.get(f"{API}/runs/999/proposals", headers=headers).status_code == 404
    proposal = proposals(school, done["id"])[0]
    no_version = school.client.post(f"{base}/{proposal['id']}/confirm", headers=headers, json={})
    assert no_version.status_code == 422
    assert no_version.json()["errors"][0]["field"] == "version"
    odd = school.client.post(f"{base}/{proposal['id']}/approve", headers=headers,
                             json={"version": 1})
    assert odd.status_code == 422 and odd.json()["errors"][0]["field"] == "action"
    status = school.client.get(base, headers=headers, params={"status": "maybe"})
    assert status.status_code == 422 and status.json()["errors"][0]["field"] == "status"
