"""Bank as CSV: UTF-8 with BOM and ";" when written (Excel opens Cyrillic right away);
read with or without BOM (or in Windows-1251), with ";", "," or tab as the delimiter.

A CSV holds one table, so conflicts go to a sibling file `<name>.conflicts.csv` with the
columns "ID 1", "ID 2", "Примечание"; it is read when present.
"""

from __future__ import annotations

import codecs
import csv
import io
from datetime import date
from pathlib import Path

from matcher.bank_io.cells import CellValue, text
from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits, RowCounter, both, check_size
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
from matcher.spreadsheet_safety import csv_row, csv_text, unquote_csv

WRITE_DELIMITER = ";"
ENCODINGS = ("utf-8-sig", "cp1251")  # Russian Excel saves "CSV" in Windows-1251
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"))  # UTF-32 is not offered by Excel; not read


def conflicts_path(path: Path) -> Path:
    """`bank.csv` -> `bank.conflicts.csv`."""
    return path.with_name(f"{path.stem}.conflicts.csv")


def decode(data: bytes, source: str) -> str:
    """The text of a CSV file; binary data or an empty file is refused whole. A byte-order
    mark says the encoding (UTF-8, UTF-16 LE or BE: Excel's "Unicode text" is UTF-16);
    without one, UTF-8 then Windows-1251 are tried."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                content = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise UnreadableFile(source, both("file.encoding")) from e
            if "\x00" in content:
                raise UnreadableFile(source, both("file.binary"))
            if not content.strip():
                raise UnreadableFile(source, both("file.empty"))
            return content
    if b"\x00" in data:
        raise UnreadableFile(source, both("file.binary"))
    for encoding in ENCODINGS:
        try:
            content = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if content.strip():
            return content
        raise UnreadableFile(source, message("read.empty"))
    raise UnreadableFile(source, both("file.encoding"))


def sniff_delimiter(content: str) -> str:
    """The delimiter of the header line: whichever of ";", "," and tab occurs most."""
    first = content.lstrip("\ufeff").splitlines()[0]
    return max((";", ",", "\t"), key=first.count)


def parse_table(content: str, source: str, limits: FileLimits = DEFAULT_LIMITS) -> Table:
    """The rows of a CSV text, counted against `limits` as they are read."""
    delimiter = sniff_delimiter(content)
    counter = RowCounter(source, limits)
    rows: list[tuple[int, list[CellValue]]] = []
    try:
        for i, r in enumerate(csv.reader(io.StringIO(content), delimiter=delimiter), start=1):
            counter.add(len(r))
            rows.append((i, [unquote_csv(c) for c in r]))
    except csv.Error as e:
        raise UnreadableFile(source, message("read.broken_csv", detail=e)) from e
    return Table(rows)


def read_table(path: Path, limits: FileLimits = DEFAULT_LIMITS) -> Table:
    check_size(path, limits)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(str(path), e.strerror or str(e)) from e
    return parse_table(decode(data, str(path)), str(path), limits)


def read_csv(path: str | Path, *, at: date | None = None,
             limits: FileLimits = DEFAULT_LIMITS) -> ImportReport:
    """Read and check a CSV bank (and its conflicts file if present), within `limits`."""
    path = Path(path)
    people = read_table(path, limits)
    side = conflicts_path(path)
    conflicts = read_table(side, limits) if side.exists() else None
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
