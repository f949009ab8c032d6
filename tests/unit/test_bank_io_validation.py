"""Every kind of problem in a bank file: its row, column, value, Russian message, severity."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from matcher.bank_io import ImportReport, read_bank
from matcher.errors import InvalidBank, RowProblem, UnreadableFile

AT = date(2026, 2, 1)
HEAD = ("ID;ФИО;Роль;Организация;Год рождения;Компетенции;Запрос;Наставник: мест;Пожелания;"
        "Согласие на обработку ПДн: дата;Согласие на обработку ПДн: отозвано;"
        "Согласие наставника: дата;Согласие на участие: дата;Согласие родителя: дата")
PD = "01.09.2025"


def row(pid: str, name: str, role: str = "педагог", year: str = "1980", *, comp: str = "",
        req: str = "", cap: str = "", wishes: str = "", pd: str = PD, pd_revoked: str = "",
        duty: str = "", part: str = "", guardian: str = "") -> str:
    cells = [pid, name, role, "Школа", year, comp, req, cap, wishes, pd, pd_revoked, duty,
             part, guardian]
    return ";".join(f'"{c}"' if ";" in c else c for c in cells)


def load(tmp_path: Path, *rows: str, head: str = HEAD) -> ImportReport:
    path = tmp_path / "bank.csv"
    path.write_text("\n".join([head, *rows]) + "\n", encoding="utf-8-sig")
    return read_bank(path, at=AT)


def only(report: ImportReport, *, severity: str = "error") -> RowProblem:
    found = [p for p in report.problems if p.severity == severity]
    assert len(found) == 1, report.problems
    return found[0]


def kept_ids(report: ImportReport) -> list[str]:
    return [p.id for p in report.bank.participants]


def test_unknown_role_lists_the_allowed_values(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа"), row("b", "Бб", role="директриса"))
    p = only(report)
    assert (p.row, p.column, p.value) == (3, "Роль", "директриса")
    assert p.message.startswith("Неизвестная роль «директриса». Допустимые значения: педагог, "
                                "руководитель, обучающийся, работодатель")
    assert kept_ids(report) == ["a"]


@pytest.mark.parametrize(("role", "year", "expected"), [
    ("педагог", "1890", "Невозможный год рождения 1890: раньше 1930"),
    ("педагог", "2031", "Невозможный год рождения 2031: в будущем"),
    ("педагог", "2010", "Невозможный год рождения 2010: роль «педагог», а участнику меньше 18"),
    ("ученик", "2023", "Невозможный год рождения 2023: обучающемуся меньше 6 лет"),
])
def test_impossible_birth_year(tmp_path: Path, role: str, year: str, expected: str):
    report = load(tmp_path, row("a", "Аа", role=role, year=year, guardian=PD))
    p = only(report)
    assert (p.row, p.column, p.value) == (2, "Год рождения", year)
    assert p.message.startswith(expected)
    assert report.bank.participants == ()


def test_unknown_topic_suggests_the_closest(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", comp="методка:3; ОГЭ:2", cap="1", duty=PD))
    p = only(report)
    assert (p.row, p.column, p.value) == (2, "Компетенции", "методка:3; ОГЭ:2")
    assert p.message == "Неизвестная тема «методка»; возможно, «Методика преподавания»"


def test_minor_without_guardian_consent_is_kept_with_a_warning(tmp_path: Path):
    report = load(tmp_path, row("s", "Учеников Саша", role="ученик", year="2012",
                                req="олимпиады:3", part=PD))
    assert report.errors == []
    w = only(report, severity="warning")
    assert (w.row, w.column) == (2, "Согласие родителя: дата")
    assert "Несовершеннолетний участник (2012 г.р.)" in w.message
    assert "нет согласия родителя (законного представителя)" in w.message
    assert "не будет включён(а) в подбор пар" in w.message
    assert kept_ids(report) == ["s"]


def test_revoked_personal_data_consent_is_a_warning(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", pd_revoked="15.01.2026"))
    w = only(report, severity="warning")
    assert (w.row, w.column, w.value) == (2, "Согласие на обработку ПДн: отозвано", "15.01.2026")
    assert w.message == ("Согласие на обработку персональных данных отозвано 15.01.2026 — "
                         "Аа не будет включён(а) в подбор пар")


def test_consent_revoked_after_the_check_date_is_still_active(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", pd_revoked="02.02.2026"))
    assert report.problems == []


def test_mentor_without_written_consent_and_mentee_without_participation(tmp_path: Path):
    report = load(tmp_path, row("m", "Мм", comp="методика:3", cap="1"),
                  row("e", "Ее", req="методика:3"))
    by_row = {p.row: p for p in report.warnings}
    assert by_row[2].column == "Согласие наставника: дата"
    assert by_row[2].message == ("Нет письменного согласия наставника — Мм не будет "
                                 "назначен(а) наставником")
    assert by_row[3].column == "Согласие на участие: дата"
    assert by_row[3].message == "Нет согласия на участие в программе — Ее не получит наставника"
    assert report.errors == [] and kept_ids(report) == ["m", "e"]


def test_missing_personal_data_consent(tmp_path: Path):
    w = only(load(tmp_path, row("a", "Аа", pd="")), severity="warning")
    assert (w.column, w.message) == ("Согласие на обработку ПДн: дата",
                                     "Нет согласия на обработку персональных данных — Аа не "
                                     "будет включён(а) в подбор пар")


def test_duplicate_id(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа"), row("a", "Бб"))
    p = only(report)
    assert (p.row, p.column, p.value) == (3, "ID", "a")
    assert p.message == "Повтор: ID «a» уже есть в строке 2"
    assert [x.full_name for x in report.bank.participants] == ["Аа"]


def test_same_person_under_two_ids_is_a_warning_naming_both_rows(tmp_path: Path):
    """Namesakes exist: the later row is kept, and the warning names both rows (issue 12)."""
    report = load(tmp_path, row("a", "Петрова Анна"), row("b", "петрова  анна", year="1980"))
    assert not [p for p in report.problems if p.severity == "error"]
    p = only(report, severity="warning")
    assert (p.row, p.column, p.severity) == (3, "ФИО", "warning")
    assert p.message.startswith("Возможно, повтор: петрова  анна, 1980 г.р., есть и в строке 2 "
                                "под ID «a», и в строке 3 под ID «b»")
    assert kept_ids(report) == ["a", "b"]


EMAIL_HEAD = "ID;ФИО;Роль;Организация;Год рождения;Согласие на обработку ПДн: дата;E-mail"


def test_same_email_under_two_ids_is_a_warning_naming_both_rows(tmp_path: Path):
    """A shared address in any letter case: both rows kept, one warning naming both (issue 12
    item 7); a third row with the same name, year and address gets one warning, not two."""
    report = load(tmp_path, f"a;Орлова Мария;педагог;Школа;1980;{PD};Orlova@School7.example",
                  f"b;Орлов Павел;педагог;Школа;1978;{PD};orlova@school7.EXAMPLE",
                  f"c;Иванов Иван;педагог;Школа;1979;{PD};ivanov@school7.example",
                  head=EMAIL_HEAD)
    assert not report.errors
    p = only(report, severity="warning")
    assert (p.row, p.column, p.value, p.participant) == (3, "E-mail", "orlova@school7.example",
                                                         "b")
    assert p.message == ("Возможно, повтор: адрес orlova@school7.example есть и в строке 2 "
                         "под ID «a», и в строке 3 под ID «b»; если это один человек, оставьте "
                         "одну строку")
    assert kept_ids(report) == ["a", "b", "c"]
    same = load(tmp_path, f"a;Орлова Мария;педагог;Школа;1980;{PD};orlova@school7.example",
                f"b;Орлова Мария;педагог;Школа;1980;{PD};ORLOVA@school7.example",
                head=EMAIL_HEAD)
    assert [w.column for w in same.warnings] == ["ФИО"]


@pytest.mark.parametrize(("cell", "expected"), [
    ("orlova@school7", "«orlova@school7» — не адрес электронной почты: нужен вид "
                       "имя@домен.рф, без пробелов"),
    ("orlova@school7.ru, belov@school7.ru", "«orlova@school7.ru, belov@school7.ru»: укажите "
                                            "один адрес электронной почты"),
    ("orlova..m@school7.ru", "«orlova..m@school7.ru» — не адрес электронной почты: нужен вид "
                             "имя@домен.рф, без пробелов"),
    ("a" * 250 + "@x.ru", "Адрес электронной почты длиннее 254 символов"),
])
def test_a_malformed_email_is_an_error_naming_row_and_field(tmp_path: Path, cell: str,
                                                            expected: str):
    report = load(tmp_path, f"a;Аа;педагог;Школа;1980;{PD};a@school.example",
                  f"b;Бб;педагог;Школа;1980;{PD};{cell}", head=EMAIL_HEAD)
    p = only(report)
    assert (p.row, p.column, p.message) == (3, "E-mail", expected)
    assert kept_ids(report) == ["a"]


def test_an_email_is_kept_with_its_domain_in_lower_case(tmp_path: Path):
    report = load(tmp_path, f"a;Аа;педагог;Школа;1980;{PD}; Anna.Petrova@Школа7.РФ ",
                  head=EMAIL_HEAD)
    assert [p.email for p in report.bank.participants] == ["Anna.Petrova@школа7.рф"]


def test_wish_naming_someone_not_in_the_bank_is_an_error(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", wishes="zz:да:1"))
    p = only(report)
    assert (p.row, p.column, p.value) == (2, "Пожелания", "zz")
    assert p.message == "Пожелание называет участника с ID «zz», которого нет в банке"
    assert report.bank.participants == ()


def test_wish_naming_a_left_out_row_is_dropped_with_a_warning(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", wishes="b:да:1; c:нет"), row("b", "Бб", year="1890"),
                  row("c", "Вв"))
    assert [p.row for p in report.errors] == [3]
    w = only(report, severity="warning")
    assert (w.row, w.column, w.value) == (2, "Пожелания", "b")
    assert "не учтено: его строка не загружена из-за ошибок" in w.message
    a = report.bank.get("a")
    assert [x.target for x in a.wishes] == ["c"]


@pytest.mark.parametrize(("column", "value", "message"), [
    ("Стаж", "пять", "Ожидалось число (например, 2 или 2,5), получено «пять»"),
    ("Класс", "7Б", "Ожидалось целое число, получено «7Б»"),
    ("Согласие на участие: дата", "31.02.2025", "Такой даты нет: «31.02.2025»"),
    ("Согласие на участие: дата", "2025/09/01",
     "Неверная дата «2025/09/01»: ожидается ДД.ММ.ГГГГ, например 01.09.2025"),
    ("Цифровые навыки", "7", "Значение 7 больше допустимого (3)"),
    ("Свободное время", "вт 16:00-15:00", "В «вт 16:00-15:00» конец не позже начала"),
    ("Пожелания", "a:наверное", "Неизвестный уровень пожелания «наверное». Допустимые "
                                "значения: да, возможно, нет"),
])
def test_bad_cell_formats(tmp_path: Path, column: str, value: str, message: str):
    head = "ID;ФИО;Роль;Организация;Год рождения;" + column
    report = load(tmp_path, f"x;Аа;педагог;Школа;1980;{value}", head=head)
    p = only(report)
    assert (p.row, p.column, p.value, p.message) == (2, column, value, message)


def test_model_rules_map_to_russian_columns(tmp_path: Path):
    head = "ID;ФИО;Роль;Организация;Год рождения;Класс;Курс;Стаж;Стаж в организации"
    report = load(tmp_path, "s;Аа;студент;Колледж;2005;9;2;;",
                  "t;Бб;педагог;Школа;1980;;;2;10", head=head)
    by_row = {p.row: p for p in report.errors}
    assert (by_row[2].column, by_row[2].message) == (
        "Курс", "Указаны и класс, и курс: у обучающегося бывает что-то одно")
    assert (by_row[3].column, by_row[3].value, by_row[3].message) == (
        "Стаж в организации", "10", "Стаж в организации больше общего стажа")


def test_column_is_named_as_written_in_the_file(tmp_path: Path):
    report = load(tmp_path, "a;Аа;педагог;Школа;19x0",
                  head="id;full_name;ROLE;Organisation;birth_year")
    p = only(report)
    assert (p.column, p.message) == ("birth_year", "Ожидалось целое число, получено «19x0»")


def test_a_row_with_several_bad_cells_reports_each(tmp_path: Path):
    report = load(tmp_path, row("a", "", role="кто-то", year="abc"))
    assert {p.column for p in report.errors} == {"ФИО", "Роль", "Год рождения"}
    assert all(p.row == 2 for p in report.errors)


def test_unknown_column_is_a_warning_on_the_header_row(tmp_path: Path):
    report = load(tmp_path, "a;Аа;педагог;Школа;1980;x",
                  head="ID;ФИО;Роль;Организация;Год рождения;Любимый цвет")
    [w] = [p for p in report.warnings if p.row == 1]
    assert (w.column, w.message) == ("Любимый цвет", "Неизвестный столбец «Любимый цвет» пропущен")
    assert kept_ids(report) == ["a"]


def test_conflict_with_an_unknown_person_is_dropped_with_a_warning(tmp_path: Path):
    (tmp_path / "bank.conflicts.csv").write_text("ID 1;ID 2;Примечание\na;zz;ссора\n",
                                                 encoding="utf-8")
    report = load(tmp_path, row("a", "Аа"))
    w = only(report, severity="warning")
    assert (w.row, w.column, w.value) == (2, "Конфликты: ID 2", "zz")
    assert w.message == "Конфликт с «zz» не учтён: такого участника нет в банке"
    assert report.bank.conflicts == ()


# ---- files refused whole -------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.csv", b"", "файл пуст"),
    ("blank.csv", b"\xef\xbb\xbf  \n", "файл пуст"),
    ("binary.csv", bytes(range(256)), "двоичные данные"),
    ("noheader.csv", "Имя;Фамилия\nА;Б\n".encode(), "не найден заголовок"),
    ("half.csv", "ФИО;Роль\nА;педагог\n".encode(), "нет обязательных столбцов: «Организация»"),
    ("notexcel.xlsx", b"PK\x03\x04 not really", "не файл Excel"),
    ("text.xlsx", "ФИО;Роль".encode(), "не файл Excel"),
    ("broken.json", b'{"participants": [', "это не JSON"),
    ("wrong.json", b'{"participants": 5}', "ожидался объект"),
    ("bank.docx", b"x", "неизвестный формат"),
])
def test_unreadable_file_is_refused_whole(tmp_path: Path, name: str, content: bytes,
                                          reason: str):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableFile) as info:
        read_bank(path, at=AT)
    assert reason in info.value.reason
    assert str(path) in str(info.value)


def test_empty_xlsx_sheet_is_refused(tmp_path: Path):
    path = tmp_path / "empty.xlsx"
    Workbook().save(path)
    with pytest.raises(UnreadableFile, match="лист с участниками пуст"):
        read_bank(path, at=AT)


def test_header_only_file_is_an_empty_bank(tmp_path: Path):
    report = load(tmp_path)
    assert (report.rows_read, report.problems, report.bank.participants) == (0, [], ())


# ---- JSON ----------------------------------------------------------------------------------


def _person(pid: str, **kw: object) -> dict[str, object]:
    base: dict[str, object] = {"id": pid, "full_name": "Аа " + pid, "role": "teacher",
                               "organisation": "Школа", "birth_year": 1980,
                               "consents": [{"kind": "personal_data", "given": "2025-09-01"}]}
    return base | kw


def test_json_validates_each_participant_separately(tmp_path: Path):
    data = {"participants": [
        _person("a"),
        _person("b", role="director", mentor={"capacity_mentees": 99}),
        _person("c", birth_year=1890),
        _person("d", wishes=[{"target": "b", "level": "yes"}]),
    ]}
    path = tmp_path / "bank.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = read_bank(path, at=AT)
    assert kept_ids(report) == ["a", "d"]
    found = {(p.row, p.column, p.severity) for p in report.problems}
    assert found == {(2, "role", "error"), (2, "mentor.capacity_mentees", "error"),
                     (3, "birth_year", "error"), (4, "wishes", "warning")}
    by = {(p.row, p.column): p for p in report.problems}
    assert by[(2, "role")].value == "director"
    assert "Неизвестная роль «director». Допустимые значения" in by[(2, "role")].message
    assert by[(2, "mentor.capacity_mentees")].message == "Значение 99 больше допустимого (30)"
    assert by[(3, "birth_year")].message == "Невозможный год рождения 1890: раньше 1930"


def test_json_consent_warning_points_at_consents(tmp_path: Path):
    path = tmp_path / "bank.json"
    path.write_text(json.dumps([_person("a", consents=[])]), encoding="utf-8")
    w = only(read_bank(path, at=AT), severity="warning")
    assert (w.row, w.column) == (1, "consents")


def test_missing_id_gets_one_from_the_row_with_a_warning(tmp_path: Path):
    report = load(tmp_path, row("", "Аа"))
    w = only(report, severity="warning")
    assert (w.row, w.column, w.message) == (2, "ID", "ID не указан; присвоен код «row2»")
    assert kept_ids(report) == ["row2"]


def test_birth_date_instead_of_year_is_accepted(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", year="15.03.1987"))
    assert report.bank.get("a").birth_year == 1987


def test_raise_for_errors_carries_the_problems(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", role="кто-то"))
    with pytest.raises(InvalidBank) as info:
        report.raise_for_errors()
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "Роль")]
    assert "строка 2, «Роль»: Неизвестная роль «кто-то»" in str(info.value)


def test_pruned_wishes_leave_no_stale_lookup(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа", wishes="b:нет"), row("b", "Бб", role="кто-то"))
    assert report.bank.get("a").wish_about("b") is None


def test_report_knows_the_row_of_each_kept_participant(tmp_path: Path):
    report = load(tmp_path, row("a", "Аа"), row("b", "Бб", role="кто-то"), row("c", "Вв"))
    assert report.row_of == {"a": 2, "c": 4}
