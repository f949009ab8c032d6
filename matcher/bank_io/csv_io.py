"""Bank as CSV: UTF-8 with BOM and ";" when written (Excel opens Cyrillic right away);
read with or without BOM (or in Windows-1251), with ";", "," or tab as the delimiter.

A CSV holds one table, so conflicts go to a sibling file `<name>.conflicts.csv` with the
columns "ID 1", "ID 2", "Примечание"; it is read when present.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from matcher.bank_io.cells import CellValue, text
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
from matcher.model import Bank
from matcher.spreadsheet_safety import csv_row, csv_text, unquote_csv

WRITE_DELIMITER = ";"
ENCODINGS = ("utf-8-sig", "cp1251")  # Russian Excel saves "CSV" in Windows-1251


def conflicts_path(path: Path) -> Path:
    """`bank.csv` -> `bank.conflicts.csv`."""
    return path.with_name(f"{path.stem}.conflicts.csv")


def decode(data: bytes, source: str) -> str:
    """The text of a CSV file; binary data or an empty file is refused whole."""
    if b"\x00" in data:
        raise UnreadableFile(source, "это не текстовый файл CSV (двоичные данные)")
    for encoding in ENCODINGS:
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if content.strip():
            return content
        raise UnreadableFile(source, "файл пуст")
    raise UnreadableFile(source, "неизвестная кодировка (сохраните файл в UTF-8)")


def sniff_delimiter(content: str) -> str:
    """The delimiter of the header line: whichever of ";", "," and tab occurs most."""
    first = content.lstrip("\ufeff").splitlines()[0]
    return max((";", ",", "\t"), key=first.count)


def parse_table(content: str, source: str) -> Table:
    delimiter = sniff_delimiter(content)
    try:
        records = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    except csv.Error as e:
        raise UnreadableFile(source, f"испорченный CSV: {e}") from e
    return Table([(i, [unquote_csv(c) for c in r]) for i, r in enumerate(records, start=1)])


def read_table(path: Path) -> Table:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(str(path), e.strerror or str(e)) from e
    return parse_table(decode(data, str(path)), str(path))


def read_csv(path: str | Path, *, at: date | None = None) -> ImportReport:
    """Read and check a CSV bank (and its conflicts file if present)."""
    path = Path(path)
    people = read_table(path)
    side = conflicts_path(path)
    conflicts = read_table(side) if side.exists() else None
    return import_tables(people, conflicts, source=str(path), at=at or date.today())


def _cell(v: CellValue) -> str:
    """CSV text of a cell: dates as ДД.ММ.ГГГГ, decimals with a comma; text that a
    spreadsheet would run as a formula gets a leading quote (read back without it)."""
    if isinstance(v, float):
        return text(v).replace(".", ",")
    if isinstance(v, str):
        return csv_text(text(v))
    return text(v)


def render(header: list[str], rows: list[list[CellValue]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=WRITE_DELIMITER, lineterminator="\r\n")
    writer.writerow(csv_row(header))
    writer.writerows([_cell(v) for v in r] for r in rows)
    return buf.getvalue()


def write_csv(bank: Bank, path: str | Path) -> None:
    """Write the bank as CSV; conflicts (if any, or if a stale file exists) to the sibling."""
    path = Path(path)
    path.write_text(render(header_row(), bank_rows(bank)), encoding="utf-8-sig", newline="")
    side = conflicts_path(path)
    if bank.conflicts or side.exists():
        side.write_text(render(conflict_header(), conflict_rows(bank)), encoding="utf-8-sig",
                        newline="")
