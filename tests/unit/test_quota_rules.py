"""The quota and minimum-load CP-SAT rules alone (feasible / infeasible), and in solves."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from ortools.sat.python import cp_model

from datasets.generators import generate
from matcher.errors import Infeasible
from matcher.model import MentorOffer, ProgrammeOptions, Quota
from matcher.solver.api import solve
from matcher.solver.cpsat import set_objective
from matcher.solver.engine import solve_instance
from matcher.solver.instance import QuotaRow
from matcher.solver.rules import min_load, quotas
from matcher.solver.solution import value
from tests import factories as f
from tests.solver_cases import model_with, tiny


def force_all(model: cp_model.CpModel, variables: np.ndarray) -> None:
    model.add_bool_and([model.get_bool_var_from_proto_index(int(x)) for x in variables])


def status(model: cp_model.CpModel) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model)


@pytest.mark.parametrize(("at_most", "expected"), [(2, cp_model.OPTIMAL),
                                                    (1, cp_model.INFEASIBLE)])
def test_at_most_bounds_the_pairs_of_a_value(at_most: int, expected: int) -> None:
    row = QuotaRow(member=np.array([True, True, False]), at_most=at_most)
    inst = tiny(3, 3, [(0, 0), (1, 1), (2, 2)], quotas=(row,))
    model, v = model_with(inst, quotas)
    force_all(model, v.pair)
    assert status(model) == expected


@pytest.mark.parametrize(("permille", "expected"), [(700, cp_model.OPTIMAL),
                                                     (600, cp_model.INFEASIBLE)])
def test_share_at_most_bounds_a_share_of_all_pairs(permille: int, expected: int) -> None:
    row = QuotaRow(member=np.array([True, True, False]), share_permille=permille)
    inst = tiny(3, 3, [(0, 0), (1, 1), (2, 2)], quotas=(row,))
    model, v = model_with(inst, quotas)
    force_all(model, v.pair)  # 2 of 3 pairs: 667‰
    assert status(model) == expected


def test_at_least_is_soft_and_charged_per_missing_pair() -> None:
    row = QuotaRow(member=np.array([True, False]), at_least=1, penalty=400)
    inst = tiny(2, 1, [(0, 0), (1, 0)], quotas=(row,))
    inst = inst.__class__(**{**inst.__dict__, "score": np.array([300, 600])})
    model, v = model_with(inst, quotas)
    terms = quotas.build(model, v)
    assert status(model) == cp_model.OPTIMAL  # feasible even when nobody is assigned
    out = solve_instance(inst, time_limit_s=2)
    # 600 alone is charged 400 (net 200 + coverage); 300 keeps the quota: better.
    assert out.solution.assigned().tolist() == [0]
    assert value(inst, out.solution) == inst.cover_unit + 300
    assert terms.rest


@pytest.mark.parametrize(("forced", "expected"), [(True, cp_model.OPTIMAL),
                                                   (False, cp_model.OPTIMAL)])
def test_min_load_is_soft(forced: bool, expected: int) -> None:
    inst = tiny(2, 1, [(0, 0), (1, 0)], min_load=np.array([1, 1]), min_load_penalty=100)
    model, v = model_with(inst, min_load)
    if forced:
        force_all(model, v.pair[:1])
    assert status(model) == expected


def test_min_load_spreads_mentees_where_possible() -> None:
    # Mentor 0 is best for both mentees but a minimum load of 1 gives mentor 1 one of them.
    inst = tiny(2, 2, [(0, 0), (0, 1), (1, 0), (1, 1)], cap=2,
                min_load=np.array([1, 1]), min_load_penalty=500)
    inst = inst.__class__(**{**inst.__dict__, "score": np.array([900, 900, 600, 600])})
    out = solve_instance(inst, time_limit_s=2)
    assert sorted(inst.mentor[out.solution.assigned()].tolist()) == [0, 1]
    plain = inst.__class__(**{**inst.__dict__, "min_load_penalty": 0})
    assert inst.mentor[solve_instance(plain).solution.assigned()].tolist() == [0, 0]


def test_set_objective_ignores_an_empty_rule() -> None:
    inst = tiny(1, 1, [(0, 0)])
    model, _ = model_with(inst, quotas, min_load)
    set_objective(model, np.zeros(0, np.int64), np.zeros(0, np.int64))
    assert status(model) == cp_model.OPTIMAL


def test_at_most_ten_per_partner_organisation_on_a_district() -> None:
    bank = generate(300, seed=1).bank
    programme = f.programme(quotas=[Quota(field="organisation", side="mentor", at_most=10)],
                            time_limit_s=5)
    result = solve(bank, programme)
    per_org = Counter(bank.get(p.mentor).organisation for p in result.proposals
                      for _ in p.mentees)
    assert max(per_org.values()) == 10
    assert result.metrics["options_score_cost"] > 0  # what the quota costs, in the summary


def test_priority_and_stored_options_reach_the_solve() -> None:
    m = f.teacher_mentor("m", mentor=MentorOffer(capacity_mentees=1), interests=("шахматы",))
    low = f.teacher_mentee("e1", interests=("шахматы",))
    high = f.teacher_mentee("e2", priority=3)
    bank = f.bank(m, low, high)
    plain = solve(bank, f.programme())
    assert [p.mentees for p in plain.proposals] == [("e1",)]  # shared interests
    favoured = solve(bank, f.programme(options=ProgrammeOptions(priority_bonus=0.5)))
    assert [p.mentees for p in favoured.proposals] == [("e2",)]
    assert favoured.violations == ()


def test_a_rerun_favours_the_mentee_left_unmatched_last_time() -> None:
    m = f.teacher_mentor("m", mentor=MentorOffer(capacity_mentees=1), interests=("шахматы",))
    first_choice = f.teacher_mentee("e1", interests=("шахматы",))
    left_out = f.teacher_mentee("e2")
    bank = f.bank(m, first_choice, left_out)
    first = solve(bank, f.programme())
    assert [u.mentee for u in first.unmatched] == ["e2"]
    again = solve(bank, f.programme(), previous=first)
    assert [p.mentees for p in again.proposals] == [("e1",)]  # no reason to move anyone
    favoured = solve(bank, f.programme(options=ProgrammeOptions(unmatched_bonus=0.5)),
                     previous=first)
    assert [p.mentees for p in favoured.proposals] == [("e2",)]
    assert favoured.violations == ()


def test_stability_and_a_quota_that_rule_each_other_out_say_so() -> None:
    # Two free mentors and two mentees of one organisation: one pair only (the quota) always
    # leaves the other two a blocking pair, so no result is both stable and within the quota.
    bank = f.bank(f.teacher_mentor("m1", mentor=MentorOffer(capacity_mentees=1)),
                  f.teacher_mentor("m2", mentor=MentorOffer(capacity_mentees=1)),
                  f.teacher_mentee("e1"), f.teacher_mentee("e2"))
    quota = [Quota(field="organisation", side="mentor", at_most=1)]
    with pytest.raises(Infeasible, match="квоты программы несовместимы"):
        solve(bank, f.programme(quotas=quota, options=ProgrammeOptions(stable=True),
                                time_limit_s=5))
    loose = solve(bank, f.programme(quotas=[Quota(field="organisation", side="mentor",
                                                  at_most=2)],
                                    options=ProgrammeOptions(stable=True), time_limit_s=5))
    assert sum(len(p.mentees) for p in loose.proposals) == 2
    assert loose.violations == ()
