"""The audit log: every change with who, when, before and after; administrators only."""

from __future__ import annotations

from tests.api.helpers import API, World, create


def entries(world: World, query: str = "") -> list[dict]:
    response = world.client.get(f"{API}/audit?{query}", headers=world.admin.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_each_change_is_recorded_with_before_and_after(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    create(world, world.curator_a, "T1")
    create(world, world.curator_a, "T2")
    c.patch(f"{API}/participants/T1", headers=h, json={"version": 1, "site": "корпус 2"})
    c.post(f"{API}/participants/T1/consents", headers=h,
           json={"kind": "participation", "given": "2025-09-10"})
    c.put(f"{API}/participants/T1/wishes/T2", headers=h, json={"level": "yes"})
    c.delete(f"{API}/participants/T1/wishes/T2", headers=h)
    c.delete(f"{API}/participants/T1", headers=h)
    log = entries(world, "entity=participant&entity_id=T1")
    assert [e["action"] for e in log] == [  # newest first
        "delete", "delete_wish", "set_wish", "give_consent", "update", "create"]
    assert all(e["actor"] == "curator_a" and e["actor_id"] == world.curator_a.id for e in log)
    update = log[4]
    assert (update["before"]["site"], update["after"]["site"]) == ("", "корпус 2")
    assert (update["before"]["_version"], update["after"]["_version"]) == (1, 2)
    assert log[0]["after"] is None and log[0]["before"]["id"] == "T1"
    assert log[-1]["before"] is None and log[-1]["organisation_id"] == world.school_a.id


def test_failed_changes_leave_no_entry(world: World) -> None:
    create(world, world.curator_a, "T1")
    world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                       json={"version": 7, "site": "x"})
    assert [e["action"] for e in entries(world, "entity_id=T1")] == ["create"]


def test_users_and_organisations_are_audited_without_secrets(world: World) -> None:
    c, h = world.client, world.admin.headers
    c.post(f"{API}/organisations", headers=h, json={"name": "Колледж"})
    c.post(f"{API}/users", headers=h, json={"login": "u1", "password": "long enough 1",
                                            "role": "viewer"})
    c.patch(f"{API}/users/{world.viewer_a.id}", headers=h, json={"password": "another one 2"})
    log = entries(world, "user=admin")
    assert [(e["entity"], e["action"]) for e in log] == [
        ("user", "update"), ("user", "create"), ("organisation", "create")]
    assert "password_hash" not in str(log) and "another one 2" not in str(log)
    assert log[0]["after"]["password_changed"] is True


def test_paging_and_access(world: World) -> None:
    for pid in ("T1", "T2", "T3"):
        create(world, world.curator_a, pid)
    page = world.client.get(f"{API}/audit?entity=participant&limit=2&offset=1",
                            headers=world.admin.headers).json()
    assert (page["total"], [e["entity_id"] for e in page["items"]]) == (3, ["T2", "T1"])
    for who in (world.curator_a, world.viewer_a):
        denied = world.client.get(f"{API}/audit", headers=who.headers)
        assert denied.status_code == 403
        assert denied.json()["detail"] == (
            "Недостаточно прав: действие доступно только администратору")
