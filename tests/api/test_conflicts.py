"""Conflicts: pairs a curator records as impossible; they are part of the bank, so a run
never proposes them."""

from __future__ import annotations

import json
from typing import Any

from tests.api.helpers import API, SCHOOL_B, World, create, participant_json


def url(world: World, organisation_id: int | None = None) -> str:
    return f"{API}/organisations/{organisation_id or world.school_a.id}/conflicts"


def test_add_list_and_delete_a_conflict(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_a, "T2")
    before = world.client.get(f"{API}/organisations/{world.school_a.id}/bank",
                              headers=world.curator_a.headers).json()["bank_version"]
    response = world.client.post(url(world), headers=world.curator_a.headers,
                                 json={"a": "T2", "b": "T1", "note": "родственники"})
    assert response.status_code == 201, response.text
    conflict = response.json()
    assert (conflict["a"], conflict["b"], conflict["note"], conflict["created_by"]) == (
        "T1", "T2", "родственники", "curator_a")  # stored in id order
    listed = world.client.get(url(world), headers=world.viewer_a.headers)
    assert [c["id"] for c in listed.json()] == [conflict["id"]]
    bank = world.client.get(f"{API}/organisations/{world.school_a.id}/bank",
                            headers=world.curator_a.headers).json()
    assert bank["bank"]["conflicts"] == [{"a": "T1", "b": "T2", "note": "родственники"}]
    assert bank["bank_version"] == before + 1

    again = world.client.post(url(world), headers=world.curator_a.headers,
                              json={"a": "T1", "b": "T2"})
    assert again.status_code == 409 and again.json()["code"] == "already_exists"

    gone = world.client.delete(f"{url(world)}/{conflict['id']}", headers=world.curator_a.headers)
    assert gone.status_code == 204
    assert world.client.get(url(world), headers=world.curator_a.headers).json() == []
    audit = world.client.get(f"{API}/audit", headers=world.admin.headers,
                             params={"entity": "conflict"}).json()["items"]
    assert [(e["action"], e["actor"]) for e in audit] == [("delete", "curator_a"),
                                                          ("create", "curator_a")]


def test_conflict_errors(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_b, "B1", SCHOOL_B)
    headers = world.curator_a.headers
    assert world.client.get(url(world)).status_code == 401
    assert world.client.get(url(world), headers=world.curator_b.headers).status_code == 403
    assert world.client.post(url(world), headers=world.viewer_a.headers,
                             json={"a": "T1", "b": "T1"}).status_code == 403
    same = world.client.post(url(world), headers=headers, json={"a": "T1", "b": "T1"})
    assert same.status_code == 422 and same.json()["errors"][0]["field"] == "b"
    stranger = world.client.post(url(world), headers=headers, json={"a": "T1", "b": "B1"})
    assert stranger.status_code == 422 and stranger.json()["errors"][0]["field"] == "b"
    foreign = world.client.post(url(world), headers=headers, json={"a": "B1", "b": "T1"})
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "a"
    missing = world.client.post(url(world), headers=headers, json={"a": "T1"})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "b"
    assert world.client.delete(f"{url(world)}/999", headers=headers).status_code == 404
    assert world.client.get(url(world, 999), headers=world.admin.headers).status_code == 404
    # a conflict is within one bank (ids are per organisation), for an administrator too
    across = world.client.post(url(world), headers=world.admin.headers,
                               json={"a": "T1", "b": "B1"})
    assert across.status_code == 422 and across.json()["errors"][0]["field"] == "b"


def test_deleting_a_participant_removes_their_conflicts(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_a, "T2")
    assert world.client.post(url(world), headers=world.curator_a.headers,
                             json={"a": "T1", "b": "T2"}).status_code == 201
    assert world.client.delete(f"{API}/participants/T2",
                               headers=world.curator_a.headers).status_code == 204
    assert world.client.get(url(world), headers=world.curator_a.headers).json() == []


def test_an_imported_conflict_whose_person_is_refused_is_reported(world: World) -> None:
    """The file's conflicts are stored with the bank; one naming a row the service refused
    (another school's participant) is reported and not stored."""
    file = json.dumps({
        "participants": [participant_json("T1"), participant_json("T2"),
                         participant_json("B1", SCHOOL_B)],
        "conflicts": [{"a": "T1", "b": "T2", "note": "соседи"}, {"a": "T1", "b": "B1"}],
    }, ensure_ascii=False).encode()

    def upload(strict: bool) -> dict[str, Any]:
        response = world.client.post(
            f"{API}/participants/import", headers=world.curator_a.headers,
            files={"file": ("bank.json", file)}, data={"strict": str(strict).lower()})
        return {"status": response.status_code, **response.json()}

    rejected = upload(strict=True)
    assert rejected["status"] == 422 and rejected["code"] == "import_rejected"
    assert ("conflicts", "T1 — B1") in {(e["field"], e.get("value")) for e in rejected["errors"]}
    assert world.client.get(url(world), headers=world.curator_a.headers).json() == []
    report = upload(strict=False)
    assert report["conflicts_added"] == ["T1 — T2"]
    problems = [(p["row"], p["value"], p["severity"]) for p in report["problems"]
                if p["column"] == "conflicts"]
    assert problems == [(0, "T1 — B1", "error")]
    assert [(c["a"], c["b"], c["note"]) for c in world.client.get(
        url(world), headers=world.curator_a.headers).json()] == [("T1", "T2", "соседи")]
