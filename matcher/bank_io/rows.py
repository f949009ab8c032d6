"""One spreadsheet row <-> one Participant.

Mentor and mentee rules (the same on reading and writing, so files round-trip):
- a row is in the mentors' bank when any of "Наставник: мест", "Наставник: групп",
  "Формы (наставник)", "Виды (наставник)" is filled (a `0` counts as filled);
- a row is in the mentees' bank when "Нужно наставников" is 1 or more, or when it is empty and
  any of "Запрос", "Формы (наставляемый)", "Виды (наставляемый)" is filled; `0` there means
  "not a mentee" (the request is kept as information only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from matcher.bank_io.cells import (
    CellError,
    CellValue,
    format_enum,
    format_enum_set,
    format_float,
    format_levels,
    format_ranked_topics,
    format_slots,
    format_str_list,
    format_wishes,
    parse_date,
    parse_enum,
    parse_enum_set,
    parse_float,
    parse_int,
    parse_levels,
    parse_ranked_topics,
    parse_slots,
    parse_str_list,
    parse_wishes,
    parse_year,
    split_list,
    text,
)
from matcher.bank_io.columns import BY_KEY, consent_key
from matcher.bank_io.merge import REQUIRED_KEYS, is_clear_marker
from matcher.bank_io.positions import parse_position
from matcher.bank_io.problems import model_column, russian
from matcher.bank_io.report import ERROR, WARNING, ParsedRow
from matcher.errors import RowProblem
from matcher.messages import message
from matcher.model import (
    Category,
    ConsentKind,
    Form,
    Frequency,
    Gender,
    Kind,
    MeetingFormat,
    Participant,
    Role,
    StudentModel,
)

MENTOR_KEYS = ("mentor.capacity_mentees", "mentor.capacity_groups", "mentor.forms", "mentor.kinds",
               "mentor.student_models")
MENTEE_KEYS = ("mentee.forms", "mentee.kinds")


def _text_cell(v: CellValue) -> str:
    return text(v)


# Participant fields that come from one cell each: key -> parser.
FIELD_PARSERS: dict[str, Callable[[CellValue], Any]] = {
    "id": _text_cell,
    "full_name": _text_cell,
    "role": lambda v: parse_enum(Role, v),
    "position": _text_cell,
    "organisation": _text_cell,
    "site": _text_cell,
    "department": _text_cell,
    "birth_year": parse_year,
    "gender": lambda v: parse_enum(Gender, v),
    "subjects": parse_str_list,
    "category": lambda v: parse_enum(Category, v),
    "experience_years": parse_float,
    "years_in_organisation": parse_float,
    "grade": parse_int,
    "course": parse_int,
    "digital_level": parse_int,
    "competencies": lambda v: parse_levels(v, what="Уровень"),
    "requests": lambda v: parse_levels(v, what="Приоритет"),
    "competency_ranks": parse_ranked_topics,
    "request_ranks": parse_ranked_topics,
    "experience_text": _text_cell,
    "difficulties_text": _text_cell,
    "interests": parse_str_list,
    "free_slots": parse_slots,
    "formats": lambda v: parse_enum_set(MeetingFormat, v),
    "meeting_frequency": lambda v: parse_enum(Frequency, v),
    "wishes": parse_wishes,
    "priority": parse_int,
    "email": _text_cell,
}

NESTED_PARSERS: dict[str, Callable[[CellValue], Any]] = {
    "mentor.capacity_mentees": parse_int,
    "mentor.capacity_groups": parse_int,
    "mentor.forms": lambda v: parse_enum_set(Form, v),
    "mentor.kinds": lambda v: parse_kinds(v),
    "mentor.student_models": lambda v: parse_enum_set(StudentModel, v),
    "mentee.forms": lambda v: parse_enum_set(Form, v),
    "mentee.kinds": lambda v: parse_kinds(v),
    "mentee.mentors_wanted": parse_int,
}

_NOT_REVOKED = {"", "—", "-", "нет"}


def parse_kinds(value: CellValue) -> frozenset[Kind] | tuple[frozenset[Kind], Form]:
    """Kinds of mentoring; the seeds list «реверсивное» among the kinds (000, 003, 004) while
    the product models it as a form, so it comes back as (the other kinds, the reverse form)
    for the reader to move into the forms."""
    try:
        return parse_enum_set(Kind, value)
    except CellError:
        items = [i for i in split_list(text(value), commas=True)
                 if not _is_reverse(i)]
        if len(items) == len(split_list(text(value), commas=True)):
            raise
        return parse_enum_set(Kind, "; ".join(items)) if items else frozenset(), Form.reverse


def _is_reverse(item: str) -> bool:
    try:
        return parse_enum(Form, item) == Form.reverse
    except CellError:
        return False


def _move_reverse(nested: dict[str, Any]) -> None:
    """«реверсивное» written as a kind becomes the reverse form, added to the forms named (no
    forms named means any form, which includes it); the kind is one to one unless others are
    named."""
    for side in ("mentor", "mentee"):
        value = nested.get(f"{side}.kinds")
        if not isinstance(value, tuple):
            continue
        kinds, form = value
        nested[f"{side}.kinds"] = kinds or frozenset({Kind.individual})
        if nested.get(f"{side}.forms"):
            nested[f"{side}.forms"] = nested[f"{side}.forms"] | {form}


class RowReader:
    """Turns cells keyed by column key into a Participant, collecting Russian problems."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        self.headers = headers  # column key -> header as written in the file

    def column(self, key: str) -> str:
        return self.headers.get(key) or BY_KEY[key].header

    def read(self, row: int, cells: Mapping[str, CellValue]) -> ParsedRow:
        filled = {k: v for k, v in cells.items() if text(v) != ""}
        # «—» clears a field on re-import; consent cells keep their own meaning of a dash
        cleared = {k for k, v in filled.items()
                   if not k.startswith("consent.") and is_clear_marker(text(v))}
        for key in cleared:
            del filled[key]
        problems: list[RowProblem] = []
        failed: set[str] = set()
        pid = text(filled.get("id"))
        who = pid or text(filled.get("full_name"))
        for key in sorted(cleared & REQUIRED_KEYS):
            failed.add(key)
            problems.append(RowProblem(row, self.column(key), text(cells.get(key)),
                                       message("import.clear_required"), ERROR, who))

        def fail(key: str, message: str) -> None:
            failed.add(key)
            problems.append(RowProblem(row, self.column(key), text(filled.get(key)), message,
                                       ERROR, who))

        data: dict[str, Any] = {}
        for key, parse in FIELD_PARSERS.items():
            if key in filled:
                try:
                    data[key] = parse(filled[key])
                except CellError as e:
                    fail(key, str(e))
        nested: dict[str, Any] = {}
        for key, parse in NESTED_PARSERS.items():
            if key in filled:
                try:
                    nested[key] = parse(filled[key])
                except CellError as e:
                    fail(key, str(e))
        _move_reverse(nested)
        _ranked_topics_named(data)
        if "position" in filled:
            try:
                role, subjects = parse_position(filled["position"])
            except CellError as e:
                if "role" not in filled:  # with a role given, the title is information only
                    fail("position", str(e))
            else:
                if "role" not in filled:
                    data["role"] = role
                if subjects and "subjects" not in filled:
                    data["subjects"] = subjects
        data.update(self._roles(filled, nested))
        consents = self._consents(filled, fail)
        if consents:
            data["consents"] = consents
        if not pid:
            pid = f"row{row}"
            data["id"] = pid
            problems.append(RowProblem(row, self.column("id"), "",
                                       message("check.id_assigned", id=pid), WARNING, who))
        participant = self._validate(row, data, filled, failed, problems, who)
        given = set(filled) | {part for part in ("mentor", "mentee") if part in data}
        if "mentee.mentors_wanted" in cleared or nested.get("mentee.mentors_wanted") == 0:
            cleared.add("mentee")
        if "mentor.capacity_mentees" in cleared:
            cleared.add("mentor")
        return ParsedRow(row, pid, participant if not failed else None, problems,
                         given=frozenset(given), cleared=frozenset(cleared))

    @staticmethod
    def _roles(filled: Mapping[str, CellValue], nested: dict[str, Any]) -> dict[str, Any]:
        """The `mentor` and `mentee` parts by the rule in the module docstring."""
        out: dict[str, Any] = {}
        if any(k in filled for k in MENTOR_KEYS):
            out["mentor"] = {k.split(".")[1]: v for k, v in nested.items()
                             if k.startswith("mentor.")}
        wanted = nested.get("mentee.mentors_wanted")
        has_request = any(k in filled for k in ("requests", "request_ranks", *MENTEE_KEYS))
        if wanted != 0 and (wanted is not None or has_request):
            out["mentee"] = {k.split(".")[1]: v for k, v in nested.items()
                             if k.startswith("mentee.")}
        return out

    @staticmethod
    def _consents(
        filled: Mapping[str, CellValue], fail: Callable[[str, str], None]
    ) -> list[dict[str, Any]]:
        """Consents of every kind: dates given, and revocations in the same order."""
        out: list[dict[str, Any]] = []
        for kind in ConsentKind:
            gkey, rkey = consent_key(kind, "given"), consent_key(kind, "revoked")
            given_cell, revoked_cell = filled.get(gkey), filled.get(rkey)
            if given_cell is None:
                if revoked_cell is not None:
                    fail(rkey, "Указана дата отзыва, но нет даты согласия")
                continue
            try:
                given = _dates(given_cell)
            except CellError as e:
                fail(gkey, str(e))
                continue
            try:
                revoked = _optional_dates(revoked_cell, len(given))
            except CellError as e:
                fail(rkey, str(e))
                continue
            out.extend({"kind": kind, "given": g, "revoked": r}
                       for g, r in zip(given, revoked, strict=True))
        return out

    def _validate(
        self,
        row: int,
        data: dict[str, Any],
        filled: Mapping[str, CellValue],
        failed: set[str],
        problems: list[RowProblem],
        who: str,
    ) -> Participant | None:
        try:
            return Participant.model_validate(data)
        except ValidationError as e:
            for err in e.errors():
                key = error_key(err["loc"], data, err)
                if key in failed:
                    continue  # already reported for this cell, with a better message
                failed.add(key)
                problems.append(RowProblem(row, self.column(key), text(filled.get(key)),
                                           russian(err, key), ERROR, who))
            return None


def _dates(cell: CellValue) -> list[Any]:
    if not isinstance(cell, str):
        return [parse_date(cell)]
    return [parse_date(s.strip()) for s in cell.split(";") if s.strip()]


def _optional_dates(cell: CellValue, n: int) -> list[Any]:
    """Revocation dates aligned with `n` given dates; `—` or nothing means not revoked."""
    if cell is None:
        return [None] * n
    items: Sequence[CellValue] = cell.split(";") if isinstance(cell, str) else [cell]
    if len(items) > n:
        raise CellError(message("parse.more_revoked_than_given"))
    out = [None if text(i) in _NOT_REVOKED else parse_date(text(i)) for i in items]
    return out + [None] * (n - len(out))


def error_key(loc: tuple[int | str, ...], data: Mapping[str, Any], err: Any) -> str:
    """The column key a pydantic error location belongs to."""
    if not loc:
        return model_column(err) or "id"
    head = str(loc[0])
    if head in ("mentor", "mentee") and len(loc) > 1:
        return f"{head}.{loc[1]}"
    if head == "consents" and len(loc) > 1 and isinstance(loc[1], int):
        kind = data["consents"][loc[1]]["kind"]
        return consent_key(ConsentKind(kind), "given" if loc[2:] == ("given",) else "revoked")
    if head in ("mentor", "mentee"):
        return f"{head}.capacity_mentees" if head == "mentor" else "mentee.mentors_wanted"
    return head if head in BY_KEY else "id"


# ---- writing -------------------------------------------------------------------------------


def write_row(p: Participant) -> dict[str, CellValue]:
    """The cells of one participant, keyed by column key; empty cells are left out."""
    cells: dict[str, CellValue] = {
        "id": p.id,
        "full_name": p.full_name,
        "role": format_enum(p.role),
        "position": p.position,
        "organisation": p.organisation,
        "site": p.site,
        "department": p.department,
        "birth_year": p.birth_year,
        "gender": format_enum(p.gender),
        "subjects": format_str_list(p.subjects),
        "category": format_enum(p.category) if p.category != Category.none else "",
        "experience_years": format_float(p.experience_years) if p.experience_years else None,
        "years_in_organisation": (format_float(p.years_in_organisation)
                                  if p.years_in_organisation else None),
        "grade": p.grade,
        "course": p.course,
        "digital_level": p.digital_level,
        "competencies": format_levels(p.competencies),
        "requests": format_levels(p.requests),
        "competency_ranks": format_ranked_topics(p.competency_ranks),
        "request_ranks": format_ranked_topics(p.request_ranks),
        "experience_text": p.experience_text,
        "difficulties_text": p.difficulties_text,
        "interests": format_str_list(p.interests),
        "free_slots": format_slots(p.free_slots),
        "formats": format_enum_set(p.formats, MeetingFormat, default_empty=False),
        "meeting_frequency": format_enum(p.meeting_frequency),
        "wishes": format_wishes(p.wishes),
        "priority": p.priority or None,
        "email": p.email,
    }
    cells.update(_write_roles(p))
    cells.update(_write_consents(p))
    return {k: v for k, v in cells.items() if v is not None and v != ""}


def _write_roles(p: Participant) -> dict[str, CellValue]:
    cells: dict[str, CellValue] = {}
    if p.mentor is not None:
        cells["mentor.capacity_mentees"] = p.mentor.capacity_mentees
        cells["mentor.capacity_groups"] = p.mentor.capacity_groups
        cells["mentor.forms"] = format_enum_set(p.mentor.forms, Form, default_empty=True)
        cells["mentor.kinds"] = format_enum_set(p.mentor.kinds, Kind, default_empty=False)
        cells["mentor.student_models"] = format_enum_set(
            p.mentor.student_models, StudentModel, default_empty=True)
    if p.mentee is not None:
        cells["mentee.forms"] = format_enum_set(p.mentee.forms, Form, default_empty=True)
        cells["mentee.kinds"] = format_enum_set(p.mentee.kinds, Kind, default_empty=False)
        cells["mentee.mentors_wanted"] = p.mentee.mentors_wanted
    elif p.requests:
        cells["mentee.mentors_wanted"] = 0  # a request kept as information, not a mentee
    return cells


def _write_consents(p: Participant) -> dict[str, CellValue]:
    """One date in a date cell; several as text, revocations aligned with `—` for none."""
    cells: dict[str, CellValue] = {}
    for kind in ConsentKind:
        mine = [c for c in p.consents if c.kind == kind]
        if not mine:
            continue
        gkey, rkey = consent_key(kind, "given"), consent_key(kind, "revoked")
        if len(mine) == 1:
            cells[gkey] = mine[0].given
            cells[rkey] = mine[0].revoked
            continue
        cells[gkey] = "; ".join(text(c.given) for c in mine)
        if any(c.revoked for c in mine):
            cells[rkey] = "; ".join(text(c.revoked) if c.revoked else "—" for c in mine)
    return cells


RANKED_DEFAULT_LEVEL = 3  # a topic named only in the ranked list: its rank says how much


def _ranked_topics_named(data: dict[str, Any]) -> None:
    """A topic in a ranked list («Запрос по порядку») and not in the levels cell joins the
    topics at RANKED_DEFAULT_LEVEL, so a ranked list alone is a complete answer."""
    for levels_key, ranks_key in (("competencies", "competency_ranks"),
                                  ("requests", "request_ranks")):
        ranks = data.get(ranks_key)
        if ranks:
            levels = dict(data.get(levels_key) or {})
            for t in ranks:
                levels.setdefault(t, RANKED_DEFAULT_LEVEL)
            data[levels_key] = levels
