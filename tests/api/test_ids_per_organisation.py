"""Participant ids are unique per organisation (issue 12, part 7): two schools may both have
«T01», each imports and edits its own, and nothing a curator is answered tells them anything
of the other school's ids. One person under two ids is reported at import as a warning."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import (
    API,
    SCHOOL_A,
    SCHOOL_B,
    World,
    bank_file,
    participant_json,
    upload,
)

SHARED = ("T01", "T02", "T03")


def bank_of(school: str, who: str, *pids: str) -> bytes:
    return bank_file(*(participant_json(pid, school, full_name=f"{who} {pid}") for pid in pids))


def get(world: World, headers: dict[str, str], pid: str, org: int | None = None) -> Any:
    query = "" if org is None else f"?organisation_id={org}"
    return world.client.get(f"{API}/participants/{pid}{query}", headers=headers)


def test_two_schools_import_overlapping_ids_and_both_are_stored(world: World) -> None:
    a = upload(world, world.curator_a, bank_of(SCHOOL_A, "Алексеева", *SHARED, "T09")).json()
    b = upload(world, world.curator_b, bank_of(SCHOOL_B, "Борисова", *SHARED)).json()
    assert a["created"] == [*SHARED, "T09"] and b["created"] == list(SHARED)
    assert not [p for p in a["problems"] + b["problems"] if p["severity"] == "error"]
    for who, school, name in ((world.curator_a, world.school_a, "Алексеева"),
                              (world.curator_b, world.school_b, "Борисова")):
        for pid in SHARED:
            body = get(world, who.headers, pid).json()
            assert (body["full_name"], body["organisation_id"]) == (f"{name} {pid}", school.id)
    # a re-import by B changes B's T01 only
    again = upload(world, world.curator_b, bank_file(
        participant_json("T01", SCHOOL_B, full_name="Борисова T01", site="корпус 2"))).json()
    assert again["updated"] == ["T01"] and again["created"] == []
    assert get(world, world.curator_b.headers, "T01").json()["site"] == "корпус 2"
    assert get(world, world.curator_a.headers, "T01").json()["site"] == ""
    # each school's list holds its own people only
    page = world.client.get(f"{API}/participants?limit=100", headers=world.curator_b.headers)
    assert sorted(p["full_name"] for p in page.json()["items"]) == [
        f"Борисова {pid}" for pid in SHARED]


def without_key(body: dict[str, Any]) -> str:
    return str(body).replace("T09", "<id>").replace("NOPE", "<id>")


def test_answers_reveal_nothing_of_the_other_schools_ids(world: World) -> None:
    """B asks about T09, which only A has, and about NOPE, which nobody has: every answer is
    the same but for the id, and none names A or A's person."""
    upload(world, world.curator_a, bank_of(SCHOOL_A, "Алексеева", "T01", "T09"))
    upload(world, world.curator_b, bank_of(SCHOOL_B, "Борисова", "T01"))
    h, c = world.curator_b.headers, world.client
    asks = [
        lambda pid: c.get(f"{API}/participants/{pid}", headers=h),
        lambda pid: c.patch(f"{API}/participants/{pid}", headers=h,
                            json={"version": 1, "site": "x"}),
        lambda pid: c.delete(f"{API}/participants/{pid}", headers=h),
        lambda pid: c.get(f"{API}/participants/{pid}/consents", headers=h),
        lambda pid: c.put(f"{API}/participants/T01/wishes/{pid}", headers=h,
                          json={"level": "yes"}),
        lambda pid: c.post(f"{API}/organisations/{world.school_b.id}/conflicts", headers=h,
                           json={"a": "T01", "b": pid}),
    ]
    for ask in asks:
        known, unknown = ask("T09"), ask("NOPE")
        assert known.status_code == unknown.status_code and known.status_code in (404, 422)
        assert without_key(known.json()) == without_key(unknown.json())
        assert "Алексеева" not in known.text and SCHOOL_A not in known.text
    # an import of a file with A's ids is B's own people: created in B's bank, nothing refused
    report = upload(world, world.curator_b, bank_of(SCHOOL_B, "Борисова", "T09")).json()
    assert report["created"] == ["T09"]
    assert [p for p in report["problems"] if p["column"] != "consents"] == []
    assert get(world, world.curator_a.headers, "T09").json()["full_name"] == "Алексеева T09"


def test_an_administrator_names_the_organisation_when_an_id_is_shared(world: World) -> None:
    upload(world, world.curator_a, bank_of(SCHOOL_A, "Алексеева", "T01", "T09"))
    upload(world, world.curator_b, bank_of(SCHOOL_B, "Борисова", "T01"))
    h = world.admin.headers
    assert get(world, h, "T09").json()["full_name"] == "Алексеева T09"  # one school has it
    shared = get(world, h, "T01")
    assert shared.status_code == 422
    assert shared.json()["errors"][0]["field"] == "organisation_id"
    assert get(world, h, "T01", world.school_b.id).json()["full_name"] == "Борисова T01"
    # a change names the organisation too, and touches that school's person only
    changed = world.client.patch(f"{API}/participants/T01?organisation_id={world.school_a.id}",
                                 headers=h, json={"version": 1, "site": "А"})
    assert changed.status_code == 200, changed.text
    assert get(world, h, "T01", world.school_b.id).json()["site"] == ""


def test_one_person_under_two_ids_is_a_warning_naming_both(world: World) -> None:
    twin = {"full_name": "Смирнова Ольга Ивановна", "birth_year": 1980}
    upload(world, world.curator_a, bank_file(participant_json("T05", **twin)))
    # B's bank has the same name: another school, never compared
    upload(world, world.curator_b, bank_file(
        participant_json("B7", SCHOOL_B, full_name="Петров Пётр", birth_year=1970)))
    report = upload(world, world.curator_a, bank_file(
        participant_json("T10", **twin),  # item 1: the bank has her as T05
        participant_json("T11", full_name="Петров  пётр", birth_year=1970),  # item 2
        participant_json("T12", full_name="ПЕТРОВ Пётр", birth_year=1970),  # item 3: as 2
        participant_json("T13", full_name="Петров Пётр", birth_year=1971),  # another year
    )).json()
    assert report["created"] == ["T10", "T11", "T12", "T13"]  # a warning stores the row
    warnings = sorted((p["row"], p["participant"], p["message"]) for p in report["problems"]
                      if p["severity"] == "warning" and p["column"] == "full_name")
    assert [(row, pid) for row, pid, _ in warnings] == [(1, "T10"), (3, "T12")]
    assert "под кодом T05" in warnings[0][2] and "ФИО и год рождения" in warnings[0][2]
    assert "в строке 2 под ID «T11», и в строке 3 под ID «T12»" in warnings[1][2]
    assert "B7" not in str(report)


def test_one_address_under_two_ids_is_a_warning_naming_both(world: World) -> None:
    """The same e-mail in any letter case (issue 12 item 7): against the school's stored bank
    a warning naming the stored id, within one file a warning naming both rows; another
    school's addresses are never compared."""
    upload(world, world.curator_a, bank_file(participant_json(
        "T05", full_name="Смирнова Ольга", email="O.Smirnova@School7.example")))
    upload(world, world.curator_b, bank_file(participant_json(
        "B7", SCHOOL_B, full_name="Петров Пётр", email="petrov@school.example")))
    report = upload(world, world.curator_a, bank_file(
        participant_json("T10", full_name="Смирнова О. И.", email="o.smirnova@school7.example"),
        participant_json("T11", full_name="Петров П.", email="petrov@school.example"),
        participant_json("T12", full_name="Петров Павел", email="PETROV@school.example"),
    )).json()
    assert report["created"] == ["T10", "T11", "T12"]  # a warning stores the row
    warnings = sorted((p["row"], p["participant"], p["column"], p["message"])
                      for p in report["problems"] if p["severity"] == "warning"
                      and p["column"] == "email")
    assert [(row, pid) for row, pid, _, _ in warnings] == [(1, "T10"), (3, "T12")]
    assert warnings[0][3] == ("возможно, тот же человек, что уже есть в банке под кодом T05: "
                              "совпадает адрес электронной почты o.smirnova@school7.example")
    assert "в строке 2 под ID «T11», и в строке 3 под ID «T12»" in warnings[1][3]
    assert "B7" not in str(report)
    # an edit that keeps the person's own address warns of nothing
    again = upload(world, world.curator_a, bank_file(participant_json(
        "T05", full_name="Смирнова Ольга", email="o.smirnova@school7.EXAMPLE"))).json()
    assert not [p for p in again["problems"] if p["column"] == "email"]
