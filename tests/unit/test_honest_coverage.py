"""Honest coverage (issue 11): the organisation's real numbers as denominators, targets from
the year-indexed table (seed 002's as the preset), confirmed pairs apart from proposed ones,
and nobody without a valid personal-data consent in any table or denominator."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.model import Bank, ConsentKind, ProposalStatus
from matcher.reports import build_report
from matcher.reports.targets import (
    Headcount,
    SchoolYearNumbers,
    numbers_from_json,
    numbers_to_json,
    preset_target,
    school_year_of,
)
from matcher.reports.views import coverage_view
from tests.cases import BANK, PROGRAMME, RESULT
from tests.factories import consents


def test_the_preset_is_seed_002s_table_by_the_year_a_school_year_ends_in():
    assert preset_target("teachers", 2023) == 0.60  # 2023/2024: «не менее 60 % в 2024 году»
    assert preset_target("teachers", 2022) == 0.50
    assert preset_target("students", 2020) == 0.10  # 2020/2021: «не менее 10 % в 2021 году»
    assert preset_target("students", 2024) == 0.50
    assert preset_target("students", 2030) == 0.50  # past the table: its last value holds
    assert preset_target("teachers", 2010) is None  # before the table: no target
    assert school_year_of(date(2026, 10, 15)) == school_year_of(date(2027, 5, 31)) == 2026


def test_own_targets_win_over_the_preset_and_round_trip_as_json():
    numbers = SchoolYearNumbers(2026, Headcount(teachers=40, young_specialists=5,
                                                students_basic=300), target_teachers=0.35)
    assert numbers.target("teachers") == (0.35, "organisation")
    assert numbers.target("students") == (0.50, "preset")
    assert numbers_from_json(numbers_to_json(numbers)) == numbers
    with pytest.raises(ValueError):
        Headcount(teachers=3, young_specialists=4)
    with pytest.raises(ValueError):
        SchoolYearNumbers(2026, Headcount(), target_students=1.5)


def test_real_numbers_are_the_denominators_and_only_confirmed_pairs_meet_the_target():
    head = Headcount(teachers=4, students_basic=4)
    r = build_report(BANK, PROGRAMME, RESULT, headcount=head, school_year=2026,
                     targets={"teachers": (0.5, "organisation"), "students": (0.5, "preset")})
    t = r.coverage["teachers"]
    assert (t.people_total, t.denominator, t.target_source) == (4, "organisation", "organisation")
    assert (t.people_confirmed, t.people_proposed) == (2, 2)
    assert t.confirmed_involved_share == 0.5 and t.involved_share == 1.0
    assert t.meets_target is True
    # nothing confirmed: the same proposals, proposed, meet no target
    fresh = RESULT.model_copy(update={"proposals": tuple(
        p.model_copy(update={"status": ProposalStatus.proposed}) for p in RESULT.proposals
        if p.status != ProposalStatus.rejected)})
    none = build_report(BANK, PROGRAMME, fresh, headcount=head)
    assert none.coverage["teachers"].meets_target is False
    assert none.coverage["students"].meets_target is False
    assert none.coverage["teachers"].involved_share == 1.0  # shown apart, as proposed
    rows = {row[0]: row[1:] for row in coverage_view(none).rows}
    assert rows["Цель достигнута (по подтверждённым)"] == ("нет", "нет")


def _revoked(pid: str) -> Bank:
    """The bank with `pid`'s personal-data consent revoked before the programme starts."""
    people = []
    for p in BANK.participants:
        if p.id == pid:
            kept = tuple(c for c in p.consents if c.kind != ConsentKind.personal_data)
            gone = consents(ConsentKind.personal_data, given=date(2026, 8, 1),
                            revoked=date(2026, 8, 20))
            p = p.model_copy(update={"consents": kept + gone})
        people.append(p)
    return BANK.model_copy(update={"participants": tuple(people)})


def test_a_person_without_personal_data_consent_is_in_no_table_and_no_denominator():
    full = build_report(BANK, PROGRAMME, RESULT)
    bank = _revoked("T2")  # Кузнецов, mentor of the proposed pair P2
    r = build_report(bank, PROGRAMME, RESULT)
    assert r.excluded_no_consent == 1
    t = r.coverage["teachers"]
    assert t.people_total == full.coverage["teachers"].people_total - 1
    assert t.people_involved == full.coverage["teachers"].people_involved - 2  # and his mentee
    assert "T2" not in {m.mentor_id for m in r.load}
    assert "T2" not in {p.mentor_id for p in r.pairs}
    # his mentee has consent: she is unmatched now, and named
    assert "T4" in {u.mentee_id for u in r.unmatched}

    r2 = build_report(_revoked("T5"), PROGRAMME, RESULT)  # an unmatched mentee
    assert "T5" not in {u.mentee_id for u in r2.unmatched}
    assert r2.coverage["teachers"].mentees_total == full.coverage["teachers"].mentees_total - 1
    rows = {row[0]: row[1:] for row in coverage_view(r2).rows}
    assert rows["Не учтены: нет действующего согласия на обработку персональных данных"][0] == 1
