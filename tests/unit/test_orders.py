"""The orders per organisation (issue 11): the regulation that fits the pairs, one order per
organisation, the order appointing mentors, the order on changes with grounds and who asked,
the organisation's settings with the curator declined as the sentence needs, file names."""

from __future__ import annotations

import io
from datetime import date

from docx import Document

from matcher.model import ProposalStatus
from matcher.reports.order import (
    ChangeGround,
    OrderSettings,
    RecordedChange,
    build_order,
    build_orders,
    order_filename,
    order_organisations,
)
from tests.cases import BANK, PROGRAMME, RESULT, SCHOOL

GYM = "МБОУ «Гимназия № 2»"


def _text(doc) -> str:
    buffer = io.BytesIO()
    doc.save(buffer)
    doc = Document(io.BytesIO(buffer.getvalue()))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _only(*ids: str, **status: ProposalStatus):
    props = tuple(p.model_copy(update={"status": status.get(p.id, p.status)})
                  for p in RESULT.proposals if p.id in ids)
    return RESULT.model_copy(update={"proposals": props})


def test_a_student_programmes_order_does_not_cite_the_teachers_regulation():
    students = _only("p3")  # the locked student group
    text = _text(build_order(BANK, PROGRAMME, students, organisation=SCHOOL))
    assert "Положением о наставничестве обучающихся" in text
    assert "педагогических работников" not in text
    teachers = _text(build_order(BANK, PROGRAMME, _only("p1"), organisation=SCHOOL))
    assert "Положением о системе наставничества педагогических работников" in teachers
    assert "обучающихся в" not in teachers
    own = OrderSettings(regulation_students="Положением о программе наставничества «Шаг "
                                            "вперёд» МБОУ СШ № 7")
    text = _text(build_order(BANK, PROGRAMME, students, organisation=SCHOOL, settings=own))
    assert "Положением о программе наставничества «Шаг вперёд» МБОУ СШ № 7" in text


def _two_schools():
    """Белова (the mentee of p1) moves to a second school of the same programme."""
    people = tuple(p.model_copy(update={"organisation": GYM}) if p.id == "T3" else p
                   for p in BANK.participants)
    bank = BANK.model_copy(update={"participants": people})
    programme = PROGRAMME.model_copy(update={
        "organisations": (*PROGRAMME.organisations, GYM)})
    return bank, programme


def test_a_school_with_two_organisations_gets_two_orders_each_with_its_own_pairs():
    bank, programme = _two_schools()
    orders = build_orders(bank, programme, RESULT, "pairs", settings={
        GYM: OrderSettings(number="12-о", director="Орлова Нина Павловна")})
    assert [o.organisation for o in orders] == sorted([GYM, SCHOOL])
    by_org = {o.organisation: _text(o.document) for o in orders}
    assert "Белова Анна Сергеевна" in by_org[GYM]
    assert "Петров Максим Андреевич" not in by_org[GYM]
    assert "Белова Анна Сергеевна" not in by_org[SCHOOL]
    assert "Петров Максим Андреевич" in by_org[SCHOOL]
    assert "№ 12-о" in by_org[GYM] and "/Н.П. Орлова/" in by_org[GYM]
    assert "№ 12-о" not in by_org[SCHOOL]
    names = {o.organisation: o.filename for o in orders}
    assert names[GYM] == ("Приказ о закреплении наставнических пар — МБОУ «Гимназия № 2» — "
                          "Наставничество 2026-27.docx")


def test_the_file_name_says_what_and_for_whom():
    name = order_filename("mentors", "МБОУ «СШ № 7»", PROGRAMME)
    assert name.startswith("Приказ о назначении наставников — МБОУ «СШ № 7» — ")
    assert "/" not in name and name.endswith(".docx")


def test_the_order_appointing_mentors_lists_each_mentor_once_and_declines_the_curator():
    settings = OrderSettings(curator="Васильева Елена Игоревна",
                             curator_position="заместитель директора по УВР")
    text = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL, kind="mentors",
                             settings=settings))
    assert "О назначении наставников" in text
    assert "Назначить наставниками с их письменного согласия" in text
    assert "Куратору Васильевой Елене Игоревне внести наставников" in text
    assert text.count("Смирнова Ольга Викторовна") == 2  # the mentors' table and consents
    pairs = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL, settings=settings))
    assert ("Назначить куратором реализации программ наставничества Васильеву Елену "
            "Игоревну, заместителя директора по УВР") in pairs


def test_an_ended_pair_appears_in_the_order_on_changes_with_its_ground_and_who_asked():
    new_pair = RESULT.proposals[1].model_copy(update={
        "id": "p5", "mentees": ("T3",), "status": ProposalStatus.confirmed, "pairs": ()})
    changed = [p.model_copy(update={"status": ProposalStatus.ended,
                                    "status_reason": "смена места работы наставника"})
               if p.id == "p1" else p for p in RESULT.proposals]
    ended = RESULT.model_copy(update={"proposals": (*changed, new_pair)})
    text = _text(build_order(BANK, PROGRAMME, ended, organisation=SCHOOL, kind="changes",
                             grounds={"p1": ChangeGround("заявление наставника от 01.11.2026",
                                                         "Смирнова О. В. (наставник)",
                                                         date(2026, 11, 1))}))
    assert "О внесении изменений в состав наставнических пар/групп" in text
    assert "Смирнова Ольга Викторовна →\nБелова Анна Сергеевна" in text
    assert "прекращение работы\nзамена наставника: Кузнецов Андрей Николаевич" in text
    assert "заявление наставника от 01.11.2026\n01.11.2026" in text
    assert "Смирнова О. В. (наставник)" in text
    # without a recorded ground, the proposal's reason is the ground
    text = _text(build_order(BANK, PROGRAMME, ended, organisation=SCHOOL, kind="changes"))
    assert "смена места работы наставника" in text
    none = _text(build_order(BANK, PROGRAMME, RESULT, organisation=SCHOOL, kind="changes"))
    assert "Завершённых или изменённых пар/групп нет." in none


def test_the_order_on_changes_lists_extensions_other_forms_and_assigned_alternates():
    """The one order on changes also lists changes that leave a pair going, in the order made,
    after the ended pairs; a change of a pair not yet confirmed is in no order."""
    agreed = ChangeGround("по обоюдному согласию наставника и наставляемого",
                          "по обоюдному решению", date(2026, 12, 1))
    statuses = {"p1": ProposalStatus.confirmed, "p2": ProposalStatus.confirmed,
                "p4": ProposalStatus.proposed}
    result = RESULT.model_copy(update={"proposals": tuple(
        p.model_copy(update={"status": statuses.get(p.id, p.status)})
        for p in RESULT.proposals)})
    recorded = [RecordedChange("p2", "change_form", agreed, form="дистанционная"),
                RecordedChange("p1", "extend", agreed, until=date(2027, 8, 31)),
                RecordedChange("p4", "promote", agreed),  # still proposed: not in the order
                RecordedChange("gone", "extend", agreed, until=date(2027, 8, 31))]
    doc = build_order(BANK, PROGRAMME, result, organisation=SCHOOL, kind="changes",
                      recorded=recorded)
    rows = [[c.text for c in r.cells] for t in doc.tables for r in t.rows][1:]
    assert [r[0] for r in rows] == ["1", "2"]
    assert rows[0][2] == "изменение формы: «дистанционная»"
    assert rows[1][2] == "продление срока до 31.08.2027"
    assert rows[1][1].startswith("Смирнова Ольга Викторовна →")
    assert "по обоюдному согласию" in rows[1][3] and rows[1][4] == "по обоюдному решению"
    assert order_organisations(BANK, result, "changes", recorded=recorded) == (SCHOOL,)
    assert order_organisations(BANK, result, "changes") == ()
