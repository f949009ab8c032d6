"""Adapter from uploaded bank files to the import use case, through `matcher.bank_io`.

`matcher.bank_io.read_bank` reads a path, so the upload is written to a temporary file under
its own (sanitised) name first. The library checks every row (types, ages, duplicates, wish
targets, consents); the service then checks what only the store knows (registered
organisations, ids taken elsewhere) in `services.import_participants`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from matcher.bank_io import FORMATS, detect_format, read_bank
from matcher.bank_io.report import WARNING
from matcher.errors import RowProblem, UnreadableFile
from service.errors import UnsupportedFile
from service.services import ParsedRow

ROW_UNKNOWN = 0  # bank_io's report does not say which row a good participant came from


@dataclass(frozen=True)
class ParsedUpload:
    rows: list[ParsedRow]
    problems: list[RowProblem]
    rows_read: int


def read_upload(filename: str, content: bytes) -> ParsedUpload:
    """Parse an uploaded JSON, CSV or XLSX bank; `UnreadableFile` names the upload, not the
    temporary path; an unknown extension is `UnsupportedFile`."""
    name = PurePath(filename or "upload").name or "upload"
    try:
        fmt = detect_format(name)
    except UnreadableFile as exc:
        raise UnsupportedFile(name=name) from exc
    if fmt not in FORMATS:
        raise UnsupportedFile(name=name)
    with tempfile.TemporaryDirectory(prefix="nastavnik-import-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            report = read_bank(path)
        except UnreadableFile as exc:
            raise UnreadableFile(name, exc.reason) from exc
    problems = list(report.problems)
    if report.bank.conflicts:
        problems.append(RowProblem(
            ROW_UNKNOWN, "conflicts", str(len(report.bank.conflicts)),
            "Конфликты между участниками пока не сохраняются сервисом и пропущены", WARNING,
        ))
    rows = [ParsedRow(ROW_UNKNOWN, p) for p in report.bank.participants]
    return ParsedUpload(rows=rows, problems=problems, rows_read=report.rows_read)
