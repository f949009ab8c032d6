"""Bulk import of bank files: a report per row, strict all-or-nothing, nothing lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.api.helpers import (
    API,
    SCHOOL_A,
    SCHOOL_B,
    World,
    bank_file,
    create,
    ids,
    participant_json,
    upload,
)

SAMPLES = Path(__file__).resolve().parents[2] / "datasets" / "samples"


def mixed_file() -> bytes:
    return bank_file(
        participant_json("T1"),
        participant_json("T2", birth_year=1800),
        participant_json("B1", SCHOOL_B),
        participant_json("X1", "Нет такой школы"),
    )


def test_good_rows_are_stored_and_bad_rows_reported(world: World) -> None:
    response = upload(world, world.curator_a, mixed_file())
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["created"] == ["T1"] and report["stored"] is True
    problems = {(p["participant"], p["column"]) for p in report["problems"]
                if p["severity"] == "error"}
    assert problems == {("T2", "birth_year"), ("B1", "organisation"),
                        ("X1", "organisation")}
    bad_row = next(p for p in report["problems"] if p["participant"] == "T2")
    assert bad_row["row"] == 2
    # rows refused by the service (unregistered or foreign organisation) name their row too
    assert {(p["participant"], p["row"]) for p in report["problems"]
            if p["column"] == "organisation"} == {("B1", 3), ("X1", 4)}
    assert ids(world) == ["T1"]
    history = world.client.get(f"{API}/participants/T1/consents",
                               headers=world.curator_a.headers).json()["history"]
    assert [(e["action"], e["note"]) for e in history] == [("given", "импорт")]


def test_strict_import_stores_nothing_and_loses_nothing(world: World) -> None:
    create(world, world.curator_a, "T1", site="до импорта")
    before = world.client.get(f"{API}/organisations/{world.school_a.id}",
                              headers=world.admin.headers).json()["bank_version"]
    file = bank_file(participant_json("T1", site="из файла"), participant_json("T3"),
                     participant_json("T2", birth_year=1800))
    response = upload(world, world.curator_a, file, strict=True)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "import_rejected"
    assert "ничего не сохранено" in body["detail"]
    assert [(e["row"], e["field"], e["location"]) for e in body["errors"]
            if e["severity"] == "error"] == [(3, "birth_year", "file")]
    assert ids(world) == ["T1"]
    kept = world.client.get(f"{API}/participants/T1", headers=world.admin.headers).json()
    assert (kept["site"], kept["version"]) == ("до импорта", 1)
    after = world.client.get(f"{API}/organisations/{world.school_a.id}",
                             headers=world.admin.headers).json()["bank_version"]
    assert after == before


def test_strict_import_of_a_clean_file_stores_everything(world: World) -> None:
    response = upload(world, world.curator_a,
                      bank_file(participant_json("T1"), participant_json("T2")), strict=True)
    assert response.status_code == 200, response.text
    assert response.json()["created"] == ["T1", "T2"]


def test_reimport_updates_and_merges_consents(world: World) -> None:
    create(world, world.curator_a, "T1", consents=[
        {"kind": "personal_data", "given": "2025-09-01"},
        {"kind": "participation", "given": "2025-09-05"},
    ])
    file = bank_file(
        participant_json("T1", site="новый корпус", consents=[
            {"kind": "personal_data", "given": "2025-09-01", "revoked": "2025-11-01"}]),
    )
    report = upload(world, world.curator_a, file).json()
    assert report["updated"] == ["T1"]
    person = world.client.get(f"{API}/participants/T1", headers=world.admin.headers).json()
    assert person["site"] == "новый корпус" and person["version"] == 2
    assert sorted((c["kind"], c["revoked"] or "") for c in person["consents"]) == [
        ("participation", ""),  # not in the file, and not dropped
        ("personal_data", "2025-11-01"),
    ]
    history = world.client.get(f"{API}/participants/T1/consents",
                               headers=world.admin.headers).json()["history"]
    assert [(e["kind"], e["action"]) for e in history][-1] == ("personal_data", "revoked")
    again = upload(world, world.curator_a, file).json()
    assert (again["unchanged"], again["updated"], again["stored"]) == (["T1"], [], False)


def test_an_id_of_another_school_is_not_taken_over(world: World) -> None:
    """Ids are per organisation: school A's «X» is a new person, school B's is untouched."""
    create(world, world.curator_b, "X", SCHOOL_B)
    report = upload(world, world.admin, bank_file(participant_json("X", SCHOOL_A))).json()
    assert report["created"] == ["X"] and report["updated"] == []
    assert not [p for p in report["problems"] if p["severity"] == "error"]
    for school in (world.school_a, world.school_b):
        got = world.client.get(f"{API}/participants/X?organisation_id={school.id}",
                               headers=world.admin.headers)
        assert got.json()["organisation"] == school.name
    ambiguous = world.client.get(f"{API}/participants/X", headers=world.admin.headers)
    assert ambiguous.status_code == 422
    assert ambiguous.json()["errors"][0]["field"] == "organisation_id"


def register_sample_organisations(world: World) -> None:
    bank = json.loads((SAMPLES / "sample.json").read_text(encoding="utf-8"))
    for name in sorted({p["organisation"] for p in bank["participants"]}):
        response = world.client.post(f"{API}/organisations", headers=world.admin.headers,
                                     json={"name": name})
        assert response.status_code == 201


@pytest.mark.parametrize(("name", "has_conflicts"), [  # conflicts are stored with the bank
    ("sample.csv", False),  # a CSV keeps its conflicts in a second file, not uploaded here
    ("sample.xlsx", True),
    ("sample.json", True),
])
def test_sample_files_of_every_format(world: World, name: str, has_conflicts: bool) -> None:
    register_sample_organisations(world)
    response = upload(world, world.admin, (SAMPLES / name).read_bytes(), name=name)
    assert response.status_code == 200, response.text
    report = response.json()
    assert len(report["created"]) == 24
    assert not [p for p in report["problems"] if p["severity"] == "error"]
    assert report["conflicts_added"] == (["T02 — T06"] if has_conflicts else [])
    school = next(o for o in world.client.get(f"{API}/organisations",
                                              headers=world.admin.headers).json()
                  if "№ 7" in o["name"])
    bank = world.client.get(f"{API}/organisations/{school['id']}/bank",
                            headers=world.admin.headers).json()["bank"]
    assert [(c["a"], c["b"]) for c in bank["conflicts"]] == (
        [("T02", "T06")] if has_conflicts else [])
    again = upload(world, world.admin, (SAMPLES / name).read_bytes(), name=name).json()
    assert again["conflicts_added"] == []
    assert again["conflicts_unchanged"] == (["T02 — T06"] if has_conflicts else [])


def test_unreadable_and_unsupported_files(world: World) -> None:
    broken = upload(world, world.curator_a, b"{not json", name="bank.json")
    assert broken.status_code == 422
    assert broken.json()["code"] == "unreadable_file"
    assert "bank.json" in broken.json()["detail"] and "/tmp" not in broken.json()["detail"]
    odd = upload(world, world.curator_a, b"hello", name="bank.docx")
    assert odd.status_code == 415
    assert odd.json()["code"] == "unsupported_file"


def test_import_needs_a_signed_in_writer(world: World) -> None:
    assert world.client.post(f"{API}/participants/import",
                             files={"file": ("b.json", b"[]")}).status_code == 401
    assert upload(world, world.viewer_a, bank_file(participant_json("T1"))).status_code == 403
    assert upload(world, world.curator_a, b"", name="b.json").status_code == 422
