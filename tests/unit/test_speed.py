"""Speed mentoring over a bank: who may meet, rounds without capacity, the timetable files and
the `matcher speed` command."""

from __future__ import annotations

import csv
import io
from collections import Counter

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from matcher.bank_io import write_bank
from matcher.cli import app
from matcher.model import Kind, MenteeRequest, MentorOffer
from matcher.reports.timetable import timetable_csv, write_timetable
from matcher.solver.speed import speed_rounds
from tests import factories as f

SPEED = frozenset({Kind.speed})


def session_bank(*, mentee_kinds: frozenset[Kind] = SPEED):
    """Three mentors with capacity 1 each and three mentees, all accepting speed meetings."""
    mentors = [f.teacher_mentor(f"m{i}", full_name=f"Наставник {i}",
                                mentor=MentorOffer(capacity_mentees=1, kinds=SPEED))
               for i in range(3)]
    mentees = [f.teacher_mentee(f"e{i}", full_name=f"Наставляемый {i}",
                                mentee=MenteeRequest(kinds=SPEED)) for i in range(2)]
    mentees.append(f.teacher_mentee("e2", full_name="=HYPERLINK(1)",
                                    mentee=MenteeRequest(kinds=mentee_kinds)))
    return f.bank(*mentors, *mentees)


def test_three_rounds_let_every_mentee_meet_every_mentor_once_beyond_capacity() -> None:
    schedule = speed_rounds(session_bank(), f.programme(), rounds=3)
    pairs = [(m.mentor, m.mentee) for m in schedule.meetings]
    assert len(pairs) == len(set(pairs)) == 9
    assert Counter(m for m, _ in pairs) == {"m0": 3, "m1": 3, "m2": 3}  # capacity is 1
    for meetings in schedule.rounds:
        assert len({m.mentor for m in meetings}) == len({m.mentee for m in meetings}) == 3


def test_only_people_who_accept_speed_meetings_are_scheduled() -> None:
    bank = session_bank(mentee_kinds=frozenset({Kind.individual}))
    schedule = speed_rounds(bank, f.programme(), rounds=3)
    assert "e2" not in {m.mentee for m in schedule.meetings}


def test_the_chosen_people_only_and_rounds_bounded() -> None:
    schedule = speed_rounds(session_bank(), f.programme(), rounds=2, mentors=["m0", "m1"],
                            mentees=["e0"])
    assert [len(r) for r in schedule.rounds] == [1, 1]
    assert {m.mentor for m in schedule.meetings} == {"m0", "m1"}
    assert {m.mentee for m in schedule.meetings} == {"e0"}
    with pytest.raises(ValueError, match="rounds must be 1 to 50"):
        speed_rounds(session_bank(), f.programme(), rounds=0)


def test_the_timetable_files_quote_dangerous_names(tmp_path) -> None:
    bank = session_bank()
    schedule = speed_rounds(bank, f.programme(), rounds=3)
    rows = list(csv.reader(io.StringIO(timetable_csv(schedule, bank)), delimiter=";"))
    assert rows[0][:2] == ["Раунд", "Наставник"]
    assert len(rows) == 10 and "'=HYPERLINK(1)" in {r[3] for r in rows}
    path = tmp_path / "t.xlsx"
    write_timetable(schedule, bank, path, lang="en")
    ws = load_workbook(path).active
    values = list(ws.iter_rows(values_only=True))
    assert values[0][0] == "Round" and len(values) == 10
    assert "=HYPERLINK(1)" in {r[3] for r in values}
    assert all(c.data_type == "s" for r in ws.iter_rows(min_row=2) for c in r if c.column == 4)


def test_the_speed_command_writes_the_timetable(tmp_path) -> None:
    bank_path, out = tmp_path / "bank.json", tmp_path / "timetable.xlsx"
    write_bank(session_bank(), bank_path)
    done = CliRunner().invoke(app, ["speed", str(bank_path), "--rounds", "2", "--out", str(out)])
    assert done.exit_code == 0, done.output
    assert "Раунд 2: встреч — 3" in done.output
    assert len(list(load_workbook(out).active.iter_rows())) == 7
    wrong = CliRunner().invoke(app, ["speed", str(bank_path), "--out", str(tmp_path / "t.pdf")])
    assert wrong.exit_code == 2 and "«.pdf»" in wrong.output
