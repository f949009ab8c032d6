"""The personalised mentoring programmes: built from a run, written as DOCX, read back with
python-docx, and written by `matcher plans`."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from docx import Document
from typer.testing import CliRunner

import matcher.cli.reports  # noqa: F401  (registers the commands)
from matcher.bank_io import write_bank
from matcher.cli.app import app
from matcher.errors import UnknownParticipant
from matcher.model import ProposalStatus
from matcher.reports.common import topic_label
from matcher.reports.plans import PlanLine, build_plans, months
from matcher.reports.plans_docx import write_plans
from tests.cases import BANK, PROGRAMME, RESULT, SECRETS

runner = CliRunner()


def _read(path) -> tuple[list[str], list]:
    doc = Document(str(path))
    return [p.text for p in doc.paragraphs if p.text.strip()], doc.tables


def _rows(table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def test_one_plan_per_active_pair_and_group_rejected_ones_have_none():
    plans = build_plans(BANK, PROGRAMME, RESULT)
    assert sorted(p.proposal.id for p in plans) == ["p1", "p2", "p3"]  # p4 was rejected
    assert [p.number for p in plans] == [1, 2, 3]
    drafts = {p.proposal.id: p.is_draft for p in plans}
    assert drafts == {"p1": False, "p2": True, "p3": False}


def test_confirmed_only_leaves_out_the_proposed_pairs():
    plans = build_plans(BANK, PROGRAMME, RESULT, confirmed_only=True)
    assert sorted(p.proposal.id for p in plans) == ["p1", "p3"]
    assert all(p.proposal.status != ProposalStatus.proposed for p in plans)


def test_goals_competencies_and_difficulties_come_from_the_pair():
    plan = next(p for p in build_plans(BANK, PROGRAMME, RESULT) if p.proposal.id == "p1")
    assert plan.goals == ("Преодолеть затруднения по теме «Дисциплина и управление классом»",
                          "Преодолеть затруднения по теме «Методика преподавания»")
    assert plan.competencies == (("classroom_management", 3), ("teaching_methods", 3))
    assert plan.difficulties == (SECRETS["T3"],)


def test_a_group_plan_keeps_each_mentees_difficulties_private():
    plan = next(p for p in build_plans(BANK, PROGRAMME, RESULT) if p.proposal.id == "p3")
    assert plan.difficulties == ()
    assert [m.id for m in plan.mentees] == ["S2", "S3"]
    assert all("наставляемого" not in line.activity for line in plan.lines)


def test_the_plan_has_a_line_for_every_month_of_the_period():
    assert months(date(2026, 9, 1), date(2027, 5, 31)) == tuple(
        date(2026 + (m > 12), (m - 1) % 12 + 1, 1) for m in range(9, 18))
    for plan in build_plans(BANK, PROGRAMME, RESULT):
        assert [line.month for line in plan.lines] == list(months(PROGRAMME.start, PROGRAMME.end))
        assert plan.lines[0].activity.startswith("Знакомство")
        assert plan.lines[-1].activity.startswith("Итоговая встреча")
        middle = " ".join(line.activity for line in plan.lines[1:-1])
        for t in plan.proposal.topics:
            assert topic_label(t) in middle


def test_unknown_people_are_refused():
    broken = RESULT.model_copy(update={"proposals": (
        RESULT.proposals[0].model_copy(update={"mentor": "ghost"}),)})
    with pytest.raises(UnknownParticipant):
        build_plans(BANK, PROGRAMME, broken)


def test_the_docx_holds_every_part_of_a_programme(tmp_path):
    path = tmp_path / "plans.docx"
    plans = build_plans(BANK, PROGRAMME, RESULT)
    write_plans(plans, path)
    texts, tables = _read(path)
    titles = [t for t in texts if t.startswith("Персонализированная программа наставничества")]
    assert titles == ["Персонализированная программа наставничества № 1 (проект)",
                      "Персонализированная программа наставничества № 2",
                      "Персонализированная программа наставничества № 3"]
    assert len(tables) == 3 * 3  # participants, plan, results for each
    people = _rows(tables[3])  # programme 2 is p1: Смирнова → Белова
    assert people[0] == ["Участие", "ФИО", "Должность (класс)"]
    assert people[1][:2] == ["Наставник", "Смирнова Ольга Викторовна"]
    assert people[2][:2] == ["Наставляемая", "Белова Анна Сергеевна"]
    plan = _rows(tables[4])
    assert plan[0] == ["№", "Месяц", "Мероприятие", "Встреч", "Отметка о выполнении"]
    assert [r[1] for r in plan[1:]] == [
        "Сентябрь 2026", "Октябрь 2026", "Ноябрь 2026", "Декабрь 2026", "Январь 2027",
        "Февраль 2027", "Март 2027", "Апрель 2027", "Май 2027"]
    results = _rows(tables[5])
    assert results[0] == ["№", "Результат", "Как измеряется"]
    assert results[-1][1] == "Участники удовлетворены работой в паре (группе)"
    for part in ("1. Участники", "2. Форма, вид и срок", "3. Цели",
                 "4. Компетенции наставника, отвечающие запросу", "5. План мероприятий",
                 "6. Ожидаемые результаты и как они измеряются", "7. Подписи",
                 "Форма наставничества: педагог – педагог.",
                 "Вид наставничества: индивидуальное.",
                 "Срок реализации: 01.09.2026 – 31.05.2027.",
                 "1. Преодолеть затруднения по теме «Дисциплина и управление классом».",
                 "– Дисциплина и управление классом — уровень 3 из 3",
                 "Наставник\t____________\t/О.В. Смирнова/",
                 "Наставляемая\t____________\t/А.С. Белова/"):
        assert part in texts, part
    # the students' group: a guardian signs for each minor
    assert texts.count("Законный представитель\t____________\t/____________/") >= 2


def test_a_curators_edit_shows_in_the_document(tmp_path):
    plans = build_plans(BANK, PROGRAMME, RESULT)
    first = plans[0]
    edited = dataclasses.replace(
        first, goals=("Подготовить открытый урок",),
        lines=(PlanLine(date(2026, 9, 1), "Разбор рабочей программы", 3), *first.lines[1:]))
    path = tmp_path / "plans.docx"
    write_plans((edited, *plans[1:]), path)
    texts, tables = _read(path)
    assert "1. Подготовить открытый урок." in texts
    assert _rows(tables[1])[1] == ["1", "Сентябрь 2026", "Разбор рабочей программы", "3", ""]


def test_english_plans(tmp_path):
    path = tmp_path / "plans.docx"
    write_plans(build_plans(BANK, PROGRAMME, RESULT, lang="en"), path, lang="en")
    texts, tables = _read(path)
    assert "Personalised mentoring programme No. 2" in texts
    assert _rows(tables[1])[1][1] == "September 2026"


def test_matcher_plans_writes_one_programme_per_pair(tmp_path):
    bank = tmp_path / "bank.json"
    write_bank(BANK, bank)
    result = tmp_path / "result.json"
    result.write_text(RESULT.model_dump_json(), encoding="utf-8")
    programme = tmp_path / "programme.json"
    programme.write_text(PROGRAMME.model_dump_json(), encoding="utf-8")
    out = tmp_path / "plans.docx"
    res = runner.invoke(app, ["plans", str(result), "--bank", str(bank), "--programme",
                              str(programme), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "(3)" in res.output
    texts, _ = _read(out)
    assert sum(t.startswith("Персонализированная программа") for t in texts) == 3
    res = runner.invoke(app, ["plans", str(result), "--bank", str(bank), "--programme",
                              str(programme), "--out", str(out), "--confirmed-only"])
    assert res.exit_code == 0, res.output
    texts, _ = _read(out)
    assert sum(t.startswith("Персонализированная программа") for t in texts) == 2
