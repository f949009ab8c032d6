"""`matcher.solver.assign`: every exact method against the others and against brute force.

Totals and coverage are compared, never exact pairs, since ties are allowed; every answer is
also checked for feasibility (allowed pairs, capacities, demands, no mentor twice).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from scipy.optimize import linear_sum_assignment

from matcher.solver import Assignment, assign
from matcher.solver.assignment import METHODS

PROPS = settings(max_examples=80, deadline=None)


@st.composite
def problems(draw: st.DrawFn, max_demand: int = 1) -> tuple:
    """A small random problem: scores (some negative), a mask, capacities, demands."""
    n_e = draw(st.integers(0, 5))
    n_m = draw(st.integers(0, 4))
    cells = st.lists(st.integers(-5, 20), min_size=n_e * n_m, max_size=n_e * n_m)
    scores = np.asarray(draw(cells), np.int64).reshape(n_e, n_m)
    mask = np.asarray(draw(st.lists(st.booleans(), min_size=n_e * n_m, max_size=n_e * n_m)),
                      bool).reshape(n_e, n_m)
    cap = np.asarray(draw(st.lists(st.integers(0, 3), min_size=n_m, max_size=n_m)), np.int64)
    demand = np.asarray(draw(st.lists(st.integers(0, max_demand), min_size=n_e, max_size=n_e)),
                        np.int64)
    return scores, mask, cap, demand


def brute_force(scores: np.ndarray, mask: np.ndarray, cap: np.ndarray,
                demand: np.ndarray) -> tuple[int, int]:
    """The best (coverage, total) over every choice of a set of mentors for each mentee."""
    n_e, n_m = scores.shape
    options = []
    for e in range(n_e):
        mine = [m for m in range(n_m) if mask[e, m]]
        options.append([c for k in range(int(demand[e]) + 1)
                        for c in itertools.combinations(mine, k)])
    best = (0, 0)
    for choice in itertools.product(*options):
        load = np.zeros(n_m, np.int64)
        for chosen in choice:
            load[list(chosen)] += 1
        if (load > cap).any():
            continue
        covered = sum(1 for chosen in choice if chosen)
        total = sum(int(scores[e, m]) for e, chosen in enumerate(choice) for m in chosen)
        best = max(best, (covered, total))
    return best


def check_feasible(out: Assignment, scores: np.ndarray, mask: np.ndarray, cap: np.ndarray,
                   demand: np.ndarray) -> None:
    """The answer uses allowed pairs only, within capacities and demands, and its figures add up."""
    table = out.mentor if out.mentor.ndim == 2 else out.mentor[:, None]
    rows, slots = np.nonzero(table >= 0)
    cols = table[rows, slots]
    assert mask[rows, cols].all()
    assert (np.bincount(cols, minlength=scores.shape[1]) <= cap).all()
    assert (np.bincount(rows, minlength=scores.shape[0]) <= demand).all()
    for e in range(scores.shape[0]):  # never the same mentor twice
        assert len(set(cols[rows == e].tolist())) == int((rows == e).sum())
    assert out.total == int(scores[rows, cols].sum())
    assert out.covered == np.unique(rows).size


@PROPS
@given(problems())
def test_every_method_reaches_the_brute_force_optimum(problem: tuple) -> None:
    scores, mask, cap, demand = problem
    best = brute_force(scores, mask, cap, demand)
    for method in ("auto", *METHODS):
        out = assign(scores, cap, allowed=mask, demand=demand, method=method)
        check_feasible(out, scores, mask, cap, demand)
        assert (out.covered, out.total) == best, method
        assert out.method in METHODS


@PROPS
@given(problems(max_demand=2))
def test_several_mentors_wanted_flow_reaches_brute_force(problem: tuple) -> None:
    scores, mask, cap, demand = problem
    out = assign(scores, cap, allowed=mask, demand=demand)
    assert out.method in METHODS  # a demand above the mentee's options is clipped first
    check_feasible(out, scores, mask, cap, demand)
    assert (out.covered, out.total) == brute_force(scores, mask, cap, demand)


@PROPS
@given(problems())
def test_sparse_input_means_the_same_as_a_mask(problem: tuple) -> None:
    scores, mask, cap, demand = problem
    stored = sparse.csr_matrix((scores[mask], np.nonzero(mask)), shape=scores.shape)
    for method in METHODS:
        from_sparse = assign(stored, cap, demand=demand, method=method)
        from_mask = assign(scores, cap, allowed=mask, demand=demand, method=method)
        sparse_mask = assign(scores, cap, allowed=sparse.csr_matrix(mask), demand=demand,
                             method=method)
        assert (from_sparse.covered, from_sparse.total) == (from_mask.covered, from_mask.total)
        assert (sparse_mask.covered, sparse_mask.total) == (from_mask.covered, from_mask.total)


@pytest.mark.parametrize("seed", range(5))
def test_methods_agree_with_linear_sum_assignment_on_larger_dense(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_e, n_m = 60, 36
    scores = rng.integers(0, 1000, (n_e, n_m))
    cap = rng.integers(1, 4, n_m)
    slots = np.repeat(np.arange(n_m), cap)
    rows, cols = linear_sum_assignment(scores[:, slots], maximize=True)
    expected = int(scores[:, slots][rows, cols].sum())
    full = np.ones_like(scores, bool)
    for method in METHODS:
        out = assign(scores, cap, method=method)
        check_feasible(out, scores, full, cap, np.ones(n_e, np.int64))
        assert out.covered == n_e and out.total == expected, method


@pytest.mark.parametrize("seed", range(4))
def test_fewer_slots_than_mentees_solve_the_transposed_problem_exactly(seed: int) -> None:
    """With fewer slots than mentees the dense path runs LSA on slots × mentees (the layout
    LSA needs, instead of its own copy): the same optimum as LSA on the tall matrix, every
    slot filled, and with a mask the same as the other methods."""
    rng = np.random.default_rng(seed)
    n_e, n_m = 60, 12
    scores = rng.integers(0, 1000, (n_e, n_m))
    cap = rng.integers(1, 4, n_m)
    slots = np.repeat(np.arange(n_m), cap)
    rows, cols = linear_sum_assignment(scores[:, slots], maximize=True)
    out = assign(scores, cap, method="dense assignment")
    check_feasible(out, scores, np.ones_like(scores, bool), cap, np.ones(n_e, np.int64))
    assert out.covered == slots.size and out.total == int(scores[:, slots][rows, cols].sum())
    mask = rng.random((n_e, n_m)) < 0.7
    got = {m: assign(scores, cap, allowed=mask, method=m) for m in METHODS}
    for method, answer in got.items():
        check_feasible(answer, scores, mask, cap, np.ones(n_e, np.int64))
        assert (answer.covered, answer.total) == (got["min-cost flow"].covered,
                                                  got["min-cost flow"].total), method


def test_dense_instances_choose_the_dense_assignment_and_sparse_ones_do_not() -> None:
    rng = np.random.default_rng(1)
    scores = rng.integers(0, 1000, (200, 120))
    assert assign(scores, 2).method == "dense assignment"
    mask = rng.random((200, 120)) < 0.02
    assert assign(scores, 2, allowed=mask).method == "sparse assignment"
    assert assign(scores, 2, allowed=mask, demand=2).method == "min-cost flow"


def test_coverage_comes_before_score() -> None:
    # One mentor slot each: e0 alone could take m0 for 9, but m0–e1 and m1–e0 cover both.
    scores = np.asarray([[9, 1], [1, 0]])
    mask = np.asarray([[True, True], [True, False]])
    for method in METHODS:
        out = assign(scores, 1, allowed=mask, method=method)
        assert out.mentor.tolist() == [1, 0] and out.total == 2


def test_fractional_scores_are_refused_not_rounded() -> None:
    with pytest.raises(ValueError, match="whole numbers"):
        assign(np.asarray([[0.5]]), 1)


def test_one_mentor_per_mentee_methods_refuse_a_demand_above_one() -> None:
    with pytest.raises(ValueError, match="at most one mentor per mentee"):
        assign(np.ones((2, 2), np.int64), 1, demand=2, method="dense assignment")


def test_scores_too_large_for_floats_go_to_the_flow_or_are_refused_by_name() -> None:
    """Every pair allowed, scores near 2^50: float64 costs would not stay exact. `auto` finds
    that while building the dense matrix and answers by the flow; a forced float path says so."""
    wide = np.asarray([[2**50, 1, 5], [3, 2**50 - 7, 2**49]], np.int64)
    for scores in (wide, wide.T):  # more slots than mentees, and fewer (the transposed LSA)
        out = assign(scores, 1)
        assert out.method == "min-cost flow"
        assert out.covered == 2 and out.total == 2**50 + 2**50 - 7
        for method in ("dense assignment", "sparse assignment"):
            with pytest.raises(ValueError, match="too large for an exact float path"):
                assign(scores, 1, method=method)
        assert assign(scores // 2**40, 1).method == "dense assignment"  # small again: dense


def test_many_mentees_with_few_candidates_each_choose_the_flow() -> None:
    rng = np.random.default_rng(2)
    n_e, n_m, per = 6_000, 3_600, 10
    rows = np.repeat(np.arange(n_e), per)
    cols = rng.integers(0, n_m, rows.size)
    scores = sparse.csr_matrix((rng.integers(1, 1000, rows.size).astype(float), (rows, cols)),
                               shape=(n_e, n_m))
    cap = rng.integers(1, 4, n_m)
    flow = assign(scores, cap)
    assert flow.method == "min-cost flow"
    assert flow.total == assign(scores, cap, method="sparse assignment").total
