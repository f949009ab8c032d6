"""Bank files: read and write the bank as JSON, CSV or XLSX, checking every row.

`read_bank(path)` picks the format by extension and returns an `ImportReport`: the bank of the
good rows and a list of `RowProblem`s (row as a spreadsheet shows it, column as written,
value, Russian message, severity). A file that cannot be read at all raises `UnreadableFile`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matcher.bank_io.columns import COLUMNS, CONFLICT_COLUMNS, Column
from matcher.bank_io.csv_io import read_csv, write_csv
from matcher.bank_io.json_io import read_json, write_json
from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits, FileTooLarge
from matcher.bank_io.report import ERROR, WARNING, ImportReport
from matcher.bank_io.xlsx_io import read_xlsx, write_xlsx
from matcher.errors import UnreadableFile
from matcher.messages import message
from matcher.model import Bank, Programme
from matcher.topics import programme_taxonomy, using_taxonomy

FORMATS = ("json", "csv", "xlsx")


def detect_format(path: str | Path) -> str:
    """`json`, `csv` or `xlsx` from the file extension; UnreadableFile for anything else."""
    ext = Path(path).suffix.lower().lstrip(".")
    if ext in ("xlsx", "xlsm"):
        return "xlsx"
    if ext in ("csv", "txt"):
        return "csv"
    if ext == "json":
        return "json"
    raise UnreadableFile(str(path), message("read.unknown_format", ext=ext))


def read_bank(path: str | Path, *, at: date | None = None,
              limits: FileLimits = DEFAULT_LIMITS,
              programme: Programme | None = None) -> ImportReport:
    """Read and check a bank file of any supported format; `at` dates the age and consent
    checks (default: today). A file past `limits` is refused (`FileTooLarge`) before it can
    exhaust memory. With a `programme`, topics are read against the built-in taxonomy plus
    the programme's own topics (`Programme.topics`)."""
    with using_taxonomy(programme_taxonomy(programme)):
        return _read_bank(path, at=at, limits=limits)


def _read_bank(path: str | Path, *, at: date | None, limits: FileLimits) -> ImportReport:
    fmt = detect_format(path)
    if not Path(path).is_file():
        raise UnreadableFile(str(path), message("read.not_found"))
    if fmt == "json":
        return read_json(path, at=at, limits=limits)
    if fmt == "csv":
        return read_csv(path, at=at, limits=limits)
    return read_xlsx(path, at=at, limits=limits)


def write_bank(bank: Bank, path: str | Path, *, template: bool = False) -> None:
    """Write the bank in the format the extension names; `template` adds XLSX help."""
    fmt = detect_format(path)
    if fmt == "xlsx":
        write_xlsx(bank, path, template=template)
    elif fmt == "csv":
        write_csv(bank, path)
    else:
        write_json(bank, path)


__all__ = [
    "COLUMNS",
    "CONFLICT_COLUMNS",
    "DEFAULT_LIMITS",
    "ERROR",
    "FORMATS",
    "WARNING",
    "Column",
    "FileLimits",
    "FileTooLarge",
    "ImportReport",
    "detect_format",
    "read_bank",
    "read_csv",
    "read_json",
    "read_xlsx",
    "write_bank",
    "write_csv",
    "write_json",
    "write_xlsx",
]
