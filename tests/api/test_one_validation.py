"""One validation for every format (issue 12, item 6): a misspelt topic is an error in a JSON
bank as in a spreadsheet and the API, with the closest topic suggested."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from matcher.bank_io import read_bank
from tests.api.helpers import API, World, participant_json


def test_a_misspelt_topic_is_an_error_in_json_csv_and_xlsx(tmp_path: Path) -> None:
    from matcher.bank_io import write_bank
    from matcher.model import Bank, Participant

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
