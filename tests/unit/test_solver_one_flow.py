"""Plain pairing solves its min-cost flow once (issue 15): the bound's flow is the same network
there, so its answer is reused, with the value a second, separate flow would give."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import numpy as np
import pytest

import matcher.solver.engine as engine
from matcher.model import Goal
from matcher.solver.solution import value
from tests.solver_strategies import random_instance


@pytest.mark.parametrize("seed", range(10))
def test_plain_pairing_solves_one_flow_with_the_separate_flows_value(seed: int) -> None:
    inst = random_instance(seed, n_mentors=7, n_mentees=9, density=0.5, max_cap=2, max_demand=2)
    with mock.patch.object(engine, "solve_flow", wraps=engine.solve_flow) as flows:
        out = engine.solve_instance(inst)
    assert flows.call_count == 1
    assert out.solver == "min-cost flow" and out.optimal
    assert out.value == value(inst, engine.plain_flow(inst))


def test_groups_still_get_their_own_relaxed_flow() -> None:
    inst = random_instance(3, n_mentors=6, n_mentees=10, density=0.6, groups=True)
    opts = inst.group_keys()
    assert opts.n_keys > 0
    with mock.patch.object(engine, "solve_flow", wraps=engine.solve_flow) as flows:
        engine.flow_starts(inst, opts, stable=False, started=0.0)
    assert flows.call_count >= 2


@pytest.mark.parametrize("seed", range(6))
def test_groups_worth_nothing_extra_over_pair_candidates_solve_one_flow(seed: int) -> None:
    """The region case: groups may form (keys exist) but are worth no more than pairs, and
    every member candidate may also meet one-to-one: the relaxed flow is the plain one."""
    base = random_instance(seed, n_mentors=6, n_mentees=10, density=0.6, max_cap=3)
    inst = replace(base, group_ok=np.ones(base.n_candidates, bool),
                   cap_groups=np.ones(len(base.mentor_ids), np.int64), group_value=0)
    assert inst.group_keys().n_keys > 0
    with mock.patch.object(engine, "solve_flow", wraps=engine.solve_flow) as flows:
        out = engine.solve_instance(inst)
    assert flows.call_count == 1
    assert out.solver == "min-cost flow" and out.optimal
    assert out.value == value(inst, engine.plain_flow(inst))


def test_groups_worth_something_are_not_the_plain_flow() -> None:
    base = random_instance(1, n_mentors=6, n_mentees=10, density=0.6, max_cap=3)
    inst = replace(base, group_ok=np.ones(base.n_candidates, bool),
                   cap_groups=np.ones(len(base.mentor_ids), np.int64), group_value=50)
    opts = inst.group_keys()
    edge = np.zeros(inst.n_candidates, bool)
    edge[opts.member_cand] = True
    allowed, cap = inst.pair_usable | edge, engine.relaxed_capacity(inst)
    assert engine.same_as_plain(inst, allowed, cap, inst.gain)
    assert not engine.same_as_plain(inst, allowed, cap, inst.gain + inst.group_value * edge)
    assert not engine.same_as_plain(inst, allowed, cap + 1, inst.gain)
    assert not engine.same_as_plain(inst, allowed & (inst.mentee != 0), cap, inst.gain)


@pytest.mark.parametrize("seed", range(6))
def test_best_total_breaks_ties_in_the_one_flow(seed: int) -> None:
    """Under "best total" the tie rule (coverage among the optimal totals) costs no second
    flow: the flows solve the tie-broken objective (`tie_broken`) from the start."""
    inst = random_instance(seed, n_mentors=5, n_mentees=8, density=0.6, goal=Goal.best_total)
    inst = replace(inst, score=inst.score // 500 * 500)  # a coarse grid: ties everywhere
    with mock.patch.object(engine, "solve_flow", wraps=engine.solve_flow) as flows:
        out = engine.solve_instance(inst)
    assert flows.call_count == 1
    assert out.optimal and out.value == value(inst, engine.plain_flow(inst))
