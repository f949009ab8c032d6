"""One validation for every format (issue 12, item 6): a misspelt topic is an error in a JSON
bank as in a spreadsheet and the API, with the closest topic suggested."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from matcher.bank_io import read_bank, write_bank
from matcher.bank_io.columns import find_column
from matcher.model import Bank, Participant
from tests.api.helpers import API, World, participant_json, upload


def test_a_misspelt_topic_is_an_error_in_json_csv_and_xlsx(tmp_path: Path) -> None:
    good = Participant.model_validate(participant_json("T1"))
    bad_json = tmp_path / "bank.json"
    bad_json.write_text(json.dumps({"participants": [
        participant_json("T1", requests={"exam_preparaton": 2})]}, ensure_ascii=False))
    [problem] = read_bank(bad_json).errors
    assert (problem.row, problem.column, problem.value) == (1, "requests", "exam_preparaton")
    assert "Неизвестная тема «exam_preparaton»" in problem.message
    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"bank.{fmt}"
        write_bank(Bank(participants=(good,)), path)
        report = read_bank(path)
        assert report.errors == []
    csv = (tmp_path / "bank.csv").read_text(encoding="utf-8-sig")
    label = csv.split("\n")[1].split(";")
    assert any("ЕГЭ" in cell or "экзамен" in cell.lower() for cell in label)
    (tmp_path / "bad.csv").write_text(csv.replace("Подготовка", "Подготовкаа", 1),
                                      encoding="utf-8-sig")
    assert [p.column for p in read_bank(tmp_path / "bad.csv").errors] == ["Запрос"]


@pytest.mark.parametrize("field", ["requests", "competencies"])
def test_the_api_refuses_a_misspelt_topic(world: World, field: str) -> None:
    response = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                 json=participant_json("T1", **{field: {"exam_preparaton": 2}}))
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [f"{field}.exam_preparaton"]


# --- the same content, every format (issue 12, item 6) ---------------------------------------

CASES: dict[str, tuple[dict[str, Any], str, str, str]] = {
    # case: (fields of T1, column key, severity, the start of the message)
    "unknown role": ({"role": "директриса"}, "role", "error",
                     "Неизвестная роль «директриса». Допустимые значения"),
    "wish naming nobody": ({"wishes": [{"target": "ZZ", "level": "yes"}]}, "wishes", "error",
                           "Пожелание называет участника с ID «ZZ», которого нет в банке"),
    "no place at all": ({"mentor": {"capacity_mentees": 0, "capacity_groups": 0,
                                    "forms": ["teacher_teacher"]}},
                        "mentor.capacity_mentees", "warning", "Мест у наставника 0"),
}


def file_of(fmt: str, fields: dict[str, Any], tmp_path: Path) -> bytes:
    """T1 with `fields`, written as our template writes that format; a value the model
    refuses (an unknown role) is put in its cell afterwards, as a curator would type it."""
    data = participant_json("T1", **fields)
    if fmt == "json":
        return json.dumps({"participants": [data]}, ensure_ascii=False).encode()
    typed = {k: v for k, v in data.items() if k != "role"}
    path = tmp_path / f"bank.{fmt}"
    write_bank(Bank(participants=(Participant.model_validate({**typed, "role": "teacher"}),)),
               path)
    if "role" not in fields:
        return path.read_bytes()
    if fmt == "csv":
        head, row = path.read_text(encoding="utf-8-sig").splitlines()[:2]
        cells = row.split(";")
        cells[head.split(";").index("Роль")] = fields["role"]
        return ("\n".join([head, ";".join(cells)]) + "\n").encode("utf-8-sig")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows(values_only=True) if "Роль" in r)
    header_row = next(i for i, r in enumerate(sheet.iter_rows(values_only=True), 1)
                      if "Роль" in r)
    sheet.cell(row=header_row + 1, column=header.index("Роль") + 1, value=fields["role"])
    book.save(path)
    return path.read_bytes()


def key_of(column: str) -> str:
    found = find_column(column)
    return found.key if found is not None else column


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("fmt", ["json", "csv", "xlsx", "api"])
def test_the_same_content_gets_the_same_finding_in_every_format(
        world: World, tmp_path: Path, fmt: str, case: str) -> None:
    fields, key, severity, text = CASES[case]
    if fmt == "api":
        answer = world.client.post(f"{API}/participants", headers=world.curator_a.headers,
                                   json=participant_json("T1", **fields))
        if severity == "warning":  # stored: the API has no warnings to give
            assert answer.status_code == 201, answer.text
            return
        assert answer.status_code == 422, answer.text
        found = [(e["field"], "error", e["message"]) for e in answer.json()["errors"]]
    else:
        answer = upload(world, world.curator_a, file_of(fmt, fields, tmp_path),
                        name=f"bank.{fmt}")
        assert answer.status_code == 200, answer.text
        found = [(key_of(p["column"]), p["severity"], p["message"])
                 for p in answer.json()["problems"] if not p["column"].startswith(
                     ("consent", "Согласие"))]
    assert [(k, s) for k, s, _ in found] == [(key, severity)], found
    assert found[0][2].startswith(text), found
