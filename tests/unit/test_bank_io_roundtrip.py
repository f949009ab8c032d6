"""Round trips JSON <-> CSV <-> XLSX and the spellings a curator may use in a file."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from matcher.bank_io import read_bank, write_bank
from matcher.bank_io.samples import sample_bank
from matcher.model import (
    Bank,
    Category,
    Conflict,
    Consent,
    ConsentKind,
    Form,
    Frequency,
    Gender,
    Kind,
    MeetingFormat,
    MenteeRequest,
    MentorOffer,
    Participant,
    Role,
    TimeSlot,
    Weekday,
    Wish,
    WishLevel,
)

AT = date(2026, 2, 1)


def rich_bank() -> Bank:
    """Cyrillic, lists, empty optional cells, several consents of one kind, edge roles."""
    both = Participant(
        id="T-1", full_name="Ёлкина Мария-Луиза Петровна", role=Role.teacher,
        organisation="МБОУ «Лицей № 3», г. Бор", site="корпус 2", birth_year=1994,
        gender=Gender.female, subjects=("математика", "информатика (углублённо)"),
        category=Category.first, experience_years=7.5, years_in_organisation=2.25,
        digital_level=3, competencies={"digital_tools": 3, "exam_preparation": 1},
        requests={"upbringing": 2}, experience_text="Строка 1\nстрока 2, с «кавычками» и ;",
        difficulties_text='Кавычки "двойные"', interests=("походы", "йога"),
        free_slots=(TimeSlot(day=Weekday.tue, start=time(15), end=time(16)),
                    TimeSlot(day=Weekday.sat, start=time(9, 30), end=time(11, 5))),
        formats=frozenset(), meeting_frequency=Frequency.biweekly,
        mentor=MentorOffer(capacity_mentees=0, capacity_groups=2,
                           forms=frozenset({Form.reverse, Form.teacher_teacher}),
                           kinds=frozenset()),
        mentee=MenteeRequest(forms=frozenset({Form.leader_teacher}),
                             kinds=frozenset({Kind.group, Kind.virtual}), mentors_wanted=2),
        wishes=(Wish(target="S-2", level=WishLevel.no),
                Wish(target="=L", level=WishLevel.yes, rank=1)),
        consents=(
            Consent(kind=ConsentKind.personal_data, given=date(2024, 9, 1),
                    revoked=date(2025, 1, 10)),
            Consent(kind=ConsentKind.personal_data, given=date(2025, 2, 1)),
            Consent(kind=ConsentKind.mentor_duties, given=date(2025, 9, 1)),
            Consent(kind=ConsentKind.participation, given=date(2025, 9, 1),
                    revoked=date(2026, 1, 31)),
        ),
    )
    student = Participant(
        id="S-2", full_name="Иванов Иван", role=Role.student,
        organisation="МБОУ «Лицей № 3», г. Бор", birth_year=2012, grade=8,
        requests={"olympiads": 3, "career_choice": 1}, mentee=MenteeRequest(),
        consents=(Consent(kind=ConsentKind.guardian, given=date(2025, 9, 3)),),
    )
    info_only = Participant(  # a request kept as information: "Нужно наставников" = 0
        id="=L", full_name="Лидер Л.", role=Role.leader, organisation="Лицей",
        birth_year=1970, requests={"legal_framework": 1},
        formats=frozenset({MeetingFormat.remote, MeetingFormat.in_person}),
    )
    bare = Participant(id="E", full_name="Работодатель", role=Role.employer,
                       organisation="ООО «Ромашка»", birth_year=1985, course=None)
    return Bank(participants=(both, student, info_only, bare),
                conflicts=(Conflict(a="S-2", b="E", note="родственники"),
                           Conflict(a="T-1", b="E")))


@pytest.mark.parametrize("chain", [
    ("json", "csv", "xlsx", "json"),
    ("xlsx", "csv", "json", "xlsx"),
    ("csv", "xlsx", "csv"),
])
@pytest.mark.parametrize("bank", [rich_bank(), sample_bank(), Bank()], ids=["rich", "sample",
                                                                            "empty"])
def test_round_trip_gives_an_equal_bank(tmp_path: Path, chain: tuple[str, ...], bank: Bank):
    current = bank
    for i, ext in enumerate(chain):
        path = tmp_path / f"step{i}.{ext}"
        write_bank(current, path)
        report = read_bank(path, at=AT)
        assert report.errors == [], report.errors
        assert report.rows_read == len(bank.participants)
        current = report.bank
    assert current == bank


def test_csv_is_written_with_bom_and_semicolons(tmp_path: Path):
    path = tmp_path / "b.csv"
    write_bank(rich_bank(), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    first = raw.decode("utf-8-sig").splitlines()[0]
    assert first.startswith("ID;ФИО;Роль;Организация;Площадка;Год рождения")
    assert (tmp_path / "b.conflicts.csv").exists()


def test_xlsx_writes_dates_as_date_cells_and_a_conflicts_sheet(tmp_path: Path):
    path = tmp_path / "b.xlsx"
    write_bank(rich_bank(), path)
    wb = load_workbook(path)
    ws = wb["Банк"]
    header = [c.value for c in ws[1]]
    col = header.index("Согласие наставника: дата") + 1
    assert ws.cell(row=2, column=col).value == datetime(2025, 9, 1)
    assert [c.value for c in wb["Конфликты"][2]] == ["S-2", "E", "родственники"]


def test_template_has_help_sheet_notes_and_dropdowns(tmp_path: Path):
    path = tmp_path / "t.xlsx"
    write_bank(Bank(), path, template=True)
    wb = load_workbook(path)
    assert "Справка" in wb.sheetnames
    ws = wb["Банк"]
    assert ws["B1"].value == "ФИО" and ws["B1"].comment is not None
    lists = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("педагог" in f and "обучающийся" in f for f in lists)


def _csv(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "b.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_with_commas_no_bom_english_headers_and_russian_synonyms(tmp_path: Path):
    path = _csv(tmp_path, (
        "FULL_NAME,Role,organisation,BIRTH_YEAR,id,Category,Formats,free_slots,Competencies,"
        "mentor_capacity,Consent_personal_data\n"
        'Петрова А.А.,учитель,Школа,1980,A,высшая,"очно; дистанционно","вт 15:00-16:00; '
        'Четверг 9.00–10.30","методика:3; ОГЭ",2,2025-09-01\n'
        "Сидоров Б.,ученик,Школа,2006,B,,,,,,01.09.2025\n"
    ))
    report = read_bank(path, at=AT)
    assert report.errors == []
    a, b = report.bank.participants
    assert a.role == Role.teacher and a.category == Category.highest
    assert a.formats == {MeetingFormat.in_person, MeetingFormat.remote}
    assert a.free_slots == (TimeSlot(day=Weekday.tue, start=time(15), end=time(16)),
                            TimeSlot(day=Weekday.thu, start=time(9), end=time(10, 30)))
    assert a.competencies == {"teaching_methods": 3, "exam_preparation": 2}
    assert a.mentor == MentorOffer(capacity_mentees=2)
    assert a.consents == (Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1)),)
    assert b.role == Role.student and b.mentor is None and b.mentee is None


@pytest.mark.parametrize("role", ["студент", "Обучающийся", "ученица", "student"])
def test_student_spellings(tmp_path: Path, role: str):
    path = _csv(tmp_path, f"ФИО;Роль;Организация;Год рождения\nА;{role};Ш;2005\n")
    assert read_bank(path, at=AT).bank.participants[0].role == Role.student


def test_csv_in_windows_1251_is_read(tmp_path: Path):
    path = _csv(tmp_path, "ФИО;Роль;Организация;Год рождения\nЁжиков;педагог;Школа;1980\n",
                encoding="cp1251")
    report = read_bank(path, at=AT)
    assert [p.full_name for p in report.bank.participants] == ["Ёжиков"]


def test_xlsx_date_cells_and_numbers_typed_by_excel(tmp_path: Path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Банк участников наставничества"])  # a title line above the header
    ws.append(["ФИО", "Роль", "Организация", "Год рождения", "ID", "Стаж",
               "Согласие на обработку ПДн: дата", "Наставник: мест"])
    ws.append(["Кузнецова", "педагог", "Школа", 1975.0, 17, 12.5, datetime(2025, 9, 2), 1])
    path = tmp_path / "typed.xlsx"
    wb.save(path)
    report = read_bank(path, at=AT)
    assert report.errors == []
    p = report.bank.participants[0]
    assert (p.id, p.birth_year, p.experience_years) == ("17", 1975, 12.5)
    assert p.consents[0].given == date(2025, 9, 2)
    assert p.mentor is not None and p.mentor.capacity_mentees == 1


def test_mentee_rule(tmp_path: Path):
    """Request filled -> mentee with 1 mentor; "Нужно наставников" 0 -> not a mentee."""
    path = _csv(tmp_path, (
        "ID;ФИО;Роль;Организация;Год рождения;Запрос;Нужно наставников;Виды (наставляемый)\n"
        "a;А;педагог;Ш;1990;методика:3;;\n"
        "b;Б;педагог;Ш;1990;методика:3;0;\n"
        "c;В;педагог;Ш;1990;;2;\n"
        "d;Г;педагог;Ш;1990;;;групповое\n"
    ))
    a, b, c, d = read_bank(path, at=AT).bank.participants
    assert a.mentee == MenteeRequest()
    assert b.mentee is None and b.requests == {"teaching_methods": 3}
    assert c.mentee == MenteeRequest(mentors_wanted=2)
    assert d.mentee == MenteeRequest(kinds=frozenset({Kind.group}))
