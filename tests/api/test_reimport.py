"""Re-imports that never lose data (issue 12, item 3): a small file changes only what it
gives, «—» clears, the preview shows the change before anything is stored, and an applied
import is undone as a whole."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from tests.api.helpers import (
    API,
    SCHOOL_A,
    World,
    full_bank,
    person,
    upload,
)


def small_file(*rows: list[Any], header: tuple[str, ...] = (
        "ID", "ФИО", "Роль", "Организация", "Год рождения")) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def consent_history(world: World, pid: str) -> list[Any]:
    return world.client.get(f"{API}/participants/{pid}/consents",
                            headers=world.admin.headers).json()["history"]


def test_five_columns_change_one_field_preview_first_and_undo_restores(
        world: World, tmp_path: Path) -> None:
    first = upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx")
    assert first.status_code == 200, first.text
    assert first.json()["created"] == ["T1", "T2"]
    before, history = person(world, "T1"), consent_history(world, "T1")
    assert before["competencies"] == {"teaching_methods": 3, "exam_preparation": 2}

    small = small_file(["T1", "Соколова-Ильина Мария Петровна", "учитель", SCHOOL_A, 1995])
    preview = world.client.post(
        f"{API}/participants/import?preview=true", headers=world.curator_a.headers,
        files={"file": ("small.xlsx", small, "application/octet-stream")})
    assert preview.status_code == 200, preview.text
    shown = preview.json()
    assert (shown["preview"], shown["stored"], shown["import_id"]) == (True, False, None)
    assert [(c["id"], c["change"]) for c in shown["changes"]] == [("T1", "changed")]
    assert shown["changes"][0]["fields"] == [{
        "field": "full_name", "before": "Соколова Мария Петровна",
        "after": "Соколова-Ильина Мария Петровна"}]
    assert not [p for p in shown["problems"] if p["severity"] == "error"]
    assert person(world, "T1") == before  # the preview stored nothing

    applied = upload(world, world.curator_a, small, name="small.xlsx").json()
    assert applied["updated"] == ["T1"] and applied["import_id"] is not None
    # no false warning: the stored consents are all there
    assert [p for p in applied["problems"] if p["severity"] == "warning"] == []
    after = person(world, "T1")
    assert after == {**before, "full_name": "Соколова-Ильина Мария Петровна"}
    assert consent_history(world, "T1") == history

    undone = world.client.post(f"{API}/imports/{applied['import_id']}/undo",
                               headers=world.curator_a.headers)
    assert undone.status_code == 200, undone.text
    assert undone.json()["undone_by"] == world.curator_a.login
    assert person(world, "T1") == before
    again = world.client.post(f"{API}/imports/{applied['import_id']}/undo",
                              headers=world.curator_a.headers)
    assert (again.status_code, again.json()["code"]) == (409, "import_undone")


def test_the_dash_clears_a_field_and_an_empty_cell_keeps_it(
        world: World, tmp_path: Path) -> None:
    upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx")
    before = person(world, "T1")
    file = small_file(["T1", "Соколова Мария Петровна", "учитель", SCHOOL_A, 1995, "—", "",
                       "—"],
                      header=("ID", "ФИО", "Роль", "Организация", "Год рождения", "Площадка",
                              "Категория", "Наставник: мест"))
    report = upload(world, world.curator_a, file, name="clear.xlsx").json()
    assert report["updated"] == ["T1"], report
    after = person(world, "T1")
    assert (after["site"], after["mentor"]) == ("", None)
    assert after["category"] == before["category"] == "highest"
    assert {k: v for k, v in after.items() if k not in ("site", "mentor")} == {
        k: v for k, v in before.items() if k not in ("site", "mentor")}


def test_a_required_field_cannot_be_cleared(world: World, tmp_path: Path) -> None:
    upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx")
    report = upload(world, world.curator_a,
                    small_file(["T1", "—", "учитель", SCHOOL_A, 1995]), name="x.xlsx").json()
    errors = [(p["participant"], p["column"]) for p in report["problems"]
              if p["severity"] == "error"]
    assert errors == [("T1", "ФИО")]
    assert person(world, "T1")["full_name"] == "Соколова Мария Петровна"


def test_undo_of_an_import_that_added_people_removes_them_and_their_consents(
        world: World, tmp_path: Path) -> None:
    applied = upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx").json()
    listed = world.client.get(f"{API}/imports", headers=world.curator_a.headers).json()
    assert [(i["id"], i["summary"]["created"]) for i in listed] == [(applied["import_id"], 2)]
    assert world.client.get(f"{API}/imports", headers=world.curator_b.headers).json() == []
    foreign = world.client.post(f"{API}/imports/{applied['import_id']}/undo",
                                headers=world.curator_b.headers)
    assert foreign.status_code == 404
    response = world.client.post(f"{API}/imports/{applied['import_id']}/undo",
                                 headers=world.curator_a.headers)
    assert response.status_code == 200, response.text
    assert world.client.get(f"{API}/participants/T1",
                            headers=world.admin.headers).status_code == 404


def test_undo_is_refused_when_a_person_changed_since(world: World, tmp_path: Path) -> None:
    applied = upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx").json()
    changed = world.client.patch(f"{API}/participants/T2", headers=world.curator_a.headers,
                                 json={"site": "после загрузки", "version": 1})
    assert changed.status_code == 200, changed.text
    response = world.client.post(f"{API}/imports/{applied['import_id']}/undo",
                                 headers=world.curator_a.headers)
    assert (response.status_code, response.json()["code"]) == (409, "version_conflict")
    assert person(world, "T1")["full_name"] == "Соколова Мария Петровна"  # nothing undone
