"""One guard against formula injection (CSV/XLSX injection) for every spreadsheet we write.

A name or a free-text answer from an imported bank may start with `=`, `+`, `-`, `@`, a tab or a
carriage return; a spreadsheet program would run such a cell as a formula (`=HYPERLINK(...)`
can send the neighbouring cells, children's names among them, to another server). Following
OWASP's CSV-injection guidance, such text is written as text:

- in CSV, prefixed with a single quote (`'=…`), which spreadsheet programs show and never run;
- in XLSX, as a string cell marked with Excel's own quote prefix (what Excel stores when a
  person types `'=…`), so the value reads back unchanged and is never a formula.

Only text is touched: numbers (a negative score, a count) stay numbers. `defusedcsv` (PyPI)
wraps the `csv` module alone and does not cover XLSX, so one small module serves both.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"

T = TypeVar("T")


def is_dangerous(value: object) -> bool:
    """True for text a spreadsheet program would take as the start of a formula."""
    return isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES)


def csv_text(value: T) -> T | str:
    """`value` made safe for a CSV cell: dangerous text gets a leading single quote."""
    if is_dangerous(value):
        return QUOTE + value  # type: ignore[operator]
    return value


def csv_row(values: Iterable[T]) -> list[T | str]:
    """Every cell of one CSV row through `csv_text`."""
    return [csv_text(v) for v in values]


def unquote_csv(value: str) -> str:
    """The inverse of `csv_text` for a bank read back: `'=x` → `=x`; other text unchanged."""
    if value.startswith(QUOTE) and is_dangerous(value[1:]):
        return value[1:]
    return value


def guard_xlsx_cell(cell: Cell) -> None:
    """Keep an openpyxl cell holding dangerous text a plain string, never a formula."""
    if is_dangerous(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def guard_workbook(wb: Workbook) -> None:
    """`guard_xlsx_cell` on every cell of every sheet: call it right before `wb.save`."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell, Cell):
                    guard_xlsx_cell(cell)
