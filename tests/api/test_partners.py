"""Organisations and partners (issue 12, item 1): a school's partner organisations, whose
people join its bank as outside mentors; an unknown organisation in a file is refused by name
or registered as a partner; the README's sample imports into a fresh demo with no error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.config import Settings
from service.seed import DEMO_PARTNERS, DEMO_SCHOOL, seed_if_empty
from tests.api.helpers import API, SCHOOL_A, World, bank_file, participant_json, sign_in, upload

SAMPLE = Path(__file__).resolve().parents[2] / "datasets" / "samples" / "sample.xlsx"
PLANT = "АО «Завод»"


def test_the_readme_sample_imports_into_a_fresh_demo_as_its_curator(
        app_client: TestClient, settings: Settings, uow_factory: Any) -> None:
    result = seed_if_empty(uow_factory(), settings)
    assert result.organisation == DEMO_SCHOOL
    headers = sign_in(app_client, result.curator.login, result.curator.password)
    response = app_client.post(f"{API}/participants/import", headers=headers,
                               files={"file": ("sample.xlsx", SAMPLE.read_bytes())})
    assert response.status_code == 200, response.text
    report = response.json()
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert len(report["created"]) == 24
    assert {"E01", "U01", "C01"} <= set(report["created"])  # the outside mentors
    orgs = app_client.get(f"{API}/organisations", headers=headers).json()
    partners = app_client.get(f"{API}/organisations/{orgs[0]['id']}/partners",
                              headers=headers).json()
    assert sorted(o["name"] for o in partners) == sorted(DEMO_PARTNERS)
    bank = app_client.get(f"{API}/organisations/{orgs[0]['id']}/bank", headers=headers).json()
    outside = {p["id"]: p["organisation"] for p in bank["bank"]["participants"]
               if p["organisation"] != DEMO_SCHOOL}
    assert set(outside) == {"E01", "U01", "C01"}


def test_a_partners_people_join_the_schools_bank(world: World) -> None:
    added = world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                              headers=world.curator_a.headers, json={"name": PLANT})
    assert added.status_code == 201, added.text
    report = upload(world, world.curator_a, bank_file(
        participant_json("E1", PLANT, role="employer", mentor={"capacity_mentees": 1}))).json()
    assert report["created"] == ["E1"]
    bank = world.client.get(f"{API}/organisations/{world.school_a.id}/bank",
                            headers=world.curator_a.headers).json()["bank"]
    assert [(p["id"], p["organisation"]) for p in bank["participants"]] == [("E1", PLANT)]
    # another school's curator cannot change school A's partners
    foreign = world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                                headers=world.curator_b.headers, json={"name": "Другой"})
    assert foreign.status_code == 403


def test_an_unknown_organisation_is_refused_by_name_or_registered_as_a_partner(
        world: World) -> None:
    file = bank_file(participant_json("T1"), participant_json("E1", PLANT, role="employer"))
    refused = upload(world, world.curator_a, file).json()
    assert refused["created"] == ["T1"]
    [error] = [p for p in refused["problems"] if p["severity"] == "error"]
    assert (error["participant"], error["column"]) == ("E1", "organisation")
    assert f"«{PLANT}» не зарегистрирована" in error["message"]

    preview = world.client.post(
        f"{API}/participants/import?preview=true", headers=world.curator_a.headers,
        files={"file": ("bank.json", file)}, data={"register_partners": "true"}).json()
    assert preview["new_partners"] == [PLANT]
    assert [(c["id"], c["change"]) for c in preview["changes"]] == [
        ("T1", "unchanged"), ("E1", "added")]
    names = [o["name"] for o in world.client.get(f"{API}/organisations",
                                                 headers=world.admin.headers).json()]
    assert PLANT not in names  # a preview registers nothing

    applied = world.client.post(
        f"{API}/participants/import", headers=world.curator_a.headers,
        files={"file": ("bank.json", file)}, data={"register_partners": "true"}).json()
    assert applied["created"] == ["E1"] and applied["new_partners"] == [PLANT]
    partners = world.client.get(f"{API}/organisations/{world.school_a.id}/partners",
                                headers=world.curator_a.headers).json()
    assert [o["name"] for o in partners] == [PLANT]


def test_a_school_is_not_its_own_partner_and_a_partnership_ends(world: World) -> None:
    own = world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                            headers=world.curator_a.headers, json={"name": SCHOOL_A})
    assert own.status_code == 422
    plant = world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                              headers=world.curator_a.headers, json={"name": PLANT}).json()
    gone = world.client.delete(f"{API}/organisations/{world.school_a.id}/partners/{plant['id']}",
                               headers=world.curator_a.headers)
    assert gone.status_code == 204
    assert world.client.get(f"{API}/organisations/{world.school_a.id}/partners",
                            headers=world.curator_a.headers).json() == []


def test_a_curator_files_a_partners_person_in_the_schools_bank(world: World) -> None:
    world.client.post(f"{API}/organisations/{world.school_a.id}/partners",
                      headers=world.curator_a.headers, json={"name": PLANT})
    created = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                json=participant_json("E2", PLANT, role="employer"))
    assert created.status_code == 201, created.text
    assert created.json()["organisation_id"] == world.school_a.id
