"""The table of hard rules is the one source of codes, bits and texts: the rules, the vectorised
eligibility and the unmatched summaries all agree with it."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import matcher.scoring.features
from matcher import rules
from matcher.hard_rules import BIT, BY_CODE, EXCLUSION_CODES, HARD_RULES, rule_reason, short
from matcher.scoring import codes, eligibility
from matcher.scoring.eligibility import decode
from matcher.solver import unmatched


def test_every_rule_has_a_bit_and_texts() -> None:
    assert len(HARD_RULES) == len(BY_CODE) <= 16  # unique codes; bits fit uint16
    assert sorted(BIT.values()) == [1 << i for i in range(len(HARD_RULES))]
    for rule in HARD_RULES:
        assert BIT[rule.code] == 1 << EXCLUSION_CODES.index(rule.code)
        assert rule.ru and rule.en and rule.short_ru and rule.short_en, rule.code
        assert short(rule.code, "ru") == rule.short_ru
        assert short(rule.code, "en") == rule.short_en


def test_rules_eligibility_and_unmatched_read_the_table() -> None:
    raised = re.findall(r'_r\(\s*"([a-z_]+)"', inspect.getsource(rules.checked_pair))
    assert set(raised) == set(EXCLUSION_CODES)
    assert eligibility.EXCLUSION_CODES is EXCLUSION_CODES and eligibility.BIT is BIT
    assert decode(sum(BIT.values())) == EXCLUSION_CODES
    vectorised = set(re.findall(r'BIT\["([a-z_]+)"\]', inspect.getsource(eligibility)))
    person = set(re.findall(r'BIT\["([a-z_]+)"\]', inspect.getsource(codes.person_bits)))
    pairs = set(re.findall(r'"([a-z_]+)"\)', inspect.getsource(eligibility.evaluate)))
    assert vectorised | person | pairs >= set(EXCLUSION_CODES)
    assert not hasattr(unmatched, "SHORT")  # no second table of labels
    assert unmatched._counted([("no_form", 5), ("conflict", 1)], "ru") == (
        "5 наставников: другая форма; 1 наставник: конфликт")
    assert unmatched._counted([("no_form", 5)], "en") == "5 mentors: no common form"


def test_reason_texts_are_the_same_as_before() -> None:
    assert rule_reason("not_a_mentor", name="Иванова А. А.").ru == (
        "Иванова А. А. не в банке наставников")
    reason = rule_reason("mentor_consent", consents="согласие на участие",
                         consents_en="participation consent")
    assert reason.code == "mentor_consent"
    assert reason.ru == "У наставника нет согласия: согласие на участие"
    assert reason.en == "The mentor lacks consent: participation consent"
    assert rule_reason("no_kind").ru == (
        "Нет общего вида наставничества (индивидуальное, групповое…)")


def test_features_and_eligibility_import_without_a_cycle() -> None:
    """The code layout lives in matcher.scoring.codes; features never imports eligibility."""
    tree = ast.parse(Path(matcher.scoring.features.__file__).read_text(encoding="utf-8"))
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert "matcher.scoring.eligibility" not in modules
    assert "matcher.scoring.codes" in modules


def test_unmatched_names_the_rule_that_stops_the_form_not_just_another_form() -> None:
    """Issue 10: a student whose only possible mentor is a senior of another school hears
    «другая организация», not the generic «другая форма»."""
    from matcher.model import ConsentKind
    from matcher.solver import solve
    from matcher.solver.why_not import why_not
    from tests import factories as f

    both = (*f.MENTEE_CONSENTS, *f.MENTOR_CONSENTS, *f.consents(ConsentKind.guardian))
    senior = f.teacher_mentor("m", role="student", birth_year=2009, grade=11, consents=both,
                              organisation="Школа 2", competencies={"olympiads": 3})
    junior = f.teacher_mentee("e", role="student", birth_year=2013, grade=7, consents=both,
                              requests={"olympiads": 3})
    bank, programme = f.bank(senior, junior), f.programme()
    result = solve(bank, programme)
    (entry,) = result.unmatched
    assert entry.reasons[0].ru == (
        "Нет ни одного допустимого наставника (1 наставник: другая организация)")
    assert entry.reasons[0].en == "No eligible mentor (1 mentors: another organisation)"
    answer = why_not(bank, programme, "e", "m")
    assert not answer.allowed and [r.code for r in answer.reasons] == ["no_form"]
    assert "«ученик – ученик» — участники из разных организаций" in answer.text("ru")
