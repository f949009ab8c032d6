"""Participants: create, read, update with a version check, delete, search with paging."""

from __future__ import annotations

from tests.api.helpers import API, SCHOOL_A, SCHOOL_B, World, create, participant_json


def bank_version(world: World, organisation_id: int) -> int:
    return world.client.get(f"{API}/organisations/{organisation_id}",
                            headers=world.admin.headers).json()["bank_version"]


def test_create_and_read(world: World) -> None:
    created = create(world, world.curator_a, "T1")
    assert created["version"] == 1
    assert created["organisation_id"] == world.school_a.id
    read = world.client.get(f"{API}/participants/T1", headers=world.viewer_a.headers)
    assert read.status_code == 200
    assert read.json()["full_name"] == "Иванова Анна T1"
    assert read.json()["subjects"] == ["Математика"]
    assert bank_version(world, world.school_a.id) == 1


def test_unknown_organisation_is_422_naming_the_field(world: World) -> None:
    response = world.client.post(f"{API}/participants", headers=world.admin.headers,
                                 json=participant_json("T1", "Нет такой школы"))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "organisation"
    assert "не зарегистрирована" in error["message"]


def test_duplicate_id_is_409(world: World) -> None:
    create(world, world.curator_a, "T1")
    response = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                 json=participant_json("T1"))
    assert response.status_code == 409
    # ids are per organisation: another school's «T1» is another person
    other = world.client.post(f"{API}/participants", headers=world.curator_b.headers,
                              json=participant_json("T1", SCHOOL_B))
    assert other.status_code == 201, other.text


def test_curators_are_kept_to_their_organisation(world: World) -> None:
    create(world, world.curator_b, "B1", SCHOOL_B)
    c, h = world.client, world.curator_a.headers
    assert c.post(f"{API}/participants", headers=h,
                  json=participant_json("B2", SCHOOL_B)).status_code == 403
    # ids are per organisation: B1 is not in A's bank, and nothing tells A it is in B's
    assert c.get(f"{API}/participants/B1", headers=h).status_code == 404
    assert c.patch(f"{API}/participants/B1", headers=h,
                   json={"version": 1, "site": "x"}).status_code == 404
    assert c.delete(f"{API}/participants/B1", headers=h).status_code == 404
    b = world.school_b.id
    assert c.get(f"{API}/participants/B1?organisation_id={b}", headers=h).status_code == 403
    assert c.patch(f"{API}/participants/B1?organisation_id={b}", headers=h,
                   json={"version": 1, "site": "x"}).status_code == 403
    assert c.delete(f"{API}/participants/B1?organisation_id={b}",
                    headers=h).status_code == 403
    assert c.get(f"{API}/participants?organisation_id={world.school_b.id}",
                 headers=h).status_code == 403


def test_a_curator_cannot_move_a_participant_to_another_school(world: World) -> None:
    create(world, world.curator_a, "T1")
    response = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                                  json={"version": 1, "organisation": SCHOOL_B})
    assert response.status_code == 403
    assert world.client.get(f"{API}/participants/T1",
                            headers=world.admin.headers).json()["organisation"] == SCHOOL_A


def test_viewers_only_read(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.viewer_a.headers
    assert c.get(f"{API}/participants/T1", headers=h).status_code == 200
    assert c.post(f"{API}/participants", headers=h,
                  json=participant_json("T2")).status_code == 403
    assert c.patch(f"{API}/participants/T1", headers=h,
                   json={"version": 1, "site": "x"}).status_code == 403


def test_update_changes_only_the_fields_sent(world: World) -> None:
    create(world, world.curator_a, "T1")
    response = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                                  json={"version": 1, "site": "корпус 2", "experience_years": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["version"], body["site"], body["experience_years"]) == (2, "корпус 2", 3)
    assert body["requests"] == {"exam_preparation": 2}
    assert bank_version(world, world.school_a.id) == 2


def test_update_is_validated_by_the_domain(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.curator_a.headers
    response = c.patch(f"{API}/participants/T1", headers=h,
                       json={"version": 1, "years_in_organisation": 30})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_data"
    assert response.json()["errors"][0]["message"] == "стаж в организации больше общего стажа"
    nulled = c.patch(f"{API}/participants/T1", headers=h, json={"version": 1, "full_name": None})
    assert nulled.status_code == 422
    assert nulled.json()["errors"][0]["field"] == "full_name"
    fixed = c.patch(f"{API}/participants/T1", headers=h,
                    json={"version": 1, "consents": []})
    assert fixed.status_code == 422
    assert fixed.json()["errors"][0]["field"] == "consents"
    assert c.get(f"{API}/participants/T1", headers=h).json()["version"] == 1


def test_two_curators_updating_at_once_cannot_lose_an_update(world: World) -> None:
    """Both read version 1; the second save is refused with 409 and the first one stays."""
    create(world, world.curator_a, "T1")
    c = world.client
    curator_2 = world.token_for(world.admin.id)
    first = c.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                    json={"version": 1, "site": "от первого"})
    assert first.status_code == 200
    second = c.patch(f"{API}/participants/T1",
                     headers={"Authorization": f"Bearer {curator_2}"},
                     json={"version": 1, "experience_years": 5})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "version_conflict"
    assert "версия 1" in body["detail"] and "версия 2" in body["detail"]
    kept = c.get(f"{API}/participants/T1", headers=world.admin.headers).json()
    assert (kept["site"], kept["experience_years"], kept["version"]) == ("от первого", 2, 2)


def test_delete_checks_the_version_and_then_404(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.curator_a.headers
    c.patch(f"{API}/participants/T1", headers=h, json={"version": 1, "site": "x"})
    assert c.delete(f"{API}/participants/T1?version=1", headers=h).status_code == 409
    assert c.delete(f"{API}/participants/T1?version=2", headers=h).status_code == 204
    assert c.get(f"{API}/participants/T1", headers=h).status_code == 404
    assert c.delete(f"{API}/participants/T1", headers=h).status_code == 404
    missing = c.patch(f"{API}/participants/T1", headers=h, json={"version": 2, "site": "y"})
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"


def test_search_by_name_role_subject_and_paging(world: World) -> None:
    create(world, world.curator_a, "T1", full_name="Ёлкина Мария")
    create(world, world.curator_a, "T2", full_name="Петров Олег", subjects=["Физика"])
    create(world, world.curator_a, "S1", full_name="Петрова Юля", role="student", grade=9,
           birth_year=2011, subjects=[], experience_years=0, years_in_organisation=0,
           mentee={"forms": ["student_student"]})
    create(world, world.curator_b, "B1", SCHOOL_B, full_name="Петров Борис")
    c, h = world.client, world.curator_a.headers

    def ids(query: str, headers: dict[str, str] = h) -> list[str]:
        response = c.get(f"{API}/participants?{query}", headers=headers)
        assert response.status_code == 200, response.text
        return [p["id"] for p in response.json()["items"]]

    assert ids("name=ПЕТРОВ") == ["T2", "S1"]  # case-insensitive, own school only
    assert ids("name=елкина") == ["T1"]  # ё is searched as е
    assert ids("role=student") == ["S1"]
    assert ids("subject=физика") == ["T2"]
    assert ids("subject=физ") == []  # a subject matches whole
    assert ids("name=Петров", world.admin.headers) == ["T2", "S1", "B1"]
    assert ids(f"organisation_id={world.school_b.id}", world.admin.headers) == ["B1"]
    assert ids("mentee=true&role=teacher") == ["T1", "T2"]
    page = c.get(f"{API}/participants?limit=2&offset=1", headers=h).json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [p["id"] for p in page["items"]] == ["T2", "S1"]
    assert ids("name=100%_") == []  # LIKE wildcards are taken literally


def test_bank_of_an_organisation_is_the_matcher_bank(world: World) -> None:
    create(world, world.curator_a, "T1")
    response = world.client.get(f"{API}/organisations/{world.school_a.id}/bank",
                                headers=world.curator_a.headers)
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["bank"]["participants"]] == ["T1"]
    assert world.client.get(f"{API}/organisations/{world.school_b.id}/bank",
                            headers=world.curator_a.headers).status_code == 403
