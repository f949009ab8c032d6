"""The curator's report: figures on the hand-computed case, Rich tables and the XLSX file."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from rich.console import Console

from matcher.errors import UnknownParticipant
from matcher.model import Form, Kind, Proposal, ProposalStatus
from matcher.reports import build_report, report_tables, write_report_xlsx
from tests.cases import BANK, PROGRAMME, RESULT


@pytest.fixture(scope="module")
def report():
    return build_report(BANK, PROGRAMME, RESULT)


def test_teacher_coverage_matches_the_hand_computed_case(report):
    t = report.coverage["teachers"]
    assert (t.mentees_total, t.mentees_covered, t.mentees_confirmed) == (3, 2, 1)
    assert (t.people_total, t.people_involved, t.people_confirmed) == (6, 4, 2)
    assert t.people_proposed == 2  # Кузнецов and Морозов: proposed, not confirmed
    assert t.mentee_share == pytest.approx(2 / 3)
    assert t.involved_share == pytest.approx(4 / 6)
    assert t.confirmed_involved_share == pytest.approx(2 / 6)
    assert t.target == 0.5
    # 4/6 with the proposed pair, but only 2/6 confirmed: a draft meets no target
    assert t.meets_target is False


def test_student_coverage_matches_the_hand_computed_case(report):
    s = report.coverage["students"]
    assert (s.mentees_total, s.mentees_covered, s.mentees_confirmed) == (3, 2, 2)
    assert (s.people_total, s.people_involved, s.people_confirmed) == (4, 3, 3)
    assert s.involved_share == pytest.approx(0.75)
    assert s.meets_target is True  # the group is locked: confirmed


def test_a_headcount_replaces_the_bank_as_denominator():
    r = build_report(BANK, PROGRAMME, RESULT, teachers_total=40, students_total=10)
    assert r.coverage["teachers"].involved_share == pytest.approx(4 / 40)
    assert r.coverage["teachers"].meets_target is False
    assert r.coverage["students"].involved_share == pytest.approx(0.3)
    assert r.coverage["students"].meets_target is False
    # The mentee shares do not depend on the headcount.
    assert r.coverage["teachers"].mentee_share == pytest.approx(2 / 3)


def test_a_headcount_below_the_involved_is_flagged_as_out_of_date():
    r = build_report(BANK, PROGRAMME, RESULT, teachers_total=3)
    assert r.coverage["teachers"].numbers_too_small
    assert not r.coverage["students"].numbers_too_small


def test_ending_a_pair_lowers_coverage():
    ended = RESULT.model_copy(update={"proposals": tuple(
        p.model_copy(update={"status": ProposalStatus.ended}) if p.id == "p2" else p
        for p in RESULT.proposals)})
    t = build_report(BANK, PROGRAMME, ended).coverage["teachers"]
    assert (t.mentees_covered, t.people_involved) == (1, 2)


def test_unmatched_lists_the_run_reasons_and_the_mentee_who_lost_her_pair(report):
    rows = {u.mentee_id: u for u in report.unmatched}
    assert set(rows) == {"T5", "S4"}
    assert rows["T5"].reasons[0].code == "mentors_full"
    assert [s.code for s in rows["T5"].suggestions] == ["raise_capacity", "recruit_mentor"]
    assert rows["S4"].name == "Федорова Полина Александровна"
    assert [r.code for r in rows["S4"].reasons] == ["proposal_inactive"]


def test_mentor_load_counts_group_members_and_ignores_rejected(report):
    load = {m.mentor_id: m for m in report.load}
    assert set(load) == {"T1", "T2", "T6", "S1", "E1"}
    assert (load["S1"].pairs, load["S1"].groups, load["S1"].mentees) == (0, 1, 2)
    assert load["S1"].utilisation == pytest.approx(2 / 3)
    assert load["T2"].utilisation == 1.0 and not load["T2"].over_capacity
    assert load["E1"].mentees == 0  # the rejected proposal does not count
    assert report.load_histogram == {0: 2, 1: 2, 2: 1}
    assert report.load[0].mentor_id == "S1"  # the busiest first


def test_over_capacity_is_flagged():
    extra = Proposal(id="p9", mentor="T2", mentees=("T5",), form=Form.teacher_teacher,
                     kind=Kind.individual, score=0.5)
    r = build_report(BANK, PROGRAMME, RESULT.model_copy(
        update={"proposals": (*RESULT.proposals, extra)}))
    t2 = next(m for m in r.load if m.mentor_id == "T2")
    assert t2.mentees == 2 and t2.over_capacity


def test_counts_by_form_kind_and_status(report):
    assert report.proposals_by_form == {Form.teacher_teacher: 2, Form.student_student: 1}
    assert report.mentees_by_form == {Form.teacher_teacher: 2, Form.student_student: 2}
    assert report.proposals_by_kind == {Kind.individual: 2, Kind.group: 1}
    assert report.mentees_by_kind == {Kind.individual: 2, Kind.group: 2}
    assert report.proposals_by_status == {
        ProposalStatus.proposed: 1, ProposalStatus.confirmed: 1, ProposalStatus.rejected: 1,
        ProposalStatus.locked: 1}


def test_score_distribution_uses_each_pair_score(report):
    sc = report.scores
    assert sc.count == 4
    assert (sc.minimum, sc.maximum) == (0.64, 0.82)
    assert sc.mean == pytest.approx((0.82 + 0.64 + 0.75 + 0.65) / 4)
    assert sc.median == pytest.approx(0.70)
    assert sc.histogram == (0, 0, 0, 0, 0, 0, 2, 1, 1, 0)


def test_pair_rows_give_a_group_one_row_per_member(report):
    rows = [(r.number, r.mentor_name, r.mentee_name, r.score) for r in report.pairs]
    assert rows == [
        (1, "Смирнова Ольга Викторовна", "Белова Анна Сергеевна", 0.82),
        (2, "Кузнецов Андрей Николаевич", "Морозов Илья Павлович", 0.64),
        (3, "Петров Максим Андреевич", "Соколова Виктория Дмитриевна", 0.75),
        (3, "Петров Максим Андреевич", "Николаев Артём Сергеевич", 0.65),
    ]


def test_a_proposal_naming_someone_not_in_the_bank_is_an_error():
    ghost = Proposal(id="px", mentor="T1", mentees=("NOBODY",), form=Form.teacher_teacher,
                     kind=Kind.individual, score=0.5)
    with pytest.raises(UnknownParticipant) as err:
        build_report(BANK, PROGRAMME, RESULT.model_copy(update={"proposals": (ghost,)}))
    assert err.value.pid == "NOBODY"


def _printed(report, lang: str) -> str:
    console = Console(record=True, width=400)  # wide enough that no cell wraps
    for table in report_tables(report, lang, pairs=True):
        console.print(table)
    return console.export_text()


def test_rich_tables_show_shares_targets_and_reasons_in_russian(report):
    text = _printed(report, "ru")
    assert "Охват наставничеством" in text
    assert "66.7%" in text and "75%" in text  # involved shares
    assert "50%" in text and "70%" in text  # targets
    assert "Федорова Полина Александровна" in text
    assert "Привлечь ещё наставника по теме «Работа с родителями»" in text
    assert "Нагрузка наставников" in text


def test_rich_tables_in_english(report):
    text = _printed(report, "en")
    assert "Mentoring coverage" in text and "Target met" in text
    assert "Охват" not in text


def test_xlsx_has_the_four_russian_sheets_with_the_figures(report, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report_xlsx(report, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Сводка", "Пары и группы", "Без наставника", "Нагрузка наставников"]

    summary = {row[0]: row[1:] for row in wb["Сводка"].iter_rows(values_only=True) if row[0]}
    assert summary["Доля вовлечённых (подтверждённые)"][:2] == (pytest.approx(2 / 6), 0.75)
    assert summary["Доля вовлечённых, если подтвердить предложенные"][:2] == (
        pytest.approx(4 / 6), 0.75)
    assert summary["Вовлечены: только предложено"][:2] == (2, 0)
    assert summary["Целевой показатель"][:2] == (0.5, 0.7)
    assert summary["Цель достигнута (по подтверждённым)"][:2] == ("нет", "да")
    assert summary["Срок"][0] == "01.09.2026 – 31.05.2027"

    pairs = list(wb["Пары и группы"].iter_rows(values_only=True))
    assert pairs[0][:4] == ("№", "Наставник", "Роль наставника", "Наставляемый")
    assert [r[3] for r in pairs[1:]] == ["Белова Анна Сергеевна", "Морозов Илья Павлович",
                                         "Соколова Виктория Дмитриевна",
                                         "Николаев Артём Сергеевич"]
    assert pairs[1][5:7] == ("педагог – педагог", "индивидуальное")
    assert pairs[4][9:] == (65, "закреплено")

    unmatched = list(wb["Без наставника"].iter_rows(values_only=True))
    assert [r[0] for r in unmatched[1:]] == ["Егорова Дарья Олеговна",
                                             "Федорова Полина Александровна"]

    load = list(wb["Нагрузка наставников"].iter_rows(values_only=True))
    assert load[1][:5] == ("Петров Максим Андреевич", "обучающийся", 0, 1, 2)
    # The shares are numbers formatted as percentages, not text.
    cell = wb["Нагрузка наставников"]["H2"]
    assert cell.value == pytest.approx(2 / 3) and "%" in cell.number_format


def test_xlsx_in_english(report, tmp_path):
    path = tmp_path / "report.xlsx"
    write_report_xlsx(report, path, lang="en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Summary", "Pairs and groups", "Unmatched", "Mentor load"]
    header = next(wb["Pairs and groups"].iter_rows(values_only=True))
    assert header[1] == "Mentor"
    assert next(wb["Pairs and groups"].iter_rows(min_row=2, values_only=True))[5] == (
        "teacher – teacher")


def test_unknown_language_is_refused(report, tmp_path):
    with pytest.raises(ValueError, match="unknown language"):
        write_report_xlsx(report, tmp_path / "r.xlsx", lang="de")
