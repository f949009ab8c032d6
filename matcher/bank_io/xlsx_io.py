"""Bank as XLSX (openpyxl): sheet "Банк" with one row per participant, sheet "Конфликты",
and, in templates, a "Справка" sheet, header notes and dropdowns for one-value columns."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from matcher.bank_io.cells import CellValue, text
from matcher.bank_io.columns import COLUMNS, CONFLICT_COLUMNS, CONFLICT_SHEET, Column
from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits, RowCounter, check_workbook
from matcher.bank_io.report import ImportReport
from matcher.bank_io.tabular import (
    Table,
    bank_rows,
    conflict_header,
    conflict_rows,
    header_row,
    import_tables,
)
from matcher.errors import UnreadableFile
from matcher.messages import message
from matcher.model import Bank
from matcher.spreadsheet_safety import guard_workbook

BANK_SHEET = "Банк"
HELP_SHEET = "Справка"
DATE_FORMAT = "DD.MM.YYYY"
VALIDATION_ROWS = 1000  # dropdowns cover this many rows below the header


def _load(path: Path) -> Workbook:
    """The workbook, read-only with cached values instead of formulas."""
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise UnreadableFile(str(path), message("read.not_xlsx")) from e
    except OSError as e:
        raise UnreadableFile(str(path), e.strerror or str(e)) from e


def _table(ws: ReadOnlyWorksheet, source: str, limits: FileLimits) -> Table:
    """The sheet's rows, streamed: the `<dimension>` the file claims is ignored (openpyxl would
    pad every row to it), and rows, columns and cells are counted against the limits as they
    come, so a sheet that claims A1:XFD1048576 costs nothing before it is refused."""
    ws.reset_dimensions()
    counter = RowCounter(source, limits)
    rows: list[tuple[int, list[CellValue]]] = []
    # the stubs borrow Worksheet.iter_rows for the read-only sheet (same signature)
    cells: Iterator[Sequence[Any]] = ws.iter_rows(values_only=True)  # type: ignore[misc]
    for i, r in enumerate(cells, start=1):
        counter.add(len(r))
        rows.append((i, [_cell(v) for v in r]))
    return Table(rows)


def _cell(value: object) -> CellValue:
    """An openpyxl value as a cell value; a rarer one (a time, a duration, a decimal) as the
    text it prints, which is what every reader of a cell falls back to anyway."""
    if value is None or isinstance(value, str | int | float | date):
        return value
    return str(value)


def read_xlsx(path: str | Path, *, at: date | None = None,
              limits: FileLimits = DEFAULT_LIMITS) -> ImportReport:
    """Read and check an XLSX bank: the first sheet that is not conflicts or help. The
    archive is checked against `limits` before openpyxl opens it."""
    path = Path(path)
    check_workbook(path, limits)
    wb = _load(path)
    try:
        sheets = [ws for ws in wb.worksheets if ws.title not in (CONFLICT_SHEET, HELP_SHEET)]
        if not sheets:
            raise UnreadableFile(str(path), message("read.no_people_sheet"))
        people = _table(sheets[0], str(path), limits)
        conflicts = (_table(wb[CONFLICT_SHEET], str(path), limits)
                     if CONFLICT_SHEET in wb.sheetnames else None)
    finally:
        wb.close()
    if not any(any(text(v) for v in r) for _, r in people.rows):
        raise UnreadableFile(str(path), message("read.people_sheet_empty"))
    return import_tables(people, conflicts, source=str(path), at=at or date.today())


def write_xlsx(bank: Bank, path: str | Path, *, template: bool = False) -> None:
    """Write the bank; `template` adds the help sheet, header notes and dropdowns."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = BANK_SHEET
    _fill(ws, header_row(), bank_rows(bank), COLUMNS)
    _fill(wb.create_sheet(CONFLICT_SHEET), conflict_header(), conflict_rows(bank),
          CONFLICT_COLUMNS)
    if template:
        _add_notes(ws, COLUMNS)
        _add_dropdowns(ws, COLUMNS)
        _add_help(wb.create_sheet(HELP_SHEET))
    guard_workbook(wb)  # text that looks like a formula stays text
    wb.save(path)


def _fill(ws: Worksheet, header: list[str], rows: list[list[CellValue]],
          columns: tuple[Column, ...]) -> None:
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append(r)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime | date):
                cell.number_format = DATE_FORMAT
    for i, col in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(col.header) + 4))
    ws.freeze_panes = "C2" if columns is COLUMNS else "A2"


def _add_notes(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    for i, col in enumerate(columns, start=1):
        note = Comment(f"{col.help}\n(англ.: {col.alias})", "Nastavnik matcher")
        note.width, note.height = 320, 140
        ws.cell(row=1, column=i).comment = note


def _add_dropdowns(ws: Worksheet, columns: tuple[Column, ...]) -> None:
    """A list validation for each one-value enum column (Роль, Категория, Пол, Частота)."""
    for i, col in enumerate(columns, start=1):
        if not col.choices:
            continue
        letter = get_column_letter(i)
        dv = DataValidation(type="list", formula1='"' + ",".join(col.choices) + '"',
                            allow_blank=True, showErrorMessage=False)
        dv.prompt, dv.promptTitle, dv.showInputMessage = col.help[:250], col.header, True
        dv.add(f"{letter}2:{letter}{VALIDATION_ROWS + 1}")
        ws.add_data_validation(dv)


def _add_help(ws: Worksheet) -> None:
    ws.append(["Столбец", "Англ. название", "Обязательный", "Что писать"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col in COLUMNS:
        ws.append([col.header, col.alias, "да" if col.required else "", col.help])
    ws.append([])
    for line in HELP_TEXT:
        ws.append([line])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 26
    ws.column_dimensions["D"].width = 100
    for row in ws.iter_rows(min_row=2):
        row[-1].alignment = Alignment(wrap_text=True, vertical="top")


HELP_TEXT: tuple[str, ...] = (
    "Одна строка — один участник. Списки в ячейке разделяются точкой с запятой «;».",
    "Наставник — строка, где заполнен хотя бы один из столбцов «Наставник: мест», "
    "«Наставник: групп», «Формы (наставник)», «Виды (наставник)» (0 тоже считается).",
    "Наставляемый — строка с «Нужно наставников» от 1, или с пустым «Нужно наставников» и "
    "заполненным «Запросом» или «Формами/Видами (наставляемый)». 0 — не наставляемый.",
    "Даты — ДД.ММ.ГГГГ. Без действующих согласий участник остаётся в банке, но в подбор не "
    "попадает; несовершеннолетним нужно согласие родителя (законного представителя).",
    "Лист «Конфликты»: пары, которые нельзя составлять (ID 1, ID 2, примечание).",
    "Проверить файл: matcher validate ФАЙЛ.xlsx",
)
