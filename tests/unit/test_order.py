"""The draft order DOCX, read back with python-docx."""

from __future__ import annotations

from datetime import date

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from matcher.model import ProposalStatus
from matcher.reports import write_order
from matcher.reports.common import initials
from tests.cases import BANK, PROGRAMME, RESULT, SECRETS

ORG = "МБОУ «Средняя школа № 7» г. Кстово"


def _write(tmp_path, **kw):
    path = tmp_path / "order.docx"
    write_order(BANK, PROGRAMME, RESULT, path, organisation=ORG, **kw)
    return Document(str(path))


def _texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.text.strip()]


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def _all_text(doc) -> str:
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_order_text_has_the_parts_of_a_real_order(tmp_path):
    texts = _texts(_write(tmp_path))
    assert texts[:4] == [ORG, "ПРИКАЗ", "«___» ____________ 20__ г.\t№ ________",
                         "О закреплении наставнических пар/групп"]
    # teachers' and students' pairs: both regulations are cited
    assert texts[4].startswith(
        f"В соответствии с Положением о системе наставничества педагогических работников "
        f"в {ORG} и Положением о наставничестве обучающихся в {ORG}, в целях реализации "
        f"программы наставничества «Наставничество 2026/27»")
    assert texts[5] == "ПРИКАЗЫВАЮ:"
    assert texts[6] == ("1. Закрепить наставнические пары/группы согласно приложению к "
                        "настоящему приказу.")
    assert texts[7] == ("2. Установить срок реализации программ наставничества: "
                        "01.09.2026 – 31.05.2027.")
    assert texts[8].startswith("3. Назначить куратором реализации программ наставничества "
                               "____________________ (ФИО, должность)")
    assert texts[9] == "4. Контроль за исполнением настоящего приказа оставляю за собой."
    assert texts[10] == "Директор\t____________\t/И.О. Фамилия/"


def test_filled_in_number_date_director_and_curator(tmp_path):
    texts = _texts(_write(tmp_path, number="238/1", order_date=date(2026, 9, 15),
                          director="Газиева Мавиле Рустемовна",
                          curator="Васильеву Елену Игоревну, заместителя директора по УВР"))
    assert texts[2] == "15.09.2026\t№ 238/1"
    assert "Васильеву Елену Игоревну, заместителя директора по УВР" in texts[8]
    assert texts[10] == "Директор\t____________\t/М.Р. Газиева/"
    assert any("от 15.09.2026 № 238/1" in t for t in texts)


def test_by_default_only_confirmed_and_locked_pairs_are_in_the_appendix(tmp_path):
    doc = _write(tmp_path)
    pairs, _consent = doc.tables
    rows = _rows(pairs)
    assert rows[0] == ["№", "Наставник (ФИО, должность/роль)", "Наставляемый(-ые)",
                       "Форма, вид"]
    assert rows[1] == [
        "1", "Смирнова Ольга Викторовна\nпедагог (математика), категория: высшая",
        "Белова Анна Сергеевна, педагог (математика)", "педагог – педагог\nиндивидуальное"]
    assert "Срок реализации: 01.09.2026 – 31.05.2027" in _texts(doc)
    assert rows[2][:3] == [
        "2", "Петров Максим Андреевич\nобучающийся, 10 класс",
        "Группа (2 чел.):\n1) Соколова Виктория Дмитриевна, обучающаяся, 7 класс\n"
        "2) Николаев Артём Сергеевич, обучающийся, 7 класс"]
    assert rows[2][3] == "ученик – ученик\nгрупповое"  # the seeds' words (issue 10)
    assert len(rows) == 3
    text = _all_text(doc)
    assert "Кузнецов Андрей Николаевич" not in text  # proposed: not in the order
    assert "Лебедев Сергей Викторович" not in text  # rejected
    assert "Егорова Дарья Олеговна" not in text  # unmatched


def test_include_proposed_marks_drafts(tmp_path):
    doc = _write(tmp_path, include_proposed=True)
    rows = _rows(doc.tables[0])
    assert rows[0][-1] == "Статус"
    by_mentor = {r[1].split("\n")[0]: r[-1] for r in rows[1:]}
    assert by_mentor == {"Кузнецов Андрей Николаевич": "проект",
                         "Смирнова Ольга Викторовна": "подтверждено",
                         "Петров Максим Андреевич": "закреплено"}
    assert "«проект» — пара/группа ещё не подтверждена куратором." in _texts(doc)
    assert "Лебедев Сергей Викторович" not in _all_text(doc)


def test_every_participant_signs_once_and_minors_get_a_guardian_line(tmp_path):
    consent = _write(tmp_path).tables[1]
    rows = _rows(consent)
    assert rows[0] == ["№", "ФИО", "Участие", "Подпись", "Дата"]
    signed = [(r[0], r[1], r[2]) for r in rows[1:] if r[0]]
    assert signed == [
        ("1", "Смирнова Ольга Викторовна", "наставник (№ 1)"),
        ("2", "Белова Анна Сергеевна", "наставляемая (№ 1)"),
        ("3", "Петров Максим Андреевич", "наставник (№ 2)"),
        ("4", "Соколова Виктория Дмитриевна", "наставляемая (№ 2)"),
        ("5", "Николаев Артём Сергеевич", "наставляемый (№ 2)"),
    ]
    guardians = [r for r in rows[1:] if not r[0]]
    assert len(guardians) == 3  # the three students are minors on 01.09.2026
    assert all(r[1].startswith("Законный представитель") for r in guardians)
    assert all(r[4] == "«___» ________ 20__ г." for r in rows[1:])


def test_a_person_in_two_pairs_signs_once(tmp_path):
    # Смирнова also mentors Морозов: one line, both pair numbers.
    second = RESULT.proposals[1].model_copy(
        update={"mentor": "T1", "status": ProposalStatus.confirmed})
    result = RESULT.model_copy(update={"proposals": (RESULT.proposals[0], second)})
    path = tmp_path / "o.docx"
    write_order(BANK, PROGRAMME, result, path, organisation=ORG)
    rows = _rows(Document(str(path)).tables[1])
    assert [r[1] for r in rows[1:]] == ["Смирнова Ольга Викторовна", "Белова Анна Сергеевна",
                                        "Морозов Илья Павлович"]
    assert rows[1][2] == "наставник (№ 1, 2)"


def test_styles_are_times_new_roman_14_and_tables_have_borders(tmp_path):
    doc = _write(tmp_path)
    normal = doc.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"  # Cyrillic in every Word locale
    assert doc.styles["Table Text"].font.size == Pt(12)
    section = doc.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.left_margin.cm, 1) == 3.0
    for table in doc.tables:
        assert table.style.name == "Table Grid"
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.get(qn("w:val")) for b in borders} == {"single"}
        assert len(borders) == 6


def test_no_free_text_of_the_bank_gets_into_the_order(tmp_path):
    text = _all_text(_write(tmp_path, include_proposed=True))
    for secret in SECRETS.values():
        assert secret not in text


def test_with_no_confirmed_pairs_the_appendix_says_so(tmp_path):
    result = RESULT.model_copy(update={"proposals": RESULT.proposals[1:2]})  # only a proposed
    path = tmp_path / "o.docx"
    write_order(BANK, PROGRAMME, result, path, organisation=ORG)
    doc = Document(str(path))
    assert doc.tables == []
    assert "Подтверждённых наставнических пар/групп нет." in _texts(doc)


def test_english_order(tmp_path):
    doc = _write(tmp_path, lang="en")
    texts = _texts(doc)
    assert texts[1] == "ORDER" and "I ORDER:" in texts
    assert "2. To set the period of the mentoring programmes: 01.09.2026 – 31.05.2027." in texts
    assert _rows(doc.tables[0])[1][3] == "teacher – teacher\nindividual"


def test_an_organisation_is_required(tmp_path):
    with pytest.raises(ValueError, match="organisation"):
        write_order(BANK, PROGRAMME, RESULT, tmp_path / "o.docx", organisation="  ")


@pytest.mark.parametrize(("name", "expected"), [
    ("Газиева Мавиле Рустемовна", "М.Р. Газиева"),
    ("Иванов Пётр", "П. Иванов"),
    ("Петрова", "Петрова"),
])
def test_initials(name, expected):
    assert initials(name) == expected
