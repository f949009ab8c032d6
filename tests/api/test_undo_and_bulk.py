"""Undoing decisions (issue 18): any decision is taken back until the run's order is issued,
an undone rejection brings the pair back (into this run and the next), and every undo is in
the proposal's history and the audit log. Many proposals decided at once: all or none."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


@pytest.fixture
def school(world: World) -> SampleSchool:
    return sample_school(world)


def undo(school: SampleSchool, run_id: int, proposal: dict[str, Any]) -> Any:
    return school.client.post(f"{API}/runs/{run_id}/proposals/{proposal['id']}/undo",
                              headers=school.curator.headers,
                              json={"version": proposal["version"]})


def pair_of(p: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    return p["mentor"], tuple(p["mentees"])


def test_an_undone_rejection_brings_the_pair_back(world: World, school: SampleSchool) -> None:
    first = run(school)
    target = proposals(school, first["id"])[0]
    rejected = decide(school, first["id"], target, "reject", "не сработаются").json()["proposal"]
    assert rejected["status"] == "rejected"
    answer = undo(school, first["id"], rejected)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["proposal"]["status"], body["proposal"]["status_reason"]) == ("proposed", "")
    assert (body["decision"]["action"], body["decision"]["status_before"],
            body["decision"]["status_after"]) == ("undo", "rejected", "proposed")
    assert {p["id"] for p in proposals(school, first["id"], status="proposed")} >= {target["id"]}
    # the rerun proposes the pair again: the rejection no longer excludes it
    second = run(school)
    again = [p for p in proposals(school, second["id"]) if pair_of(p) == pair_of(target)]
    assert again, "an undone rejection must not keep the pair out of the next run"
    # a rejection that stands keeps it out (so the check above can fail)
    decide(school, second["id"], again[0], "reject", "не сработаются")
    third = run(school)
    assert not [p for p in proposals(school, third["id"]) if pair_of(p) == pair_of(target)]

    history = school.client.get(f"{API}/runs/{first['id']}/proposals/{target['id']}",
                                headers=school.curator.headers).json()["decisions"]
    assert [(d["action"], d["status_after"]) for d in history] == [
        ("reject", "rejected"), ("undo", "proposed")]
    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "proposal",
                                      "entity_id": f"{first['id']}/{target['id']}"}).json()
    assert [(e["action"], e["before"]["status"], e["after"]["status"], e["actor"])
            for e in reversed(audit["items"])] == [
        ("reject", "proposed", "rejected", "curator_7"),
        ("undo", "rejected", "proposed", "curator_7")]


def test_undo_walks_back_one_decision_at_a_time(school: SampleSchool) -> None:
    done = run(school)
    p = proposals(school, done["id"])[0]
    p = decide(school, done["id"], p, "confirm").json()["proposal"]
    p = decide(school, done["id"], p, "lock").json()["proposal"]
    p = decide(school, done["id"], p, "end", "перевёлся").json()["proposal"]
    statuses = []
    for _ in range(3):
        p = undo(school, done["id"], p).json()["proposal"]
        statuses.append(p["status"])
    assert statuses == ["locked", "confirmed", "proposed"]
    nothing = undo(school, done["id"], p)
    assert nothing.status_code == 409 and nothing.json()["code"] == "nothing_to_undo"
    # a stale version is refused like any decision
    stale = undo(school, done["id"], {**p, "version": 1})
    assert stale.status_code == 409 and stale.json()["code"] == "version_conflict"


def test_no_undo_once_the_order_is_issued(world: World, school: SampleSchool) -> None:
    done = run(school)
    p = decide(school, done["id"], proposals(school, done["id"])[0], "confirm").json()["proposal"]
    url = f"{API}/runs/{done['id']}/order-issued"
    assert school.client.post(url, headers=world.curator_a.headers).status_code == 403
    issued = school.client.post(url, headers=school.curator.headers)
    assert issued.status_code == 200 and issued.json()["order_issued_at"]
    refused = undo(school, done["id"], p)
    assert refused.status_code == 409 and refused.json()["code"] == "order_issued"
    assert "Приказ" in refused.json()["detail"]
    assert proposals(school, done["id"])[0]["status"] == "confirmed"
    again = school.client.post(url, headers=school.curator.headers)
    assert again.status_code == 409 and again.json()["code"] == "order_already_issued"
    # an older run takes no undo either: decisions belong to the latest run
    second = run(school)
    assert second["order_issued_at"] is None
    old = undo(school, done["id"], p)
    assert old.status_code == 409 and old.json()["code"] == "run_superseded"


def test_many_proposals_are_decided_at_once_or_none(world: World, school: SampleSchool) -> None:
    done = run(school)
    items = proposals(school, done["id"])
    chosen = items[:5]
    url = f"{API}/runs/{done['id']}/decisions"
    body = {"action": "confirm",
            "items": [{"proposal_id": p["id"], "version": p["version"]} for p in chosen]}
    answer = school.client.post(url, headers=school.curator.headers, json=body)
    assert answer.status_code == 200, answer.text
    assert [d["proposal"]["id"] for d in answer.json()["items"]] == [p["id"] for p in chosen]
    assert {p["id"] for p in proposals(school, done["id"], status="confirmed")} == {
        p["id"] for p in chosen}
    # one stale item refuses the whole request: nothing else moves
    rest = items[5:8]
    mixed = {"action": "lock", "items": [
        {"proposal_id": p["id"], "version": p["version"]} for p in rest] + [
        {"proposal_id": chosen[0]["id"], "version": 1}]}
    refused = school.client.post(url, headers=school.curator.headers, json=mixed)
    assert refused.status_code == 409 and refused.json()["code"] == "version_conflict"
    assert not proposals(school, done["id"], status="locked")
    needs_reason = school.client.post(url, headers=school.curator.headers, json={
        "action": "reject", "items": [{"proposal_id": rest[0]["id"], "version": 1}]})
    assert needs_reason.status_code == 422
    assert [e["field"] for e in needs_reason.json()["errors"]] == ["reason"]
    assert school.client.post(url, headers=world.curator_a.headers,
                              json=body).status_code == 403
