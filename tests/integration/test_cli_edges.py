"""CLI edges (issue 13, item 3): every input error in Russian and English, with its exit
code and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from matcher.bank_io import read_bank
from matcher.bank_io.samples import sample_bank
from matcher.cli import app
from matcher.cli.common import EXIT_ERRORS, EXIT_UNREADABLE

SAMPLES = Path(__file__).resolve().parents[2] / "datasets" / "samples"
WIDE = {"COLUMNS": "400", "NO_COLOR": "1"}
USAGE_ERROR = 2  # click's exit code for a bad option value
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env=WIDE)


def no_traceback(result) -> None:
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_programme_errors_are_russian_with_the_field_path(tmp_path: Path) -> None:
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps({"id": "p", "name": "П", "start": "2025-09-01",
                                     "end": "не дата", "group_min": -1}), encoding="utf-8")
    result = invoke("match", str(SAMPLES / "sample.json"), "--programme", str(programme),
                    "--out", str(tmp_path / "r.json"))
    assert result.exit_code == EXIT_UNREADABLE, result.output
    no_traceback(result)
    assert "Ошибка в файле программы" in result.output
    assert "The programme file" in result.output
    assert "• end: Неверная дата «не дата»: ожидается ГГГГ-ММ-ДД / Input should be" in (
        result.output)
    assert "• group_min: Значение -1 меньше допустимого (2) / Input should be greater" in (
        result.output)
    assert not (tmp_path / "r.json").exists()


def test_a_programme_file_that_is_not_json_is_a_clear_error(tmp_path: Path) -> None:
    programme = tmp_path / "programme.json"
    programme.write_text("{not json", encoding="utf-8")
    result = invoke("match", str(SAMPLES / "sample.json"), "--programme", str(programme))
    assert result.exit_code == EXIT_UNREADABLE, result.output
    no_traceback(result)
    assert "не удалось прочитать файл программы" in result.output
    assert "cannot read the programme file" in result.output


@pytest.mark.parametrize("content", ["{\"participants\": []}", "not json", "[1, 2]"])
def test_a_wrong_previous_file_is_a_clear_error(tmp_path: Path, content: str) -> None:
    previous = tmp_path / "previous.json"
    previous.write_text(content, encoding="utf-8")
    out = tmp_path / "r.json"
    result = invoke("match", str(SAMPLES / "sample.json"), "--previous", str(previous),
                    "--out", str(out))
    assert result.exit_code == EXIT_UNREADABLE, result.output
    no_traceback(result)
    assert str(previous.name) in result.output
    if content == "not json":
        assert "не удалось прочитать прошлый результат" in result.output
        assert "cannot read the previous result" in result.output
    else:
        assert "не результат подбора" in result.output
        assert "is not a matching result" in result.output
    assert not out.exists()


def test_a_missing_previous_file_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("match", str(SAMPLES / "sample.json"), "--previous",
                    str(tmp_path / "nope.json"), "--out", str(tmp_path / "r.json"))
    assert result.exit_code == EXIT_UNREADABLE, result.output
    no_traceback(result)
    assert "не удалось прочитать прошлый результат" in result.output


@pytest.mark.parametrize("content", ["{}", json.dumps({"participants": [{"id": "x"}]})])
def test_a_bank_without_a_good_row_is_an_error_not_an_optimal_empty_result(
        tmp_path: Path, content: str) -> None:
    bank = tmp_path / "bank.json"
    bank.write_text(content, encoding="utf-8")
    out = tmp_path / "r.json"
    result = invoke("match", str(bank), "--out", str(out))
    assert result.exit_code == EXIT_ERRORS, result.output
    no_traceback(result)
    assert "в банке нет ни одной годной строки" in result.output
    assert "the bank has no valid row" in result.output
    assert "optimal" not in result.output and not out.exists()


@pytest.mark.parametrize("seconds", ["0", "-5"])
def test_the_time_limit_must_be_positive(tmp_path: Path, seconds: str) -> None:
    out = tmp_path / "r.json"
    result = invoke("match", str(SAMPLES / "sample.json"), "--time-limit", seconds,
                    "--out", str(out))
    assert result.exit_code == USAGE_ERROR, result.output
    no_traceback(result)
    assert "время должно быть больше нуля" in result.output
    assert "must be more than zero seconds" in result.output
    assert not out.exists()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_csv_reads_like_the_utf8_one(tmp_path: Path, encoding: str) -> None:
    text = (SAMPLES / "sample.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "bank.csv"
    bom = {"utf-16": b"", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[encoding]
    path.write_bytes(bom + text.encode(encoding))  # "utf-16" writes its own BOM
    at = ["--at", "01.02.2026"]
    result = invoke("validate", str(path), *at)
    assert result.exit_code == 0, result.output
    assert "Прочитано строк: 24; загружено: 24" in result.output
    assert read_bank(path).bank.participants == read_bank(SAMPLES / "sample.csv").bank.participants


def test_a_utf16_csv_without_a_bom_is_still_refused_as_binary(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_bytes((SAMPLES / "sample.csv").read_text(encoding="utf-8-sig")
                     .encode("utf-16-le"))
    result = invoke("validate", str(path))
    assert result.exit_code == EXIT_UNREADABLE
    assert "двоичные данные" in result.output and "binary data" in result.output


def test_a_utf8_bom_csv_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (SAMPLES / "sample.csv").read_text(
        encoding="utf-8-sig").encode("utf-8"))
    assert len(read_bank(path).bank.participants) == len(sample_bank().participants)
