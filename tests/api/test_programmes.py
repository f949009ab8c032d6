"""Programmes: CRUD, validated by the matcher's Programme, scoped to the curator's school."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import API, SCHOOL_A, SCHOOL_B, World


def programme(pid: str = "P1", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"id": pid, "name": "Наставничество 2025/26",
                            "start": "2025-09-01", "end": "2026-05-31"}
    data.update(fields)
    return data


def test_curator_creates_a_programme_for_own_school(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    created = c.post(f"{API}/programmes", headers=h, json=programme())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["organisations"] == [SCHOOL_A]
    assert (body["organisation_id"], body["version"]) == (world.school_a.id, 1)
    assert c.get(f"{API}/programmes/P1", headers=world.viewer_a.headers).status_code == 200
    assert c.get(f"{API}/programmes/P1", headers=world.curator_b.headers).status_code == 403
    assert [p["id"] for p in c.get(f"{API}/programmes",
                                   headers=world.curator_b.headers).json()] == []


def test_programme_rules_are_the_domain_rules(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    short = c.post(f"{API}/programmes", headers=h, json=programme(end="2025-10-01"))
    assert short.status_code == 422
    assert "срок программы должен быть от 3 до 12 месяцев" in short.json()["errors"][0]["message"]
    groups = c.post(f"{API}/programmes", headers=h, json=programme(group_max=1))
    assert groups.json()["errors"][0]["field"] == "group_max"
    unknown = c.post(f"{API}/programmes", headers=world.admin.headers,
                     json=programme(organisations=["Нет такой"]))
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "organisations[0]"
    foreign = c.post(f"{API}/programmes", headers=h, json=programme(organisations=[SCHOOL_B]))
    assert foreign.status_code == 403


def test_admin_creates_a_district_programme(world: World) -> None:
    body = programme("D1", organisations=[SCHOOL_A, SCHOOL_B])
    created = world.client.post(f"{API}/programmes", headers=world.admin.headers, json=body)
    assert created.status_code == 201, created.text
    assert created.json()["organisation_id"] is None
    assert world.client.get(f"{API}/programmes/D1",
                            headers=world.curator_a.headers).status_code == 403


def test_update_with_version_and_delete(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    c.post(f"{API}/programmes", headers=h, json=programme())
    updated = c.patch(f"{API}/programmes/P1", headers=h,
                      json={"version": 1, "group_max": 4, "weights": {"mutual_wishes": 0.3}})
    assert updated.status_code == 200, updated.text
    assert (updated.json()["group_max"], updated.json()["version"]) == (4, 2)
    assert updated.json()["weights"]["mutual_wishes"] == 0.3
    stale = c.patch(f"{API}/programmes/P1", headers=h, json={"version": 1, "seed": 7})
    assert stale.status_code == 409
    invalid = c.patch(f"{API}/programmes/P1", headers=h, json={"version": 2, "group_min": 5})
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["message"] == (
        "минимальный размер группы больше максимального")
    assert c.post(f"{API}/programmes", headers=h, json=programme()).status_code == 409
    assert c.delete(f"{API}/programmes/P1?version=1", headers=h).status_code == 409
    assert c.delete(f"{API}/programmes/P1", headers=world.viewer_a.headers).status_code == 403
    assert c.delete(f"{API}/programmes/P1?version=2", headers=h).status_code == 204
    assert c.get(f"{API}/programmes/P1", headers=h).status_code == 404
