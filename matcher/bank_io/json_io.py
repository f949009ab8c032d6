"""Bank as JSON: the pydantic `Bank` ({"participants": [...], "conflicts": [...]}).

Each participant and conflict is validated on its own so that good ones are kept; a problem's
row is the item's 1-based position in its list and its column the pydantic field path
(`mentor.capacity_mentees`, `consents.0.revoked`; conflicts as `conflicts.a`).
"""

from __future__ import annotations

import json
import re
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from matcher.bank_io.cells import read_enum_fields, text
from matcher.bank_io.checks import ParsedConflict, finish
from matcher.bank_io.limits import (
    DEFAULT_LIMITS,
    FileLimits,
    FileTooLarge,
    both,
    check_size,
)
from matcher.bank_io.merge import REQUIRED_KEYS, is_clear_marker
from matcher.bank_io.problems import model_column, russian
from matcher.bank_io.report import ERROR, WARNING, ImportReport, ParsedRow
from matcher.bank_io.topic_check import check_topics
from matcher.errors import RowProblem, UnreadableFile
from matcher.messages import message
from matcher.model import Bank, Conflict, Form, Kind, MeetingFormat, Participant

TOP_KEYS = ("participants", "conflicts")


STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
BRACKETS = re.compile(rb"[\[\]{}]")


def check_nesting(raw: bytes, source: str, limits: FileLimits) -> None:
    """Refuse JSON with more objects and lists, or deeper nesting, than `limits` allow,
    before it is parsed: strings are blanked out, the brackets counted (at C speed), and only
    then walked for depth, so the walk is bounded by `max_json_containers`."""
    bare = STRINGS.sub(b'""', raw)
    containers = bare.count(b"{") + bare.count(b"[")
    if containers > limits.max_json_containers:
        raise FileTooLarge(source, "max_json_containers", containers,
                           limits.max_json_containers)
    depth = 0
    for m in BRACKETS.finditer(bare):
        depth += 1 if m.group() in (b"{", b"[") else -1
        if depth > limits.max_json_depth:
            raise FileTooLarge(source, "max_json_depth", depth, limits.max_json_depth)


def _load(path: Path, limits: FileLimits) -> Any:
    check_size(path, limits)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(str(path), e.strerror or str(e)) from e
    if not raw.strip():
        raise UnreadableFile(str(path), message("read.empty"))
    check_nesting(raw, str(path), limits)
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise UnreadableFile(str(path), message("read.not_utf8")) from e
    except json.JSONDecodeError as e:
        raise UnreadableFile(str(path), message("read.not_json", detail=e.msg,
                                                line=e.lineno)) from e
    except RecursionError as e:
        raise UnreadableFile(str(path), both("read.too_deep")) from e
    except ValueError as e:  # a number longer than Python's limit on integer digits
        raise UnreadableFile(str(path), both("read.number_too_long")) from e


def read_json(path: str | Path, *, at: date | None = None,
              limits: FileLimits = DEFAULT_LIMITS) -> ImportReport:
    """Read and check a JSON bank within `limits`; a bare list is taken as the participants."""
    path = Path(path)
    data = _load(path, limits)
    if isinstance(data, list):
        data = {"participants": data}
    if not isinstance(data, dict) or not isinstance(data.get("participants", []), list):
        raise UnreadableFile(str(path), message("read.not_bank"))
    top_problems = [
        RowProblem(0, key, "", message("check.unknown_section", key=key), WARNING)
        for key in data if key not in TOP_KEYS
    ]
    rows = [_participant(i, item) for i, item in enumerate(data.get("participants", []), 1)]
    conflicts_raw = data.get("conflicts", [])
    if not isinstance(conflicts_raw, list):
        raise UnreadableFile(str(path), message("read.conflicts_not_list"))
    conflicts = [_conflict(i, item) for i, item in enumerate(conflicts_raw, 1)]
    report = finish(rows, conflicts, at=at or date.today(), column=json_column,
                    conflict_column=lambda k: f"conflicts.{k}", source=str(path))
    report.problems[:0] = top_problems
    return report


def json_column(key: str) -> str:
    """The JSON field path for a column key (all consents live in `consents`)."""
    return "consents" if key.startswith("consent.") else key


def _path(loc: tuple[int | str, ...], err: Any) -> str:
    if not loc:
        return model_column(err) or ""
    return ".".join(str(part) for part in loc)


def _fields(item: dict[str, Any]) -> tuple[dict[str, Any], frozenset[str], frozenset[str]]:
    """The item without its nulls, the keys it gives and those it clears: a key left out
    changes nothing on re-import, `null` (or «—») clears it (see bank_io.merge)."""
    given: set[str] = set()
    cleared: set[str] = set()
    kept: dict[str, Any] = {}
    for key, value in item.items():
        if key != "id" and (value is None or (isinstance(value, str) and value.strip()
                                               and is_clear_marker(value))):
            cleared.add(key)
            continue
        kept[key] = value
        given.add(key)
        if key in ("mentor", "mentee") and isinstance(value, dict):
            given.update(f"{key}.{sub}" for sub in value)
    return kept, frozenset(given), frozenset(cleared)


def _participant(row: int, item: Any) -> ParsedRow:
    pid = text(item.get("id")) if isinstance(item, dict) else ""
    given: frozenset[str] = frozenset()
    cleared: frozenset[str] = frozenset()
    if isinstance(item, dict):
        item, given, cleared = _fields(item)
        required = sorted(cleared & REQUIRED_KEYS)
        if required:
            return ParsedRow(row, pid, None, [
                RowProblem(row, key, "null", message("import.clear_required"), ERROR, pid)
                for key in required])
    words: list[tuple[str, str, str]] = []
    if isinstance(item, dict):
        item = dict(item)
        words = read_enum_fields(item)  # as a spreadsheet's cells are read
    word_problems = [RowProblem(row, key, value, text, ERROR, pid) for key, value, text in words]
    try:
        participant, unknown = check_topics(Participant.model_validate(item))
        if word_problems:
            return ParsedRow(row, pid, None, word_problems)
        if unknown:
            return ParsedRow(row, pid, None, [RowProblem(row, name, value, text, ERROR, pid)
                                              for name, value, text in unknown])
        return ParsedRow(row, pid, participant, given=given, cleared=cleared)
    except ValidationError as e:
        worded = {key for key, _, _ in words}
        problems = word_problems + [
            RowProblem(row, _path(err["loc"], err), _short(err.get("input")),
                       russian(err, str(err["loc"][0]) if err["loc"] else ""), ERROR, pid)
            for err in e.errors() if not (err["loc"] and err["loc"][0] in worded)
        ]
        return ParsedRow(row, pid, None, problems)


def _conflict(row: int, item: Any) -> ParsedConflict:
    try:
        return ParsedConflict(row, Conflict.model_validate(item))
    except ValidationError as e:
        return ParsedConflict(row, None, [
            RowProblem(row, "conflicts." + _path(err["loc"], err), _short(err.get("input")),
                       russian(err, ""), ERROR)
            for err in e.errors()
        ])


def _short(value: Any) -> str:
    """A cell-sized rendering of an offending JSON value."""
    s = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return s if len(s) <= 80 else s[:77] + "…"


# ---- writing -------------------------------------------------------------------------------

_SET_FIELDS: dict[tuple[str, ...], type[StrEnum]] = {
    ("formats",): MeetingFormat,
    ("mentor", "forms"): Form,
    ("mentor", "kinds"): Kind,
    ("mentee", "forms"): Form,
    ("mentee", "kinds"): Kind,
}


def bank_dict(bank: Bank) -> dict[str, Any]:
    """The bank as JSON-ready data with sets in enum order, so the file is deterministic."""
    data = bank.model_dump(mode="json")
    for p in data["participants"]:
        for path, cls in _SET_FIELDS.items():
            holder = p
            for part in path[:-1]:
                holder = holder.get(part) or {}
            if path[-1] in holder:
                order = [m.value for m in cls]
                holder[path[-1]] = sorted(holder[path[-1]], key=order.index)
    return data


def dumps(bank: Bank) -> str:
    return json.dumps(bank_dict(bank), ensure_ascii=False, indent=2) + "\n"


def write_json(bank: Bank, path: str | Path) -> None:
    Path(path).write_text(dumps(bank), encoding="utf-8")
