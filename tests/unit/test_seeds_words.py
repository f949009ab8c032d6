"""A bank written only in the seeds' words (issue 10) reads with no problem at all.

`tests/data/seeds_words.csv` names every form, kind, role and category the school documents in
`shared/seeds` use, short and full, with «-», «–» or «—», and job titles in «Должность»."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from matcher.bank_io import read_bank
from matcher.bank_io.positions import parse_position
from matcher.labels import label
from matcher.model import Category, Form, Kind, Role, StudentModel

SEEDS_BANK = Path(__file__).parent.parent / "data" / "seeds_words.csv"
AT = date(2025, 9, 1)


def test_a_bank_in_the_seeds_words_validates_with_no_errors():
    report = read_bank(SEEDS_BANK, at=AT)
    assert report.problems == [] and report.bank is not None
    assert len(report.bank.participants) == 17  # no row lost


def test_the_seeds_words_mean_what_the_seeds_say():
    bank = read_bank(SEEDS_BANK, at=AT).bank
    assert bank is not None
    get = bank.get
    assert (get("T01").role, get("T01").subjects) == (Role.teacher, ("математика",))
    assert get("T01").category == Category.mentor_teacher
    assert get("T03").category == Category.methodist
    assert get("T02").subjects == ("русский язык", "литература")
    assert get("L01").role == Role.leader  # «заместитель директора по УВР»
    assert get("P01").role == Role.teacher  # «социальный педагог» is not a psychologist (002)
    assert get("P02").role == Role.psychologist
    assert get("L01").mentor is not None
    assert get("L01").mentor.forms == {Form.leader_teacher, Form.leader_student}
    # «реверсивное» in the kinds column (the seeds list it among the kinds) is the reverse form.
    t02 = get("T02").mentee
    assert t02 is not None and t02.forms == {Form.teacher_teacher, Form.reverse}
    assert t02.kinds == {Kind.individual}
    assert get("T03").mentee is not None and get("T03").mentee.forms == {Form.reverse}
    s01 = get("S01").mentor
    assert s01 is not None
    assert s01.student_models == {StudentModel.senior_junior, StudentModel.peer}
    assert get("S02").mentee is not None and get("S02").mentee.kinds == {Kind.group}
    assert get("U01").mentor is not None and get("U01").mentor.kinds == {Kind.virtual}


def test_job_titles_give_role_and_subjects():
    assert parse_position("учитель математики") == (Role.teacher, ("математика",))
    assert parse_position("Заместитель директора по УВР") == (Role.leader, ())
    assert parse_position("советник директора по воспитанию") == (Role.teacher, ())
    assert parse_position("педагог-психолог") == (Role.psychologist, ())
    assert parse_position("преподаватель вуза") == (Role.university_teacher, ())


def test_russian_labels_use_the_seeds_terms():
    assert label(Form.reverse) == "реверсивное наставничество"
    assert label(Form.leader_student) == "руководитель – ученик"
    assert label(Form.student_student) == "ученик – ученик"
    assert label(StudentModel.peer) == "равный – равному"
