"""Rows and headers shared by CSV and XLSX: find the header, read rows, write rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matcher.bank_io.cells import CellValue, text
from matcher.bank_io.checks import ParsedConflict, finish
from matcher.bank_io.columns import (
    COLUMNS,
    CONFLICT_COLUMNS,
    REQUIRED,
    Column,
    find_column,
    find_conflict_column,
)
from matcher.bank_io.report import ERROR, WARNING, ImportReport
from matcher.bank_io.rows import RowReader, write_row
from matcher.errors import RowProblem, UnreadableFile
from matcher.messages import message
from matcher.model import Bank, Conflict

HEADER_SEARCH_ROWS = 5  # a title line or two above the header is tolerated


@dataclass
class Table:
    """The raw cells of one sheet, each row with the number a spreadsheet shows for it."""

    rows: list[tuple[int, list[CellValue]]]


@dataclass
class Header:
    """Where the header is and which column index holds which key."""

    row: int
    by_index: dict[int, Column]
    written: dict[str, str]  # key -> header text as written
    problems: list[RowProblem]


def find_header(table: Table, source: str, *, conflicts: bool = False) -> Header:
    """The first row among the top few that names the required columns; else UnreadableFile."""
    lookup = find_conflict_column if conflicts else find_column
    required = [c for c in CONFLICT_COLUMNS if c.required] if conflicts else list(REQUIRED)
    for number, cells in table.rows[:HEADER_SEARCH_ROWS]:
        found = {i: lookup(text(v)) for i, v in enumerate(cells) if text(v)}
        known = {i: c for i, c in found.items() if c is not None}
        if len(known) < 2:
            continue
        keys = {c.key for c in known.values()}
        missing = [c.header for c in required if c.key not in keys
                   and not (c.key == "role" and "position" in keys)]  # a role from the title
        if missing:
            raise UnreadableFile(source, message(
                "read.header_missing_columns", columns=", ".join(f"«{m}»" for m in missing)))
        return _header(number, cells, known)
    raise UnreadableFile(source, message("read.no_conflict_header" if conflicts
                                         else "read.no_header"))


def _header(number: int, cells: Sequence[CellValue], known: dict[int, Column]) -> Header:
    by_index: dict[int, Column] = {}
    written: dict[str, str] = {}
    problems: list[RowProblem] = []
    for i, v in enumerate(cells):
        name = text(v)
        if not name:
            continue
        col = known.get(i)
        if col is None:
            problems.append(RowProblem(number, name, "",
                                       message("check.unknown_column", name=name), WARNING))
        elif col.key in written:
            problems.append(RowProblem(number, name, "", message(
                "check.repeated_column", name=name, first=written[col.key]), WARNING))
        else:
            by_index[i] = col
            written[col.key] = name
    return Header(number, by_index, written, problems)


def _data_rows(table: Table, header: Header) -> list[tuple[int, dict[str, CellValue]]]:
    """Rows below the header as {key: cell}; wholly empty rows are skipped."""
    out = []
    for number, cells in table.rows:
        if number <= header.row:
            continue
        keyed = {header.by_index[i].key: v for i, v in enumerate(cells)
                 if i in header.by_index and text(v) != ""}
        if keyed:
            out.append((number, keyed))
    return out


def import_tables(
    people: Table, conflicts: Table | None, *, source: str, at: date
) -> ImportReport:
    """Parse and check a participants table (and a conflicts table if there is one)."""
    header = find_header(people, source)
    reader = RowReader(header.written)
    rows = [reader.read(n, cells) for n, cells in _data_rows(people, header)]
    parsed_conflicts: list[ParsedConflict] = []
    conflict_written: dict[str, str] = {}
    if conflicts is not None and any(any(text(v) for v in r) for _, r in conflicts.rows):
        c_header = find_header(conflicts, source, conflicts=True)
        conflict_written = c_header.written
        header.problems.extend(c_header.problems)
        parsed_conflicts = [_read_conflict(n, cells, conflict_written)
                            for n, cells in _data_rows(conflicts, c_header)]
    report = finish(rows, parsed_conflicts, at=at, column=reader.column,
                    conflict_column=lambda k: _conflict_column(k, conflict_written),
                    source=source)
    report.problems[:0] = header.problems
    return report


def _conflict_column(key: str, written: dict[str, str]) -> str:
    head = written.get(key) or next(c.header for c in CONFLICT_COLUMNS if c.key == key)
    return f"{CONFLICT_SHEET_PREFIX}{head}"


CONFLICT_SHEET_PREFIX = "Конфликты: "


def _read_conflict(
    row: int, cells: dict[str, CellValue], written: dict[str, str]
) -> ParsedConflict:
    a, b, note = (text(cells.get(k)) for k in ("a", "b", "note"))
    out = ParsedConflict(row, None)
    for key, value in (("a", a), ("b", b)):
        if not value:
            out.problems.append(RowProblem(row, _conflict_column(key, written), "",
                                           message("check.conflict_no_id"), ERROR))
    if a and a == b:
        out.problems.append(RowProblem(row, _conflict_column("b", written), b,
                                       message("check.conflict_self"), ERROR))
    if not out.problems:
        out.conflict = Conflict(a=a, b=b, note=note)
    return out


# ---- writing -------------------------------------------------------------------------------


def header_row() -> list[str]:
    return [c.header for c in COLUMNS]


def bank_rows(bank: Bank) -> list[list[CellValue]]:
    """One list of cells per participant, in column order (None for an empty cell)."""
    out = []
    for p in bank.participants:
        cells = write_row(p)
        out.append([cells.get(c.key) for c in COLUMNS])
    return out


def conflict_rows(bank: Bank) -> list[list[CellValue]]:
    return [[c.a, c.b, c.note or None] for c in bank.conflicts]


def conflict_header() -> list[str]:
    return [c.header for c in CONFLICT_COLUMNS]

