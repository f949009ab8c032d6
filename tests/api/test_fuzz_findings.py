"""Cases the schemathesis run found answering 500, pinned as regressions."""

from __future__ import annotations

from tests.api.helpers import API, World, create
from tests.api.runs_helpers import run, sample_school


def test_patch_with_null_for_a_set_field_names_the_field(world: World) -> None:
    created = world.client.post(f"{API}/programmes", headers=world.curator_a.headers, json={
        "id": "P1", "start": "2026-09-01", "end": "2027-05-31"})
    assert created.status_code == 201, created.text
    response = world.client.patch(f"{API}/programmes/P1", headers=world.curator_a.headers,
                                  json={"version": 1, "forms": None})
    assert response.status_code == 422, response.text
    assert [e["field"] for e in response.json()["errors"]] == ["forms"]
    create(world, world.curator_a, "T1")
    person = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                                json={"version": 1, "formats": None})
    assert person.status_code == 422, person.text
    assert [e["field"] for e in person.json()["errors"]] == ["formats"]
    fine = world.client.patch(f"{API}/programmes/P1", headers=world.curator_a.headers,
                              json={"version": 1, "forms": ["teacher_teacher"]})
    assert fine.status_code == 200 and fine.json()["forms"] == ["teacher_teacher"]


def test_an_order_refuses_control_characters_in_its_lines(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    response = school.client.get(f"{API}/runs/{done['id']}/order.docx",
                                 headers=school.curator.headers,
                                 params={"director": "Иванов\x00"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "director"


def test_example_of_schemathesis_deleting_an_organisation_that_is_a_partner(world: World) -> None:
    """Schemathesis (administrator, examples and stateful phases) deleted an organisation that a
    school lists as its partner: a foreign key refused it and the answer was a 500. It is kept,
    with the reason, as one holding people is."""
    plant = world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                              headers=world.curator_a.headers, json={"name": "АО «Завод»"}).json()
    refused = world.client.delete(f"{API}/organisations/{plant['id']}", headers=world.admin.headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "not_empty"
    assert "партнёр" in refused.json()["detail"]
    world.client.delete(f"{API}/organisations/{world.school_a.id}/partners/{plant['id']}",
                        headers=world.curator_a.headers)
    gone = world.client.delete(f"{API}/organisations/{plant['id']}", headers=world.admin.headers)
    assert gone.status_code == 204
