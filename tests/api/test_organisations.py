"""Organisations: administrators manage them, everyone else sees only their own."""

from __future__ import annotations

from tests.api.helpers import API, SCHOOL_A, World, create


def test_admin_creates_reads_renames_and_deletes(world: World) -> None:
    c, h = world.client, world.admin.headers
    created = c.post(f"{API}/organisations", headers=h, json={"name": "Колледж", "region": "Н"})
    assert created.status_code == 201, created.text
    org = created.json()
    assert org["bank_version"] == 0
    assert c.get(f"{API}/organisations/{org['id']}", headers=h).json()["name"] == "Колледж"
    renamed = c.patch(f"{API}/organisations/{org['id']}", headers=h, json={"name": "ГБПОУ"})
    assert renamed.json()["name"] == "ГБПОУ"
    assert c.delete(f"{API}/organisations/{org['id']}", headers=h).status_code == 204
    assert c.get(f"{API}/organisations/{org['id']}", headers=h).status_code == 404
    names = [o["name"] for o in c.get(f"{API}/organisations", headers=h).json()]
    assert "ГБПОУ" not in names and SCHOOL_A in names


def test_curator_sees_only_own_and_cannot_manage(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    assert [o["id"] for o in c.get(f"{API}/organisations", headers=h).json()] == [
        world.school_a.id]
    other = c.get(f"{API}/organisations/{world.school_b.id}", headers=h)
    assert other.status_code == 403
    assert other.json()["code"] == "forbidden"
    assert c.post(f"{API}/organisations", headers=h, json={"name": "X"}).status_code == 403


def test_duplicate_name_is_409(world: World) -> None:
    response = world.client.post(f"{API}/organisations", headers=world.admin.headers,
                                 json={"name": SCHOOL_A})
    assert response.status_code == 409
    assert response.json()["code"] == "already_exists"


def test_unknown_id_is_404(world: World) -> None:
    response = world.client.get(f"{API}/organisations/9999", headers=world.admin.headers)
    assert response.status_code == 404
    assert response.json()["detail"] == "Организация «9999» не найдена"


def test_an_organisation_with_people_is_not_deleted(world: World) -> None:
    response = world.client.delete(f"{API}/organisations/{world.school_a.id}",
                                    headers=world.admin.headers)
    assert response.status_code == 409
    assert response.json()["code"] == "not_empty"


def test_rename_is_carried_into_participants_and_bumps_the_bank(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.admin.headers
    version = c.get(f"{API}/organisations/{world.school_a.id}", headers=h).json()["bank_version"]
    c.patch(f"{API}/organisations/{world.school_a.id}", headers=h, json={"name": "Школа 1"})
    person = c.get(f"{API}/participants/T1", headers=h).json()
    assert person["organisation"] == "Школа 1"
    assert person["version"] == 2
    bank = c.get(f"{API}/organisations/{world.school_a.id}/bank", headers=h).json()
    assert bank["bank_version"] == version + 1
    assert [p["organisation"] for p in bank["bank"]["participants"]] == ["Школа 1"]
