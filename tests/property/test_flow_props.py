"""The flow without W in its costs (coverage decided by a maximum flow first) reaches the same
optimum as the flow with W in the costs, on random instances with demands above one, balance,
bonuses and kept pairs."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import matcher.solver.flow as flow
from matcher.solver.engine import fixed_candidates, plain_flow
from matcher.solver.instance import I64
from matcher.solver.solution import value
from tests.solver_strategies import random_instance


@settings(max_examples=120, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n_m=st.integers(1, 7), n_e=st.integers(1, 10),
       density=st.floats(0.1, 1.0), max_cap=st.integers(1, 3), max_demand=st.integers(1, 3),
       balance=st.sampled_from([0, 0, 1, 40]), bonus=st.booleans(), kept=st.integers(0, 2))
def test_flow_without_w_reaches_the_same_optimum(seed: int, n_m: int, n_e: int, density: float,
                                                  max_cap: int, max_demand: int, balance: int,
                                                  bonus: bool, kept: int) -> None:
    rng = np.random.default_rng(seed)
    base = random_instance(seed, n_m, n_e, density, max_cap=max_cap, max_demand=max_demand)
    extra = {"balance": balance}
    if bonus:
        extra["cover_bonus"] = rng.integers(0, 300, n_e).astype(I64)
    if kept and base.n_candidates:
        extra["fixed_pairs"] = np.unique(rng.integers(0, base.n_candidates, kept)).astype(I64)
    # W above every other term together, as `coverage_unit` makes it: scores up to 1000 a
    # unit of demand, bonuses up to 300, and a mentor's balance arcs Σ(2k−1) ≤ capacity²
    room = (int(base.demand.sum()) * 1300 + balance * int((base.cap_mentees ** 2).sum())
            + 300 * n_e + 1)
    inst = replace(base, cover_unit=room, **extra)
    if inst.fixed_pairs.size and not _kept_fit(inst):
        return
    decided: list[bool] = []
    real = flow._coverage_decides

    def recorded(*args: object) -> bool:
        decided.append(real(*args))  # type: ignore[arg-type]
        return decided[-1]

    with mock.patch.object(flow, "_coverage_decides", side_effect=recorded):
        without_w = plain_flow(inst)
    assert all(decided), "with this W every component leaves W out of its costs"
    with mock.patch.object(flow, "_coverage_decides", return_value=False):
        with_w = plain_flow(inst)
    assert value(inst, without_w) == value(inst, with_w)
    assert np.isin(fixed_candidates(inst), without_w.pairs).all()


def test_coverage_first_leaves_w_out_of_the_costs() -> None:
    inst = random_instance(4, 5, 8, 0.6, max_demand=2)
    with mock.patch.object(flow, "most_covered", wraps=flow.most_covered) as most:
        plain_flow(inst)
    most.assert_called_once()


def test_w_too_small_keeps_w_in_the_costs() -> None:
    inst = random_instance(4, 5, 8, 0.6, max_demand=2)
    small = replace(inst, cover_unit=5)
    with mock.patch.object(flow, "most_covered") as most:
        plain_flow(small)
    most.assert_not_called()


def _kept_fit(inst) -> bool:  # type: ignore[no-untyped-def]
    """Kept pairs within capacities and demands (as a real rerun's are)."""
    f = inst.fixed_pairs
    load = np.bincount(inst.mentor[f], minlength=len(inst.mentor_ids))
    got = np.bincount(inst.mentee[f], minlength=len(inst.mentee_ids))
    pairs = inst.mentor[f] * len(inst.mentee_ids) + inst.mentee[f]
    return bool((load <= inst.cap_mentees).all() and (got <= inst.demand).all()
                and np.unique(pairs).size == pairs.size)
