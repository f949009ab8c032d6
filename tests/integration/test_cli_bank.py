"""`matcher validate`, `schema` and `convert` on the shipped samples and damaged copies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from matcher.bank_io import read_bank
from matcher.bank_io.samples import sample_bank
from matcher.cli import app

SAMPLES = Path(__file__).resolve().parents[2] / "datasets" / "samples"
WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}
AT = ["--at", "01.02.2026"]

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env=WIDE)


@pytest.mark.parametrize("name", ["sample.xlsx", "sample.csv", "sample.json"])
def test_validate_sample_passes(name: str):
    result = invoke("validate", str(SAMPLES / name), *AT)
    assert result.exit_code == 0, result.output
    assert "Прочитано строк: 24; загружено: 24; ошибок: 0; предупреждений: 1" in result.output


@pytest.mark.parametrize("name", ["template.xlsx", "template.csv", "template.json"])
def test_validate_template_is_an_empty_valid_bank(name: str):
    result = invoke("validate", str(SAMPLES / name))
    assert result.exit_code == 0, result.output
    assert "Прочитано строк: 0; загружено: 0; ошибок: 0; предупреждений: 0" in result.output


def test_shipped_samples_match_the_code():
    for name in ("sample.xlsx", "sample.csv", "sample.json"):
        assert read_bank(SAMPLES / name).bank == sample_bank(), name


def _damage(path: Path) -> dict[str, int]:
    """Break three rows of a copy of the sample; returns the damaged row per kind."""
    wb = load_workbook(path)
    ws = wb["Банк"]
    header = [c.value for c in ws[1]]
    col = {name: header.index(name) + 1 for name in header}
    ws.cell(row=3, column=col["Роль"]).value = "директриса"
    ws.cell(row=5, column=col["Год рождения"]).value = 1890
    ws.cell(row=7, column=col["Компетенции"]).value = "методка:3"
    wb.save(path)
    return {"role": 3, "year": 5, "topic": 7}


def test_validate_reports_each_damaged_row(tmp_path: Path):
    path = tmp_path / "damaged.xlsx"
    shutil.copy(SAMPLES / "sample.xlsx", path)
    rows = _damage(path)
    result = invoke("validate", str(path), *AT)
    assert result.exit_code == 1, result.output
    out = result.output
    assert "Неизвестная роль «директриса»" in out
    assert "Невозможный год рождения 1890: раньше 1930" in out
    assert "Неизвестная тема «методка»; возможно, «Методика преподавания»" in out
    assert "Прочитано строк: 24; загружено: 21; ошибок: 3" in out
    report = read_bank(path)
    assert {(p.row, p.column) for p in report.errors} == {
        (rows["role"], "Роль"), (rows["year"], "Год рождения"), (rows["topic"], "Компетенции")}


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02 garbage"])
def test_validate_unreadable_file_exits_2_without_traceback(tmp_path: Path, content: bytes):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    result = invoke("validate", str(path))
    assert result.exit_code == 2
    assert "Не удалось прочитать файл" in result.output
    assert "Traceback" not in result.output


def test_schema_of_bank_and_result(tmp_path: Path):
    result = invoke("schema")
    assert result.exit_code == 0
    assert "Participant" in json.loads(result.output)["$defs"]
    out = tmp_path / "result.schema.json"
    assert invoke("schema", "--what", "result", "--out", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["title"] == "RunResult"


def test_convert_xlsx_to_json_and_back(tmp_path: Path):
    target = tmp_path / "bank.json"
    result = invoke("convert", str(SAMPLES / "sample.xlsx"), str(target), *AT)
    assert result.exit_code == 0, result.output
    assert read_bank(target).bank == sample_bank()


def test_convert_refuses_a_file_with_errors(tmp_path: Path):
    path = tmp_path / "damaged.xlsx"
    shutil.copy(SAMPLES / "sample.xlsx", path)
    _damage(path)
    target = tmp_path / "out.csv"
    assert invoke("convert", str(path), str(target), *AT).exit_code == 1
    assert not target.exists()
    assert invoke("convert", str(path), str(target), *AT, "--keep-good").exit_code == 0
    assert len(read_bank(target).bank.participants) == 21
