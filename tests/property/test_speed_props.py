"""Speed mentoring (issue 10, item 2), as properties: rounds never repeat a pair, every round
is a matching, and a round holds as many meetings, then as much score, as it can."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matcher.solver.speed import plan_rounds

PROPS = settings(max_examples=60, deadline=None)


@st.composite
def sessions(draw) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """Candidate pairs of a small session (each (mentor, mentee) once) with integer scores."""
    n_m, n_e = draw(st.integers(1, 5)), draw(st.integers(1, 6))
    cells = draw(st.lists(st.tuples(st.integers(0, n_m - 1), st.integers(0, n_e - 1)),
                          unique=True, max_size=n_m * n_e))
    mentor = np.asarray([m for m, _ in cells], np.int64)
    mentee = np.asarray([e for _, e in cells], np.int64)
    score = np.asarray(draw(st.lists(st.integers(0, 1000), min_size=len(cells),
                                     max_size=len(cells))), np.int64)
    return mentor, mentee, score, draw(st.integers(1, 6))


def best_round(mentor: np.ndarray, mentee: np.ndarray, score: np.ndarray,
               allowed: np.ndarray) -> tuple[int, int]:
    """(meetings, total score) of the best matching over `allowed`, by linear_sum_assignment."""
    if not allowed.any():
        return 0, 0
    unit = 10**7
    weight = np.zeros((int(mentor.max()) + 1, int(mentee.max()) + 1))
    weight[mentor[allowed], mentee[allowed]] = unit + score[allowed]
    rows, cols = linear_sum_assignment(weight, maximize=True)
    total = int(weight[rows, cols].sum())
    return total // unit, total % unit


@PROPS
@given(sessions())
def test_rounds_never_repeat_a_pair_and_each_is_a_matching(session) -> None:
    mentor, mentee, score, rounds = session
    planned = plan_rounds(mentor, mentee, score, rounds=rounds)
    assert len(planned) == rounds
    every = np.concatenate(planned)
    assert np.unique(every).size == every.size  # no candidate pair twice
    for chosen in planned:
        assert np.unique(mentor[chosen]).size == chosen.size
        assert np.unique(mentee[chosen]).size == chosen.size


@PROPS
@given(sessions())
def test_each_round_is_the_best_matching_of_the_pairs_not_met(session) -> None:
    mentor, mentee, score, rounds = session
    met = np.zeros(mentor.size, bool)
    for chosen in plan_rounds(mentor, mentee, score, rounds=rounds):
        assert (chosen.size, int(score[chosen].sum())) == best_round(mentor, mentee, score, ~met)
        met[chosen] = True


@PROPS
@given(sessions())
def test_rounds_ignore_capacity_every_pair_meets_once_given_enough_rounds(session) -> None:
    """No capacity limits a mentor: with as many rounds as pairs, every pair meets exactly
    once, however many mentees that gives one mentor."""
    mentor, mentee, score, _ = session
    planned = plan_rounds(mentor, mentee, score, rounds=max(mentor.size, 1))
    assert np.array_equal(np.sort(np.concatenate(planned)), np.arange(mentor.size))
