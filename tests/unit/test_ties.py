"""Ties (issue 17, item 7): "best total" breaks ties of the total toward coverage, and a mentee
left out on an exact tie is not told the mentors took "better fits"."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.model import Goal
from matcher.solver.engine import solve_instance
from matcher.solver.instance import I64, Instance
from matcher.solver.solution import covered_count, score_total
from tests.solver_strategies import random_instance


def coarse(inst: Instance, seed: int) -> Instance:
    """Scores on a grid of three values (zero among them): ties everywhere."""
    rng = np.random.default_rng(seed)
    return replace(inst, score=rng.choice(np.asarray([0, 500, 1000], I64), inst.n_candidates))


def brute_best(inst: Instance) -> tuple[int, int]:
    """(best total score, most mentees covered at that total) over every set of pairs."""
    usable = np.flatnonzero(inst.pair_usable)
    options = [[-1, *usable[inst.mentee[usable] == e].tolist()]
               for e in range(len(inst.mentee_ids))]
    best = (-1, -1)
    for choice in itertools.product(*options):
        pairs = np.asarray([c for c in choice if c >= 0], I64)
        load = np.bincount(inst.mentor[pairs], minlength=len(inst.mentor_ids))
        if (load <= inst.cap_mentees).all():
            best = max(best, (int(inst.score[pairs].sum()), int(pairs.size)))
    return best


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 3), st.integers(1, 5))
def test_best_total_covers_the_most_mentees_among_its_optimal_answers(seed, n_m, n_e) -> None:
    inst = coarse(random_instance(seed, n_m, n_e, 0.7, max_cap=2, goal=Goal.best_total), seed)
    out = solve_instance(inst)
    total, covered = brute_best(inst)
    assert score_total(inst, out.solution) == total
    assert covered_count(inst, out.solution) == covered


def test_zero_score_pair_is_taken_when_it_covers_someone_at_no_cost() -> None:
    """Two mentees tie for one mentor; the other mentor fits one of them with score 0: the
    total is the same either way, so both are covered."""
    inst = Instance(
        mentor_ids=("m0", "m1"), mentee_ids=("e0", "e1"), topic_ids=(),
        mentor=np.asarray([0, 0, 1], I64), mentee=np.asarray([0, 1, 0], I64),
        score=np.asarray([500, 500, 0], I64), form=np.zeros(3, I64),
        pair_ok=np.ones(3, bool), group_ok=np.zeros(3, bool),
        cap_mentees=np.asarray([1, 1], I64), cap_groups=np.zeros(2, I64),
        demand=np.ones(2, I64), mentor_topic=np.zeros((2, 0), bool),
        mentee_topic=np.zeros((2, 0), bool), goal=Goal.best_total,
    )
    out = solve_instance(inst)
    assert covered_count(inst, out.solution) == 2
    assert score_total(inst, out.solution) == 500
