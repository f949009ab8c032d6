"""Declension in the documents (issue 11): ten names, both genders, hyphenated and foreign, in
the three places where a document's sentence needs a case — the order appointing the curator
(accusative: «Назначить куратором … Лебедеву Анастасию Игоревну, заместителя директора…»), the
point addressed to the curator (dative: «Куратору Лебедевой Анастасии Игоревне внести…»), and
the programme made for a mentee (genitive: «для наставляемой Лебедевой Анастасии Игоревны»)."""

from __future__ import annotations

import io

import pytest
from docx import Document

from matcher.model import Gender, ProposalStatus
from matcher.reports.order import OrderSettings, build_order
from matcher.reports.plans import build_plan
from matcher.reports.plans_docx import build_plans_docx
from tests.cases import BANK, PROGRAMME, RESULT, SCHOOL

# (nominative, gender, genitive, dative, accusative), checked by hand
NAMES = [
    ("Лебедев Василий Михайлович", Gender.male, "Лебедева Василия Михайловича",
     "Лебедеву Василию Михайловичу", "Лебедева Василия Михайловича"),
    ("Лебедева Анастасия Игоревна", Gender.female, "Лебедевой Анастасии Игоревны",
     "Лебедевой Анастасии Игоревне", "Лебедеву Анастасию Игоревну"),
    ("Римский-Корсаков Николай Андреевич", Gender.male,
     "Римского-Корсакова Николая Андреевича", "Римскому-Корсакову Николаю Андреевичу",
     "Римского-Корсакова Николая Андреевича"),
    ("Петрова-Водкина Анна Сергеевна", Gender.female, "Петровой-Водкиной Анны Сергеевны",
     "Петровой-Водкиной Анне Сергеевне", "Петрову-Водкину Анну Сергеевну"),
    ("Мамедов Эльдар Гусейн оглы", Gender.male, "Мамедова Эльдара Гусейн оглы",
     "Мамедову Эльдару Гусейн оглы", "Мамедова Эльдара Гусейн оглы"),
    ("Ким Елена Олеговна", Gender.female, "Ким Елены Олеговны", "Ким Елене Олеговне",
     "Ким Елену Олеговну"),
    ("Шевченко Тарас Григорьевич", Gender.male, "Шевченко Тараса Григорьевича",
     "Шевченко Тарасу Григорьевичу", "Шевченко Тараса Григорьевича"),
    ("Гусейнова Айгюль Рашидовна", Gender.female, "Гусейновой Айгюль Рашидовны",
     "Гусейновой Айгюль Рашидовне", "Гусейнову Айгюль Рашидовну"),
    ("Смит Джон", Gender.male, "Смита Джона", "Смиту Джону", "Смита Джона"),
    ("Белых Ольга Петровна", Gender.female, "Белых Ольги Петровны", "Белых Ольге Петровне",
     "Белых Ольгу Петровну"),
]
POSITION = "заместитель директора по учебно-воспитательной работе"


def _text(doc) -> str:
    buffer = io.BytesIO()
    doc.save(buffer)
    return "\n".join(p.text for p in Document(io.BytesIO(buffer.getvalue())).paragraphs)


@pytest.mark.parametrize(("name", "gender", "gent", "datv", "accs"), NAMES,
                         ids=[n[0] for n in NAMES])
def test_a_name_in_the_three_places_of_the_documents(name, gender, gent, datv, accs):
    settings = OrderSettings(curator=name, curator_position=POSITION)
    pairs = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL, settings=settings))
    assert (f"Назначить куратором реализации программ наставничества {accs}, "
            f"заместителя директора по учебно-воспитательной работе;") in pairs
    mentors = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL, kind="mentors",
                                settings=settings))
    assert f"Куратору {datv} внести наставников в базу наставников" in mentors

    mentee = BANK.get("T3").model_copy(update={"full_name": name, "gender": gender})
    bank = BANK.model_copy(update={"participants": tuple(
        mentee if p.id == "T3" else p for p in BANK.participants)})
    proposal = RESULT.proposals[0].model_copy(update={"status": ProposalStatus.confirmed})
    plan = _text(build_plans_docx((build_plan(bank, PROGRAMME, proposal),)))
    role = "наставляемой" if gender == Gender.female else "наставляемого"
    assert f"для {role} {gent}" in plan


def test_a_female_students_role_word_agrees():
    text = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL))
    doc_rows = Document(io.BytesIO(_save(build_order(BANK, PROGRAMME, RESULT,
                                                     organisation=SCHOOL)))).tables[0]
    cells = "\n".join(c.text for row in doc_rows.rows for c in row.cells)
    assert "Соколова Виктория Дмитриевна, обучающаяся, 7 класс" in cells
    assert "Николаев Артём Сергеевич, обучающийся, 7 класс" in cells
    assert "обучающийся" not in text.split("ПРИКАЗЫВАЮ")[0]


def _save(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
