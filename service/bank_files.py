"""Adapter from uploaded bank files to the import use case, through `matcher.bank_io`.

`matcher.bank_io.read_bank` reads a path, so the upload is written to a temporary file under
its own (sanitised) name first. The library checks every row (types, ages, duplicates, wish
targets, consents) and says which row each participant came from; the service then checks what
only the store knows (registered organisations, ids taken elsewhere) in
`services.import_participants`, which also stores the file's conflicts.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePath

from matcher.bank_io import FORMATS, detect_format, read_bank, write_bank
from matcher.bank_io.cells import CellValue, text
from matcher.bank_io.columns import BY_KEY, find_column
from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits, FileTooLarge
from matcher.bank_io.mapping import mapping_step, read_form, signature, template_csv
from matcher.errors import RowProblem, UnreadableFile
from matcher.messages import message
from matcher.model import Bank, Conflict, Programme
from service.domain import JsonDict
from service.errors import FieldError, MappingNeeded, UnsupportedFile
from service.services import ParsedRow

ROW_UNKNOWN = 0  # a participant whose row the reader did not report


def _same(key: str) -> str:
    return key


@dataclass(frozen=True)
class ParsedUpload:
    """The rows of an upload with what each row gives and clears, the reader's problems
    (without its consent warnings: the import judges consents on each person as stored, see
    `services.import_participants`), and the column names of the file."""

    rows: list[ParsedRow]
    problems: list[RowProblem]
    rows_read: int
    conflicts: tuple[Conflict, ...] = ()
    column: Callable[[str], str] = _same
    filename: str = ""


def read_upload(filename: str, content: bytes,
                limits: FileLimits = DEFAULT_LIMITS,
                programme: Programme | None = None) -> ParsedUpload:
    """Parse an uploaded JSON, CSV or XLSX bank within `limits` (a file past them is refused
    before it can exhaust memory); `UnreadableFile` names the upload, not the temporary path;
    an unknown extension is `UnsupportedFile`. With a `programme`, its own topics are known
    beside the built-in ones. Callers check the actor may import first
    (`services.require_import`): parsing is the expensive part."""
    name = PurePath(filename or "upload").name or "upload"
    try:
        fmt = detect_format(name)
    except UnreadableFile as exc:
        raise UnsupportedFile(name=name) from exc
    if fmt not in FORMATS:
        raise UnsupportedFile(name=name)
    if len(content) > limits.max_bytes:
        raise FileTooLarge(name, "max_bytes", len(content), limits.max_bytes)
    with tempfile.TemporaryDirectory(prefix="nastavnik-import-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            report = read_bank(path, limits=limits, programme=programme)
        except FileTooLarge as exc:
            raise FileTooLarge(name, exc.limit, exc.value, exc.maximum) from exc
        except UnreadableFile as exc:
            raise UnreadableFile(name, exc.reason) from exc
    rows = [ParsedRow(report.row_of.get(p.id, ROW_UNKNOWN), p,
                      given=report.given.get(p.id), cleared=report.cleared.get(p.id, frozenset()))
            for p in report.bank.participants]
    notes = {id(n) for ns in report.consent_notes.values() for n in ns}
    return ParsedUpload(rows=rows, problems=[p for p in report.problems if id(p) not in notes],
                        rows_read=report.rows_read, conflicts=report.bank.conflicts,
                        column=report.column, filename=name)


def _is_ours(rows: list[list[CellValue]]) -> bool:
    """A file in our template: one of its first rows is mostly our headers."""
    for row in rows[:10]:
        names = [text(h) for h in row if text(h)]
        known = sum(find_column(h) is not None for h in names)
        if names and known >= max(2, 0.6 * len(names)):
            return True
    return False


def mapped_upload(
    filename: str, content: bytes, limits: FileLimits, *, given: JsonDict | None,
    remembered: Callable[[str], JsonDict | None], remember: Callable[[str, JsonDict], None],
    prefill: JsonDict | None = None,
) -> tuple[str, bytes]:
    """A questionnaire export (CSV or XLSX whose columns are not ours) as a CSV file of our
    template, by the mapping `given` (then remembered) or the one remembered for the form;
    `MappingNeeded` with a suggested field per column and a topic per unknown answer when
    there is neither (its unknown answers are those of the topic columns `prefill` chose, if
    given: a mapping coming back to the curator). Any other file is returned as it is."""
    name = PurePath(filename or "upload").name or "upload"
    if PurePath(name).suffix.lower() not in (".csv", ".xlsx") or len(content) > limits.max_bytes:
        return filename, content
    with tempfile.TemporaryDirectory(prefix="nastavnik-form-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(content)
        try:
            rows = read_form(path, limits, head=10)  # a large bank: its first rows only
            if rows is None or _is_ours(rows):
                return filename, content
            rows = read_form(path, limits)
        except FileTooLarge as exc:
            raise FileTooLarge(name, exc.limit, exc.value, exc.maximum) from exc
        except UnreadableFile as exc:
            raise UnreadableFile(name, exc.reason) from exc
    if rows is None:
        return filename, content
    header, body = rows[0], rows[1:]
    form = signature(header)
    chosen = given or remembered(form)
    if chosen is None:
        raise _mapping_needed(header, body, _columns(prefill) if prefill else None)
    columns = _columns(chosen)
    topics = {str(k): str(v) for k, v in dict(chosen.get("topics") or {}).items()}
    if given is not None:
        remember(form, {"columns": {str(k): v for k, v in columns.items()}, "topics": topics})
    return PurePath(name).stem + ".csv", template_csv(header, body, columns, topics)


def _columns(mapping: JsonDict) -> dict[int, str]:
    return {int(k): str(v) for k, v in dict(mapping.get("columns") or {}).items()
            if str(k).isdigit()}


def _mapping_needed(header: list[CellValue], body: list[list[CellValue]],
                    chosen: dict[int, str] | None) -> MappingNeeded:
    errors = []
    step = mapping_step(header, body, chosen)
    for s in step.columns:
        label = BY_KEY[s.key].header if s.key else message("mapping.leave_out")
        label_en = s.key or message("mapping.leave_out", "en")
        errors.append(FieldError(
            field=f"columns.{s.index}", value=s.key,
            message=message("mapping.column", header=s.header, field=label),
            message_en=message("mapping.column", "en", header=s.header, field=label_en),
            severity="suggestion"))
    for t in step.topics:
        hint = (message("mapping.topic", label=t.label) if t.topic_id
                else message("mapping.topic_unknown"))
        errors.append(FieldError(field=f"topics.{t.value}", value=t.topic_id or "",
                                 message=hint, severity="suggestion"))
    return MappingNeeded(errors=errors, step=step, count=len(header))


MEDIA_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def bank_file(bank: Bank, fmt: str) -> bytes:
    """The bank as a file in our template (`xlsx` with the conflicts sheet, or `csv` of the
    participants), ready to be edited and imported again."""
    if fmt not in MEDIA_TYPES:
        raise UnsupportedFile(name=f"bank.{fmt}")
    with tempfile.TemporaryDirectory(prefix="nastavnik-export-") as tmp:
        path = Path(tmp) / f"bank.{fmt}"
        write_bank(bank, path)
        return path.read_bytes()
