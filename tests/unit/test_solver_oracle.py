"""Oracle tests: the solver's totals equal exact optima (flow, linear_sum_assignment, brute
force). Totals are compared, never exact pairs, since ties are allowed."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.optimize import linear_sum_assignment

from matcher.model import Goal
from matcher.solver.engine import plain_flow, solve_instance
from matcher.solver.instance import Instance
from matcher.solver.solution import Group, Solution, value
from tests.solver_strategies import random_instance

NEG = -1e15


def lsa_optimum(inst: Instance) -> int:
    """linear_sum_assignment over mentor slots (one column per unit of capacity)."""
    slots = np.repeat(np.arange(len(inst.mentor_ids)), inst.cap_mentees)
    weight = np.full((len(inst.mentee_ids), len(inst.mentor_ids)), NEG)
    weight[inst.mentee, inst.mentor] = inst.cover_unit + inst.score
    matrix = weight[:, slots]
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return int(sum(matrix[r, c] for r, c in zip(rows, cols, strict=True) if matrix[r, c] > NEG))


@pytest.mark.parametrize("seed", range(25))
def test_flow_cpsat_and_lsa_agree_on_plain_pairing(seed: int) -> None:
    inst = random_instance(seed, n_mentors=7, n_mentees=9, density=0.45, max_cap=2)
    flow = solve_instance(inst)
    cp = solve_instance(inst, force_cpsat=True, time_limit_s=10)
    assert flow.solver == "min-cost flow" and flow.optimal
    assert cp.optimal
    assert flow.value == cp.value == lsa_optimum(inst)


@pytest.mark.parametrize("seed", range(10))
def test_best_total_goal_agrees_with_cpsat(seed: int) -> None:
    inst = random_instance(seed, n_mentors=6, n_mentees=8, density=0.5, max_demand=2,
                           goal=Goal.best_total)
    assert solve_instance(inst).value == solve_instance(inst, force_cpsat=True).value


@pytest.mark.parametrize("seed", range(10))
def test_several_mentors_wanted_flow_equals_cpsat(seed: int) -> None:
    inst = random_instance(seed, n_mentors=6, n_mentees=8, density=0.6, max_cap=3, max_demand=3)
    flow, cp = solve_instance(inst), solve_instance(inst, force_cpsat=True)
    assert flow.value == cp.value
    mentees = inst.mentee[flow.solution.assigned()]
    assert (np.bincount(mentees, minlength=len(inst.mentee_ids)) <= inst.demand).all()


def test_coverage_comes_before_score() -> None:
    # m0 can take e0 (0.9) or e1 (0.1); m1 only e0 (0.1). Best total 0.9 covers one mentee;
    # coverage first takes m0–e1 and m1–e0 (total 0.2) and covers both.
    from matcher.candidates import Candidates
    from matcher.solver.instance import from_candidates

    cands = Candidates(("m0", "m1"), ("e0", "e1"), np.array([0, 0, 1], np.int32),
                       np.array([0, 1, 0], np.int32), np.array([0.9, 0.1, 0.1]),
                       np.zeros(3, np.int8), np.ones(3, bool), np.zeros(3, bool))
    common = dict(cap_mentees=[1, 1], cap_groups=[0, 0], demand=[1, 1])
    first = from_candidates(cands, **common, cover_unit=2001)
    total = from_candidates(cands, **common, goal=Goal.best_total)
    assert solve_instance(first).value == 2 * 2001 + 200
    assert solve_instance(total).value == 900


def brute_force(inst: Instance) -> int:
    """The best objective by trying every choice per candidate: none, pair, or a group key."""
    opts = inst.group_keys()
    choices = []
    for c in range(inst.n_candidates):
        mine = [("g", int(k)) for k in opts.member_key[opts.member_cand == c]]
        choices.append([None] + ([("p", 0)] if inst.pair_usable[c] else []) + mine)
    best = None
    for pick in itertools.product(*choices):
        pairs = [c for c, x in enumerate(pick) if x is not None and x[0] == "p"]
        groups: dict[int, list[int]] = {}
        for c, x in enumerate(pick):
            if x is not None and x[0] == "g":
                groups.setdefault(x[1], []).append(c)
        if any(not inst.group_min <= len(m) <= inst.group_max for m in groups.values()):
            continue
        sol = Solution(np.asarray(pairs, np.int64), tuple(
            Group(int(opts.mentor[k]), int(opts.topic[k]), int(opts.form[k]),
                  np.asarray(m, np.int64)) for k, m in groups.items()))
        idx = sol.assigned()
        load = np.bincount(inst.mentor[idx], minlength=len(inst.mentor_ids))
        n_pairs = np.bincount(inst.mentor[sol.pairs], minlength=len(inst.mentor_ids))
        n_groups = np.bincount(np.asarray([g.mentor for g in sol.groups], np.int64),
                               minlength=len(inst.mentor_ids))
        got = np.bincount(inst.mentee[idx], minlength=len(inst.mentee_ids))
        if (load > inst.total_cap).any() or (n_pairs > inst.cap_mentees).any():
            continue
        if (n_groups > inst.cap_groups).any() or (got > inst.demand).any():
            continue
        v = value(inst, sol)
        best = v if best is None else max(best, v)
    return best


@pytest.mark.parametrize("seed", range(60))
def test_groups_equal_brute_force(seed: int) -> None:
    inst = random_instance(seed, n_mentors=2, n_mentees=5, density=0.6, groups=True, max_cap=4,
                           max_demand=2, n_topics=2)
    if inst.n_candidates > 8:
        pytest.skip("too many candidates for brute force")
    out = solve_instance(inst, time_limit_s=10)
    assert out.optimal
    assert out.value == brute_force(inst)
    assert out.value >= value(inst, plain_flow(inst))


@pytest.mark.parametrize("seed", range(40))
def test_groups_with_a_group_value_equal_brute_force(seed: int) -> None:
    """With the programme's group value (issue 10) the engine still reaches the exact
    optimum, and the relaxed bound stays a bound."""
    inst = random_instance(seed, n_mentors=2, n_mentees=5, density=0.6, groups=True, max_cap=4,
                           max_demand=2, n_topics=2, group_value=120)
    if inst.n_candidates > 8:
        pytest.skip("too many candidates for brute force")
    out = solve_instance(inst, time_limit_s=10)
    assert out.optimal
    assert out.value == brute_force(inst)
    assert out.bound >= out.value >= value(inst, plain_flow(inst))


def test_group_instances_exercise_groups() -> None:
    """The brute-force seeds above are not all trivial: groups win in a good share of them."""
    won = 0
    for seed in range(60):
        inst = random_instance(seed, n_mentors=2, n_mentees=5, density=0.6, groups=True,
                               max_cap=4, max_demand=2, n_topics=2)
        won += bool(solve_instance(inst).solution.groups)
    assert won >= 15
