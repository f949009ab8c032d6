"""Each CP-SAT rule alone: a model with only that rule is feasible where it should be and
infeasible where the rule forbids what is forced."""

from __future__ import annotations

import numpy as np
import pytest
from ortools.sat.python import cp_model

from matcher.candidates import Candidates
from matcher.errors import Infeasible
from matcher.solver.cpsat import Objective, build_model, set_objective, solve_model
from matcher.solver.instance import Instance, from_candidates
from matcher.solver.rules import balance, capacity, demand, fairness, groups, kept, stable
from matcher.solver.terms import NO_TERMS
from matcher.solver.variables import build_vars
from tests.solver_cases import model_with, tiny


def force_all(model: cp_model.CpModel, variables: np.ndarray) -> None:
    model.add_bool_and([model.get_bool_var_from_proto_index(int(x)) for x in variables])


def status(model: cp_model.CpModel) -> int:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    return solver.solve(model)


@pytest.mark.parametrize(("cap", "expected"), [(2, cp_model.OPTIMAL), (1, cp_model.INFEASIBLE)])
def test_capacity_bounds_all_mentees(cap: int, expected: int) -> None:
    inst = tiny(1, 2, [(0, 0), (0, 1)], cap=cap)
    model, v = model_with(inst, capacity)
    force_all(model, v.pair)
    assert status(model) == expected


@pytest.mark.parametrize(("wanted", "expected"), [(2, cp_model.OPTIMAL),
                                                  (1, cp_model.INFEASIBLE)])
def test_demand_bounds_mentors_per_mentee(wanted: int, expected: int) -> None:
    inst = tiny(2, 1, [(0, 0), (1, 0)], demand_=wanted)
    model, v = model_with(inst, demand)
    force_all(model, v.pair)
    assert status(model) == expected


def test_one_mentor_never_twice_for_a_mentee() -> None:
    # One candidate with both a pair and a group membership: not both at once.
    inst = tiny(1, 3, [(0, 0), (0, 1), (0, 2)], group=True, cap=3, cap_groups=1, demand_=2,
                group_min=2)
    inst = Instance(**{**inst.__dict__, "pair_ok": np.ones(3, bool)})
    model, v = model_with(inst, demand)
    force_all(model, np.concatenate([v.pair[:1], v.member[:1]]))
    assert status(model) == cp_model.INFEASIBLE


@pytest.mark.parametrize(("members", "expected"), [
    (2, cp_model.OPTIMAL), (3, cp_model.OPTIMAL), (1, cp_model.INFEASIBLE),
    (4, cp_model.INFEASIBLE)])
def test_group_size_within_bounds(members: int, expected: int) -> None:
    inst = tiny(1, 4, [(0, j) for j in range(4)], group=True, cap=4, cap_groups=1,
                group_min=2, group_max=3)
    model, v = model_with(inst, groups)
    force_all(model, v.member[:members])
    model.add_bool_and([~model.get_bool_var_from_proto_index(int(x)) for x in v.member[members:]])
    assert status(model) == expected


def test_members_need_an_open_group() -> None:
    inst = tiny(1, 2, [(0, 0), (0, 1)], group=True, cap=2, cap_groups=1)
    model, v = model_with(inst, groups)
    force_all(model, v.member)
    model.add(model.get_bool_var_from_proto_index(int(v.open[0])) == 0)
    assert status(model) == cp_model.INFEASIBLE


def test_group_count_bounded_by_capacity_groups() -> None:
    inst = tiny(1, 4, [(0, j) for j in range(4)], group=True, cap=4, cap_groups=1)
    inst = Instance(**{**inst.__dict__, "mentor_topic": np.ones((1, 2), bool),
                       "mentee_topic": np.asarray([[1, 0], [1, 0], [0, 1], [0, 1]], bool),
                       "topic_ids": ("a", "b")})
    model, v = model_with(inst, capacity, groups)
    assert v.open.size == 2
    force_all(model, v.open)
    assert status(model) == cp_model.INFEASIBLE


def test_kept_pair_is_fixed_and_conflicts_are_infeasible() -> None:
    inst = tiny(1, 2, [(0, 0), (0, 1)], cap=1, fixed_pairs=np.asarray([1]))
    model, v = model_with(inst, capacity, kept)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert solver.value(model.get_bool_var_from_proto_index(int(v.pair[1]))) == 1
    force_all(model, v.pair[:1])
    assert status(model) == cp_model.INFEASIBLE


def test_infeasible_model_raises_with_reasons() -> None:
    inst = tiny(1, 2, [(0, 0), (0, 1)], cap=1, fixed_pairs=np.asarray([0, 1]))
    model, v, _ = build_model(inst, np.arange(2), inst.group_keys())
    with pytest.raises(Infeasible) as err:
        solve_model(model, v, time_limit_s=5, seed=0, workers=1)
    assert err.value.conflicts


def test_stable_rule_rejects_the_blocking_optimum() -> None:
    # The best total pairs m0–e1 and m1–e0 (0.6 + 0.6), but m0 and e0 both prefer each other
    # (0.9): the only stable answer is m0–e0 alone.
    from matcher.model import Goal
    from matcher.solver.engine import solve_instance

    cands = Candidates(("m0", "m1"), ("e0", "e1"), np.asarray([0, 0, 1], np.int32),
                       np.asarray([0, 1, 0], np.int32), np.asarray([0.9, 0.6, 0.6]),
                       np.zeros(3, np.int8), np.ones(3, bool), np.zeros(3, bool))
    inst = from_candidates(cands, cap_mentees=[1, 1], cap_groups=[0, 0], demand=[1, 1],
                           goal=Goal.best_total)
    free = solve_instance(inst)
    stable = solve_instance(inst, stable=True)
    assert free.value == 1200  # m0–e1, m1–e0: blocked by m0–e0 (0.9 for both)
    assert stable.value == 900  # m0–e0 only: stable, at a cost of 0.3


def test_constraint_rules_return_no_objective_terms() -> None:
    inst = tiny(1, 2, [(0, 0), (0, 1)], group=True, cap=2, cap_groups=1,
                fixed_pairs=np.zeros(0, np.int64))
    model = cp_model.CpModel()
    v = build_vars(model, inst, np.arange(inst.n_candidates), inst.group_keys())
    for rule in (capacity, groups, kept, stable):
        terms = rule.build(model, v)
        assert terms.coverage == () and terms.rest == () and terms.hint is None, rule


def test_demand_returns_the_coverage_level() -> None:
    inst = tiny(2, 2, [(0, 0), (1, 0), (1, 1)], cap=2, cover_unit=1000,
                cover_bonus=np.asarray([0, 7], np.int64))
    model = cp_model.CpModel()
    v = build_vars(model, inst, np.arange(3), inst.group_keys())
    terms = demand.build(model, v)
    (covered, weights), = terms.coverage
    assert terms.rest == () and weights.tolist() == [1000, 1007]
    # Maximising the coverage level alone covers both mentees.
    set_objective(model, covered, weights)
    solver = cp_model.CpSolver()
    assert solver.solve(model) == cp_model.OPTIMAL
    assert -round(solver.objective_value) == 2007
    hinted, values = terms.hint(np.asarray([2]))  # only m1–e1 assigned: e1 covered
    assert hinted.tolist() == covered.tolist() and values.tolist() == [0, 1]


def test_demand_without_coverage_returns_no_terms() -> None:
    inst = tiny(1, 1, [(0, 0)], cover_unit=0)
    model, v = model_with(inst)
    assert demand.build(model, v) is NO_TERMS


@pytest.mark.parametrize(("forced", "expected"), [((0,), cp_model.OPTIMAL),
                                                  ((1, 2), cp_model.INFEASIBLE)])
def test_stable_rule_alone(forced: tuple[int, ...], expected: int) -> None:
    # m0–e0 is each one's first choice (0.9): any answer without them together is blocked.
    cands = Candidates(("m0", "m1"), ("e0", "e1"), np.asarray([0, 0, 1], np.int32),
                       np.asarray([0, 1, 0], np.int32), np.asarray([0.9, 0.6, 0.6]),
                       np.zeros(3, np.int8), np.ones(3, bool), np.zeros(3, bool))
    inst = from_candidates(cands, cap_mentees=[1, 1], cap_groups=[0, 0], demand=[1, 1])
    model, v = model_with(inst, capacity, demand, stable)
    force_all(model, v.pair[list(forced)])
    assert status(model) == expected


def maximise(model: cp_model.CpModel, terms) -> int:
    """The best value of `terms` alone (their `rest` level)."""
    variables = np.concatenate([t[0] for t in terms.rest])
    coeffs = np.concatenate([t[1] for t in terms.rest])
    set_objective(model, variables, coeffs)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(model) == cp_model.OPTIMAL
    return -round(solver.objective_value)


def test_fairness_terms_reward_the_worst_assigned_score() -> None:
    # One mentee, two mentors at 0.9 and 0.3: with one assignment forced, the fairness term
    # alone prefers the better pair, and is worth fairness × its score.
    cands = Candidates(("m0", "m1"), ("e0",), np.asarray([0, 1], np.int32),
                       np.asarray([0, 0], np.int32), np.asarray([0.9, 0.3]),
                       np.zeros(2, np.int8), np.ones(2, bool), np.zeros(2, bool))
    inst = from_candidates(cands, cap_mentees=[1, 1], cap_groups=[0, 0], demand=[1],
                           fairness=3)
    model, v = model_with(inst, demand)
    terms = fairness.build(model, v)
    model.add(sum(model.get_bool_var_from_proto_index(int(x)) for x in v.pair) == 1)
    assert terms.coverage == () and maximise(model, terms) == 3 * 900
    worst, value = terms.hint(np.asarray([1]))
    assert value.tolist() == [300] and worst.size == 1


def test_fairness_worst_is_zero_when_nobody_is_assigned() -> None:
    inst = tiny(1, 1, [(0, 0)], fairness=2)
    model, v = model_with(inst)
    terms = fairness.build(model, v)
    model.add(model.get_bool_var_from_proto_index(int(v.pair[0])) == 0)
    assert maximise(model, terms) == 0


@pytest.mark.parametrize("load", [0, 1, 2, 3])
def test_balance_terms_charge_the_square_of_each_load(load: int) -> None:
    inst = tiny(1, 3, [(0, 0), (0, 1), (0, 2)], cap=3, balance=10)
    model, v = model_with(inst, capacity)
    terms = balance.build(model, v)
    force_all(model, v.pair[:load])
    model.add_bool_and([~model.get_bool_var_from_proto_index(int(x)) for x in v.pair[load:]])
    assert maximise(model, terms) == -10 * load * load
    units, on = terms.hint(np.arange(load))
    assert units.size == 3 and on.tolist() == [1] * load + [0] * (3 - load)


def test_balance_spreads_load_when_it_is_the_objective() -> None:
    # Two mentees, two mentors: the balance terms alone prefer one mentee each (−2) to both
    # with one mentor (−4).
    inst = tiny(2, 2, [(0, 0), (0, 1), (1, 0), (1, 1)], cap=2, balance=1)
    model, v = model_with(inst, capacity, demand)
    terms = balance.build(model, v)
    for e in (0, 1):  # every mentee gets a mentor
        model.add(sum(model.get_bool_var_from_proto_index(int(v.pair[i]))
                      for i in range(4) if int(inst.mentee[i]) == e) == 1)
    assert maximise(model, terms) == -2


def test_the_objective_does_not_depend_on_the_order_of_the_rules() -> None:
    inst = tiny(2, 2, [(0, 0), (0, 1), (1, 0), (1, 1)], cap=2, balance=1, fairness=2,
                cover_unit=5000)
    model, _, obj = build_model(inst, np.arange(4), inst.group_keys())
    shuffled = Objective(gain=obj.gain, rules=tuple(reversed(obj.rules)))
    first, second = cp_model.CpModel(), cp_model.CpModel()
    set_objective(first, *obj.whole())
    set_objective(second, *shuffled.whole())
    assert str(first.proto.objective) == str(second.proto.objective)
    assert str(model.proto.objective) == str(first.proto.objective)
