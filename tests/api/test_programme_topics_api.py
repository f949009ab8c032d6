"""A programme's own topics through the API (issue 17, item 5): stored with the programme,
refused where they rename a built-in topic, and known to a bank import for that programme."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import API, World, bank_file, ids, participant_json

ROBOTICS = {"id": "robotics_club", "label_ru": "Кружок робототехники",
            "synonyms": ["робототехника"]}


def _programme(**fields: Any) -> dict[str, Any]:
    return {"id": "P1", "start": "2025-09-01", "end": "2026-05-31", **fields}


def _upload(world: World, content: bytes, **data: str) -> Any:
    return world.client.post(
        f"{API}/participants/import", headers=world.curator_a.headers,
        files={"file": ("bank.json", content, "application/octet-stream")},
        data={"strict": "false", **data})


def test_programme_topics_are_stored_and_a_clash_is_refused(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    clash = c.post(f"{API}/programmes", headers=h,
                   json=_programme(topics=[{"id": "oge_prep", "label_ru": "ОГЭ"}]))
    assert clash.status_code == 422, clash.text
    assert clash.json()["errors"][0]["field"] == "topics"
    assert "ОГЭ" in clash.json()["errors"][0]["message"]
    created = c.post(f"{API}/programmes", headers=h, json=_programme(topics=[ROBOTICS]))
    assert created.status_code == 201, created.text
    topics = c.get(f"{API}/programmes/P1", headers=h).json()["topics"]
    assert [t["id"] for t in topics] == ["robotics_club"]


def test_a_bank_import_for_the_programme_knows_its_topics(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    assert c.post(f"{API}/programmes", headers=h,
                  json=_programme(topics=[ROBOTICS])).status_code == 201
    content = bank_file(participant_json("T1", requests={"robotics_club": 3},
                                         request_ranks={"robotics_club": 1}))
    without = _upload(world, content)
    assert without.status_code == 200, without.text
    assert [p["participant"] for p in without.json()["problems"]
            if p["severity"] == "error"] == ["T1"]
    assert ids(world) == []
    within = _upload(world, content, programme="P1")
    assert within.status_code == 200, within.text
    assert within.json()["created"] == ["T1"]
    stored = c.get(f"{API}/participants/T1", headers=h).json()
    assert stored["request_ranks"] == {"robotics_club": 1}
    missing = _upload(world, content, programme="NOPE")
    assert missing.status_code == 404
