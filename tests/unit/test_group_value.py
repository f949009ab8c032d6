"""Groups worth forming (issue 10, item 3): the programme's `group_value` makes the solver form
a group where the same mentees as pairs score the same; 0 turns it off."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from matcher.model import Bank, Kind, MenteeRequest, MentorOffer, Programme
from matcher.model.programme import GROUP_VALUE
from matcher.solver.api import solve
from matcher.solver.cpsat import build_model, set_objective, solve_model
from matcher.solver.engine import solve_instance
from matcher.solver.rules import group_value, groups
from matcher.solver.terms import NO_TERMS
from matcher.solver.variables import fix
from matcher.validation import objective_value, violations
from tests import factories as f
from tests.solver_cases import model_with, tiny

BOTH = frozenset({Kind.individual, Kind.group})


def one_mentor_three_mentees() -> tuple[Bank, Programme]:
    """A mentor with capacity 4 who agreed to groups and three teachers who accept groups and
    all ask about teaching methods, the mentor's topic: the case of the issue."""
    mentor = f.teacher_mentor("m", mentor=MentorOffer(capacity_mentees=4, capacity_groups=1,
                                                      kinds=BOTH))
    mentees = [f.teacher_mentee(f"e{i}", full_name=f"Петров Пётр {i}",
                                mentee=MenteeRequest(kinds=BOTH)) for i in range(3)]
    return f.bank(mentor, *mentees), f.programme()


def test_the_default_is_documented_and_positive() -> None:
    assert f.programme().group_value == GROUP_VALUE > 0


def test_capacity_four_and_three_mentees_sharing_a_topic_form_one_group() -> None:
    bank, programme = one_mentor_three_mentees()
    result = solve(bank, programme)
    assert [(p.kind, len(p.mentees)) for p in result.proposals] == [(Kind.group, 3)]
    assert violations(bank, programme, result) == []
    assert objective_value(bank, programme, result) == pytest.approx(result.objective)
    assert result.metrics["groups"] == 1
    assert result.metrics["group_value_gained"] == pytest.approx(2 * GROUP_VALUE)


def test_with_the_setting_off_the_same_case_gives_three_pairs() -> None:
    bank, _ = one_mentor_three_mentees()
    programme = f.programme(group_value=0)
    result = solve(bank, programme)
    assert sorted((p.kind, len(p.mentees)) for p in result.proposals) == [
        (Kind.individual, 1)] * 3
    assert result.metrics["groups"] == 0
    assert result.metrics["group_value_gained"] == 0
    assert objective_value(bank, programme, result) == pytest.approx(result.objective)


def test_without_the_group_kind_the_value_counts_nowhere() -> None:
    bank, _ = one_mentor_three_mentees()
    programme = f.programme(kinds={Kind.individual})
    result = solve(bank, programme)
    assert all(p.kind == Kind.individual for p in result.proposals)
    assert result.metrics["group_value_gained"] == 0


def test_group_value_rule_returns_no_terms_when_off_or_without_groups() -> None:
    off = tiny(1, 3, [(0, 0), (0, 1), (0, 2)], group=True, cap=3, cap_groups=1)
    assert model_with(off)[1].open.size == 1
    assert group_value.build(*model_with(off)) is NO_TERMS
    pairs_only = tiny(1, 3, [(0, 0), (0, 1), (0, 2)], cap=3, group_value=50)
    assert group_value.build(*model_with(pairs_only)) is NO_TERMS


@pytest.mark.parametrize("members", [2, 3])
def test_group_value_rule_alone_pays_members_minus_one(members: int) -> None:
    """Alone with the group rule, a forced group of k is worth group_value·(k − 1)."""
    inst = tiny(1, 3, [(0, 0), (0, 1), (0, 2)], group=True, cap=3, cap_groups=1,
                group_value=70)
    model, v = model_with(inst, groups)
    terms = group_value.build(model, v)
    assert not terms.coverage and terms.hint is None
    fix(model, v.member[:members], True)
    fix(model, v.member[members:], False)
    variables = np.concatenate([t[0] for t in terms.rest])
    coeffs = np.concatenate([t[1] for t in terms.rest])
    set_objective(model, variables, coeffs)
    out = solve_model(model, v, time_limit_s=5, seed=0, workers=1)
    assert out is not None and out.value == 70 * (members - 1)


@pytest.mark.parametrize(("value", "groups"), [(50, 1), (0, 0)])
def test_engine_and_cpsat_agree_on_a_tie_between_a_group_and_pairs(value: int,
                                                                    groups: int) -> None:
    """Three equal pairs or one group of three: the engine forms the group exactly when it is
    worth something, and CP-SAT alone reaches the same optimum."""
    inst = dataclasses.replace(tiny(1, 3, [(0, 0), (0, 1), (0, 2)], cap=4, cap_groups=1,
                                    group_value=value), group_ok=np.ones(3, bool))
    out = solve_instance(inst)
    assert out.optimal and len(out.solution.groups) == groups
    assert out.value == 3 * 500 + 2 * value
    model, v, _ = build_model(inst, np.arange(3), inst.group_keys())
    cp = solve_model(model, v, time_limit_s=5, seed=0, workers=1)
    assert cp is not None and cp.value == out.value


def test_the_run_summary_says_how_many_groups_and_what_they_gained() -> None:
    from matcher.cli.solve import groups_summary

    bank, programme = one_mentor_three_mentees()
    result = solve(bank, programme)
    assert groups_summary(result) == (
        "Сформировано групп: 1, выигрыш за сэкономленное время наставников: 10")
    assert groups_summary(result, "en") == (  # points on the 0–100 scale of pair scores
        "Groups formed: 1, gained for the mentors' time saved: 10")


def test_the_run_summary_says_how_many_groups_formed_and_what_they_gained() -> None:
    from service.runs import summary_of

    bank, programme = one_mentor_three_mentees()
    summary = summary_of(solve(bank, programme))
    assert summary["groups"] == 1
    assert summary["group_value_gained"] == pytest.approx(2 * GROUP_VALUE)
    off = summary_of(solve(bank, f.programme(group_value=0)))
    assert off["groups"] == 0 and off["group_value_gained"] == 0
