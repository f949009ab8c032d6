"""Checks across rows, the same for every file format: plausible ages, duplicates, wishes,
consents and conflicts. Errors leave a row out; warnings keep it and say what will happen."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date

from matcher.bank_io.cells import CellValue, norm, text
from matcher.bank_io.columns import consent_key
from matcher.bank_io.report import ERROR, WARNING, ImportReport, ParsedRow
from matcher.errors import RowProblem
from matcher.labels import label
from matcher.messages import message
from matcher.messages.names import known_sex
from matcher.model import ADULT_AGE, Bank, Conflict, ConsentKind, Participant, Role
from matcher.model.contact import email_key

MIN_STUDENT_AGE = 6

# column key -> the column's text in this file (a header as written, or a JSON field path)
Namer = Callable[[str], str]


@dataclass
class ParsedConflict:
    """One row of the conflicts table; `conflict` is None when the row has errors."""

    row: int
    conflict: Conflict | None
    problems: list[RowProblem] = field(default_factory=list)


def finish(
    rows: Sequence[ParsedRow],
    conflicts: Sequence[ParsedConflict],
    *,
    at: date,
    column: Namer,
    conflict_column: Namer,
    source: str = "",
) -> ImportReport:
    """Run the cross-row checks and build the bank of the rows that pass."""
    for r in rows:
        if r.ok and r.participant is not None:
            _check_age(r, r.participant, at, column)
    _check_duplicates(rows, column)
    written = {r.pid for r in rows}
    for r in rows:
        if r.ok and r.participant is not None:
            _check_wish_targets(r, r.participant, written, column)
    kept_rows = [r for r in rows if r.ok]
    kept_ids = {r.pid for r in kept_rows}
    people = [_prune_wishes(r, kept_ids, column) for r in kept_rows]
    notes: dict[str, list[RowProblem]] = {}
    for r, p in zip(kept_rows, people, strict=True):
        notes[r.pid] = consent_warnings(r.row, p, at, column)
        r.problems.extend(notes[r.pid])
        r.problems.extend(capacity_warnings(r.row, p, column))
    kept_conflicts = [_check_conflict(c, kept_ids, written, conflict_column) for c in conflicts]
    problems = [p for r in rows for p in r.problems] + [p for c in conflicts for p in c.problems]
    bank = Bank(participants=tuple(people),
                conflicts=tuple(c for c in kept_conflicts if c is not None))
    return ImportReport(bank=bank, problems=problems, rows_read=len(rows), source=source,
                        row_of={r.pid: r.row for r in kept_rows},
                        given={r.pid: r.given for r in kept_rows},
                        cleared={r.pid: r.cleared for r in kept_rows},
                        consent_notes=notes, column=column)


def _error(r: ParsedRow, column: str, value: CellValue, message: str) -> None:
    r.problems.append(RowProblem(r.row, column, text(value), message, ERROR, r.pid))


def _check_age(r: ParsedRow, p: Participant, at: date, column: Namer) -> None:
    """A birth year in the future, an adult role under 18, a student under 6: an error."""
    y, age = p.birth_year, p.age_at(at)
    problem = ""
    if y > at.year:
        problem = message("cell.birth_year_future", value=y)
    elif p.role != Role.student and age < ADULT_AGE:
        problem = message("check.adult_role_too_young", value=y, role=label(p.role),
                          age=ADULT_AGE)
    elif p.role == Role.student and age < MIN_STUDENT_AGE:
        problem = message("check.student_too_young", value=y, age=MIN_STUDENT_AGE)
    if problem:
        _error(r, column("birth_year"), y, problem)


def _check_duplicates(rows: Sequence[ParsedRow], column: Namer) -> None:
    """The same ID twice: the later row goes. The same ФИО and birth year, or the same e-mail
    (in any letter case), under two IDs: a warning naming both rows (namesakes exist, a family
    may share a mailbox; the curator decides). One warning per pair of rows."""
    by_id: dict[str, int] = {}
    by_person: dict[tuple[str, int], ParsedRow] = {}
    by_email: dict[str, ParsedRow] = {}
    for r in rows:
        p = r.participant
        if not r.ok or p is None:
            continue
        if r.pid in by_id:
            _error(r, column("id"), r.pid,
                   message("check.duplicate_id", id=r.pid, row=by_id[r.pid]))
            continue
        person = (norm(p.full_name), p.birth_year)
        first = by_person.get(person)
        if first is not None:
            r.problems.append(RowProblem(
                r.row, column("full_name"), p.full_name,
                message("check.duplicate_person", name=p.full_name, year=p.birth_year,
                        row=first.row, id=first.pid, this_row=r.row, this_id=r.pid),
                WARNING, r.pid))
        mail = email_key(p.email)
        same_mail = by_email.get(mail) if mail else None
        if same_mail is not None and same_mail is not first:
            r.problems.append(RowProblem(
                r.row, column("email"), p.email,
                message("check.duplicate_email", email=p.email, row=same_mail.row,
                        id=same_mail.pid, this_row=r.row, this_id=r.pid),
                WARNING, r.pid))
        by_id[r.pid] = r.row
        by_person.setdefault(person, r)
        if mail:
            by_email.setdefault(mail, r)


def _check_wish_targets(r: ParsedRow, p: Participant, written: set[str], column: Namer) -> None:
    for w in p.wishes:
        if w.target not in written:
            _error(r, column("wishes"), w.target,
                   message("check.wish_target_unknown", target=w.target))


def _prune_wishes(r: ParsedRow, kept: set[str], column: Namer) -> Participant:
    """Drop wishes about people left out for errors in their own rows, with a warning."""
    p = r.participant
    assert p is not None
    dropped = [w for w in p.wishes if w.target not in kept]
    for w in dropped:
        r.problems.append(RowProblem(
            r.row, column("wishes"), w.target,
            message("check.wish_target_dropped", target=w.target),
            WARNING, r.pid))
    if not dropped:
        return p
    # Rebuilt, not model_copy(update=...): a copy would keep the stale cached wish lookup.
    wishes = [w.model_dump() for w in p.wishes if w.target in kept]
    return Participant.model_validate(p.model_dump() | {"wishes": wishes})


def capacity_warnings(row: int, p: Participant, column: Namer) -> list[RowProblem]:
    """A mentor with no place at all (0 mentees, 0 groups): kept, but never matched."""
    if p.mentor is None or p.mentor.capacity_mentees or p.mentor.capacity_groups:
        return []
    return [RowProblem(row, column("mentor.capacity_mentees"), "0",
                       message("check.capacity_zero", name=p.full_name), WARNING, p.id)]


def consent_warnings(row: int, p: Participant, at: date, column: Namer) -> list[RowProblem]:
    """Why a kept participant will still be left out of matching for lack of a consent."""
    out: list[RowProblem] = []
    who = p.full_name
    sex = known_sex(p.full_name, p.gender)  # the Russian agrees where the gender is known

    def warn(kind: ConsentKind, consequence: str) -> None:
        state, key, value = _consent_state(p, kind, at)
        out.append(RowProblem(row, column(key), value,
                              message("check.consent_warning", state=state,
                                      consequence=consequence), WARNING, p.id))

    in_bank = p.mentor is not None or p.mentee is not None
    if not p.consent_active(ConsentKind.personal_data, at):
        warn(ConsentKind.personal_data, message("check.no_matching", who=who, gender=sex))
    if p.mentor is not None and not p.consent_active(ConsentKind.mentor_duties, at):
        warn(ConsentKind.mentor_duties, message("check.no_mentoring", who=who, gender=sex))
    if p.mentee is not None and not p.consent_active(ConsentKind.participation, at):
        warn(ConsentKind.participation, message("check.no_mentor", who=who))
    if in_bank and p.is_minor(at) and not p.consent_active(ConsentKind.guardian, at):
        state, key, value = _consent_state(p, ConsentKind.guardian, at)
        out.append(RowProblem(
            row, column(key), value,
            message("check.minor_consent", year=p.birth_year, state=state.lower(), who=who,
                    gender=sex),
            WARNING, p.id))
    return out


def _consent_state(p: Participant, kind: ConsentKind, at: date) -> tuple[str, str, str]:
    """(what is wrong, column key, cell value) for a consent that is not active at `at`."""
    mine = sorted((c for c in p.consents if c.kind == kind), key=lambda c: c.given)
    if not mine:
        return (message("check.consent_missing", consent=message(f"consent_of.{kind.value}")),
                consent_key(kind, "given"), "")
    last = mine[-1]
    if last.revoked is not None and last.revoked <= at:
        return (message("check.consent_revoked", consent=message(f"consent.{kind.value}"),
                        day=text(last.revoked)),
                consent_key(kind, "revoked"), text(last.revoked))
    return (message("check.consent_later", consent=message(f"consent.{kind.value}"),
                    day=text(last.given)),
            consent_key(kind, "given"), text(last.given))


def _check_conflict(
    c: ParsedConflict, kept: set[str], written: set[str], column: Namer
) -> Conflict | None:
    """A conflict about someone not imported is dropped with a warning."""
    if c.conflict is None:
        return None
    for pid, key in ((c.conflict.a, "a"), (c.conflict.b, "b")):
        if pid in kept:
            continue
        why = message("check.conflict_row_dropped" if pid in written
                      else "check.conflict_unknown")
        c.problems.append(RowProblem(c.row, column(key), pid,
                                     message("check.conflict_dropped", id=pid, why=why),
                                     WARNING, pid))
        return None
    return c.conflict
