"""`matcher report`, `matcher order`, `matcher export` on files, through Typer's runner."""

from __future__ import annotations

import json

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

import matcher.cli.reports  # noqa: F401  (registers the commands)
from matcher.bank_io import write_bank
from matcher.cli.app import app
from matcher.cli.reports import default_programme
from matcher.reports import Pseudonymiser
from tests.cases import BANK, PROGRAMME, RESULT

runner = CliRunner()


@pytest.fixture
def files(tmp_path):
    bank = tmp_path / "bank.json"
    write_bank(BANK, bank)
    result = tmp_path / "result.json"
    result.write_text(RESULT.model_dump_json(), encoding="utf-8")
    programme = tmp_path / "programme.json"
    programme.write_text(PROGRAMME.model_dump_json(), encoding="utf-8")
    return tmp_path, str(result), str(bank), str(programme)


def test_report_prints_tables_and_writes_xlsx(files):
    tmp, result, bank, programme = files
    out = tmp / "report.xlsx"
    res = runner.invoke(app, ["report", result, "--bank", bank, "--programme", programme,
                              "--xlsx", str(out)], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "Охват наставничеством" in res.output
    assert "Егорова Дарья Олеговна" in res.output
    assert load_workbook(out).sheetnames[0] == "Сводка"


def test_report_without_programme_assumes_the_school_year(files):
    _, result, bank, _ = files
    res = runner.invoke(app, ["report", result, "--bank", bank], env={"COLUMNS": "250"})
    assert res.exit_code == 0, res.output
    assert "01.09.2026 – 31.05.2027" in res.output
    assert "Программа не указана" in res.output
    assert default_programme(RESULT).start.isoformat() == "2026-09-01"


def test_order_writes_the_docx(files):
    tmp, result, bank, programme = files
    out = tmp / "order.docx"
    res = runner.invoke(app, ["order", result, "--bank", bank, "--programme", programme,
                              "--out", str(out), "--organisation", "МБОУ «Средняя школа № 7»",
                              "--number", "45", "--date", "15.09.2026"])
    assert res.exit_code == 0, res.output
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert "15.09.2026\t№ 45" in texts
    assert doc.tables[0].rows[1].cells[1].text.startswith("Смирнова Ольга Викторовна")


def test_orders_writes_one_file_per_kind_and_organisation_named_for_what_and_whom(files):
    tmp, result, bank, programme = files
    out = tmp / "orders"
    res = runner.invoke(app, [
        "orders", result, "--bank", bank, "--programme", programme, "--out-dir", str(out),
        "--kind", "pairs", "--kind", "mentors", "--curator", "Васильева Елена Игоревна",
        "--curator-position", "заместитель директора по УВР",
        "--regulation-students", "Положением о наставничестве обучающихся МБОУ СШ № 7"])
    assert res.exit_code == 0, res.output
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "Приказ о закреплении наставнических пар — МБОУ «Средняя школа № 7» — "
        "Наставничество 2026-27.docx",
        "Приказ о назначении наставников — МБОУ «Средняя школа № 7» — "
        "Наставничество 2026-27.docx"]
    text = "\n".join(p.text for p in Document(str(out / names[0])).paragraphs)
    assert "Положением о наставничестве обучающихся МБОУ СШ № 7" in text
    assert "Васильеву Елену Игоревну, заместителя директора по УВР" in text
    bad = runner.invoke(app, ["orders", result, "--bank", bank, "--programme", programme,
                              "--out-dir", str(out), "--kind", "thanks"])
    assert bad.exit_code == 2 and "thanks" in bad.output


def test_export_uses_the_key_from_the_environment(files):
    tmp, result, bank, programme = files
    out = tmp / "x.json"
    res = runner.invoke(app, ["export", result, "--bank", bank, "--programme", programme,
                              "--out", str(out)], env={"MATCHER_EXPORT_KEY": "секрет"})
    assert res.exit_code == 0, res.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert Pseudonymiser("секрет").person("T3") in {p["id"] for p in doc["participants"]}


def test_export_refuses_another_format(files):
    tmp, result, bank, _ = files
    res = runner.invoke(app, ["export", result, "--bank", bank, "--key", "k", "--out",
                              str(tmp / "x.xlsx")])
    assert res.exit_code == 2  # a usage error
    assert not (tmp / "x.xlsx").exists()


def test_a_result_naming_people_not_in_the_bank_exits_1(files):
    tmp, result, _, programme = files
    small = tmp / "small.json"
    kept = (BANK.get("T2"), BANK.get("T6"))  # no wishes naming the people left out
    write_bank(BANK.model_copy(update={"participants": kept, "conflicts": ()}), small)
    res = runner.invoke(app, ["report", result, "--bank", str(small), "--programme", programme])
    assert res.exit_code == 1
    assert "не найден в банке" in res.output


def test_an_unreadable_result_exits_2(files):
    tmp, _, bank, _ = files
    bad = tmp / "bad.json"
    bad.write_text("{\"not\": \"a result\"}", encoding="utf-8")
    res = runner.invoke(app, ["report", str(bad), "--bank", bank])
    assert res.exit_code == 2
    assert "не результат подбора" in res.output
    res = runner.invoke(app, ["report", str(tmp / "missing.json"), "--bank", bank])
    assert res.exit_code == 2
