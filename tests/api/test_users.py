"""Users: administrators manage accounts; a user may change only their name and password."""

from __future__ import annotations

from tests.api.helpers import API, SCHOOL_B, World, create


def test_admin_creates_a_curator_who_can_sign_in(world: World) -> None:
    c = world.client
    response = c.post(f"{API}/users", headers=world.admin.headers, json={
        "login": "new.curator", "password": "long enough 1", "full_name": "Новый Куратор",
        "role": "curator", "organisation_id": world.school_b.id})
    assert response.status_code == 201, response.text
    assert "password" not in response.json() and "password_hash" not in response.json()
    token = c.post(f"{API}/auth/token",
                   data={"username": "new.curator", "password": "long enough 1"})
    assert token.status_code == 200
    listed = c.get(f"{API}/users", headers=world.admin.headers).json()
    assert "new.curator" in [u["login"] for u in listed]


def test_user_rules_are_checked(world: World) -> None:
    c, h = world.client, world.admin.headers
    no_org = c.post(f"{API}/users", headers=h, json={
        "login": "x", "password": "long enough 1", "role": "curator"})
    assert no_org.status_code == 422
    assert no_org.json()["errors"][0]["field"] == "organisation_id"
    short = c.post(f"{API}/users", headers=h, json={
        "login": "x", "password": "short", "role": "viewer"})
    assert short.status_code == 422
    assert short.json()["errors"][0]["field"] == "password"
    dup = c.post(f"{API}/users", headers=h, json={
        "login": "curator_b", "password": "long enough 1", "role": "viewer"})
    assert dup.status_code == 409
    unknown_org = c.post(f"{API}/users", headers=h, json={
        "login": "y", "password": "long enough 1", "role": "viewer", "organisation_id": 999})
    assert unknown_org.status_code == 404


def test_non_admins_cannot_manage_users(world: World) -> None:
    c, h = world.client, world.curator_a.headers
    assert c.get(f"{API}/users", headers=h).status_code == 403
    assert c.post(f"{API}/users", headers=h, json={
        "login": "x", "password": "long enough 1", "role": "admin"}).status_code == 403
    assert c.get(f"{API}/users/{world.curator_b.id}", headers=h).status_code == 403


def test_a_user_changes_own_name_but_not_own_role(world: World) -> None:
    c, h, me = world.client, world.curator_a.headers, world.curator_a.id
    renamed = c.patch(f"{API}/users/{me}", headers=h, json={"full_name": "Куратор Альфа"})
    assert renamed.status_code == 200
    assert renamed.json()["full_name"] == "Куратор Альфа"
    promoted = c.patch(f"{API}/users/{me}", headers=h, json={"role": "admin"})
    assert promoted.status_code == 403
    assert c.get(f"{API}/users/me", headers=h).json()["role"] == "curator"


def test_admin_moves_and_detaches_a_user(world: World) -> None:
    c, h = world.client, world.admin.headers
    moved = c.patch(f"{API}/users/{world.viewer_a.id}", headers=h,
                    json={"organisation_id": world.school_b.id})
    assert moved.json()["organisation_id"] == world.school_b.id
    detached = c.patch(f"{API}/users/{world.viewer_a.id}", headers=h,
                       json={"organisation_id": None})
    assert detached.json()["organisation_id"] is None
    assert c.get(f"{API}/users/9999", headers=h).status_code == 404


def test_a_viewer_of_no_organisation_reads_every_school(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_b, "B1", SCHOOL_B)
    c, h = world.client, world.admin.headers
    c.patch(f"{API}/users/{world.viewer_a.id}", headers=h, json={"organisation_id": None})
    page = c.get(f"{API}/participants", headers=world.viewer_a.headers).json()
    assert [p["id"] for p in page["items"]] == ["T1", "B1"]
    assert c.post(f"{API}/participants/B1/consents", headers=world.viewer_a.headers,
                  json={"kind": "participation", "given": "2025-09-10"}).status_code == 403
