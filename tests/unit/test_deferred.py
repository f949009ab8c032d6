"""Deferred acceptance and the stable option built on it (`matcher.solver.deferred`).

The theorems are checked, not outputs: every result has no blocking pair, the mentee-proposing
answer is the best stable one for every mentee (brute force on tiny instances), the stable
option scores at least as much as it, and the answer does not depend on the rows' order."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from datasets.preference_lists import full_lists
from matcher.solver import deferred
from matcher.solver.deferred import Proposing, blocking, deferred_acceptance
from matcher.solver.engine import solve_instance
from matcher.solver.instance import I64, Instance
from matcher.solver.solution import Solution, value
from tests.solver_strategies import random_instance


def with_preferences(inst: Instance, seed: int, *, ties: bool) -> Instance:
    """`inst` with random stated preferences on both sides (few values when `ties`)."""
    rng = np.random.default_rng(seed)
    top = 3 if ties else 10**6
    return replace(inst, pref_mentor=rng.integers(0, top, inst.n_candidates).astype(I64),
                   pref_mentee=rng.integers(0, top, inst.n_candidates).astype(I64))


def assert_feasible(inst: Instance, sol: Solution) -> None:
    idx = sol.assigned()
    assert inst.pair_usable[sol.pairs].all()
    assert (np.bincount(inst.mentor[idx], minlength=len(inst.mentor_ids))
            <= inst.total_cap).all()
    assert (np.bincount(inst.mentee[idx], minlength=len(inst.mentee_ids)) <= inst.demand).all()
    codes = inst.mentor[idx] * len(inst.mentee_ids) + inst.mentee[idx]
    assert np.unique(codes).size == codes.size  # never the same mentor twice


SMALL = settings(max_examples=60, deadline=None)


@SMALL
@given(st.integers(0, 2**31 - 1), st.integers(1, 6), st.integers(1, 9), st.integers(1, 3),
       st.booleans(), st.sampled_from(list(Proposing)))
def test_deferred_acceptance_is_feasible_and_has_no_blocking_pair(
        seed, n_m, n_e, demand, ties, side) -> None:
    inst = with_preferences(random_instance(seed, n_m, n_e, 0.6, max_cap=3, max_demand=demand),
                            seed, ties=ties)
    sol = deferred_acceptance(inst, side)
    assert_feasible(inst, sol)
    assert blocking(inst, sol).size == 0


def stable_matchings(inst: Instance) -> list[Solution]:
    """Every stable set of one-to-one pairs of a tiny instance (mentees wanting one mentor)."""
    usable = np.flatnonzero(inst.pair_usable)
    options = [[-1, *usable[inst.mentee[usable] == e].tolist()]
               for e in range(len(inst.mentee_ids))]
    found = []
    for choice in itertools.product(*options):
        pairs = np.asarray(sorted(c for c in choice if c >= 0), I64)
        load = np.bincount(inst.mentor[pairs], minlength=len(inst.mentor_ids))
        sol = Solution(pairs=pairs)
        if (load <= inst.cap_mentees).all() and blocking(inst, sol).size == 0:
            found.append(sol)
    return found


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**31 - 1), st.integers(1, 3), st.integers(1, 5))
def test_mentee_proposing_is_best_for_every_mentee_and_the_stable_option_scores_most(
        seed, n_m, n_e) -> None:
    inst = with_preferences(random_instance(seed, n_m, n_e, 0.7, max_cap=2), seed, ties=False)
    all_stable = stable_matchings(inst)
    assert all_stable  # a stable matching always exists
    best_for_mentees = deferred_acceptance(inst, Proposing.mentees)
    _, pref_e = deferred.preferences(inst)

    def got(sol: Solution) -> np.ndarray:
        out = np.full(len(inst.mentee_ids), -1, I64)
        out[inst.mentee[sol.pairs]] = pref_e[sol.pairs]
        return out

    for other in all_stable:
        assert (got(best_for_mentees) >= got(other)).all()
    result = solve_instance(inst, stable=True, time_limit_s=5)
    assert blocking(inst, result.solution).size == 0
    assert result.value >= value(inst, best_for_mentees)
    assert result.value == max(value(inst, s) for s in all_stable)


@SMALL
@given(st.integers(0, 2**31 - 1), st.integers(1, 6), st.integers(1, 9), st.booleans())
def test_stable_option_never_scores_below_mentee_proposing_deferred_acceptance(
        seed, n_m, n_e, groups) -> None:
    inst = with_preferences(random_instance(seed, n_m, n_e, 0.6, max_cap=3, max_demand=2,
                                            groups=groups), seed, ties=True)
    result = solve_instance(inst, stable=True, time_limit_s=2)
    assert_feasible(inst, result.solution)
    assert blocking(inst, result.solution).size == 0
    assert result.value >= value(inst, deferred_acceptance(inst, Proposing.mentees))


def test_example_in_issue_17_answers_where_cpsat_alone_gave_up() -> None:
    """400 mentees × 20 mentors, full lists: CP-SAT alone exited with «не нашёл устойчивого
    распределения» at a 10 s limit. Now the answer comes even when CP-SAT has no time at all."""
    inst = full_lists(400, 20)
    result = solve_instance(inst, stable=True, time_limit_s=0.01)
    assert result.solution.pairs.size == 400
    assert blocking(inst, result.solution).size == 0
    assert result.solver.startswith("deferred acceptance")


def test_region_sized_full_lists_skip_cpsat_and_stay_stable() -> None:
    inst = full_lists(1000, 50)
    result = solve_instance(inst, stable=True, time_limit_s=10)
    assert result.solver == "deferred acceptance"  # 50,000 candidates: CP-SAT is not tried
    assert blocking(inst, result.solution).size == 0
    assert result.value >= value(inst, deferred_acceptance(inst, Proposing.mentees))


def permuted(inst: Instance, seed: int) -> Instance:
    """The same instance with its mentors, mentees and candidate rows in another order."""
    rng = np.random.default_rng(seed)
    pm, pe = rng.permutation(len(inst.mentor_ids)), rng.permutation(len(inst.mentee_ids))
    new_m, new_e = np.argsort(pm), np.argsort(pe)  # old index -> new index
    rows = rng.permutation(inst.n_candidates)
    return replace(
        inst, mentor_ids=tuple(inst.mentor_ids[i] for i in pm),
        mentee_ids=tuple(inst.mentee_ids[j] for j in pe),
        mentor=new_m[inst.mentor[rows]].astype(I64), mentee=new_e[inst.mentee[rows]].astype(I64),
        score=inst.score[rows], form=inst.form[rows], pair_ok=inst.pair_ok[rows],
        group_ok=inst.group_ok[rows], cap_mentees=inst.cap_mentees[pm],
        cap_groups=inst.cap_groups[pm], demand=inst.demand[pe],
        mentor_topic=inst.mentor_topic[pm], mentee_topic=inst.mentee_topic[pe],
        keep=inst.keep[rows], cover_bonus=inst.cover_bonus[pe],
        pref_mentor=None if inst.pref_mentor is None else inst.pref_mentor[rows],
        pref_mentee=None if inst.pref_mentee is None else inst.pref_mentee[rows],
    )


def named(inst: Instance, sol: Solution) -> set[tuple[str, str]]:
    return {(inst.mentor_ids[inst.mentor[c]], inst.mentee_ids[inst.mentee[c]])
            for c in sol.pairs.tolist()}


@SMALL
@given(st.integers(0, 2**31 - 1), st.integers(1, 6), st.integers(1, 9),
       st.sampled_from(list(Proposing)))
def test_ties_are_broken_by_ids_not_by_row_order(seed, n_m, n_e, side) -> None:
    inst = with_preferences(random_instance(seed, n_m, n_e, 0.6, max_cap=2, max_demand=2),
                            seed, ties=True)
    inst = replace(inst, score=np.zeros(inst.n_candidates, I64))  # ties everywhere
    other = permuted(inst, seed + 1)
    assert named(inst, deferred_acceptance(inst, side)) == named(
        other, deferred_acceptance(other, side))


def test_kept_pairs_stay_and_use_their_capacity() -> None:
    inst = full_lists(6, 2)  # capacities 3 and 3
    kept = np.flatnonzero((inst.mentor == 0) & (inst.mentee < 3))
    inst = replace(inst, fixed_pairs=kept)
    sol = deferred_acceptance(inst, Proposing.mentees)
    assert set(kept.tolist()) <= set(sol.pairs.tolist())
    assert_feasible(inst, sol)
    assert (inst.mentor[np.setdiff1d(sol.pairs, kept)] == 1).all()


def test_a_long_ranking_keeps_every_place_distinct_in_scores_and_preferences() -> None:
    """Ranks beyond the fifth no longer collapse (issue 17, item 5): 30 ranked mentors give 30
    decreasing wish values, all above a "maybe", and 30 decreasing preference keys."""
    from matcher.model import Wish, WishLevel
    from matcher.preferences import preference_key
    from matcher.scoring.features import WISH_MAYBE, wish_value
    from tests.factories import teacher_mentee

    wishes = tuple(Wish(target=f"m{r}", level=WishLevel.yes, rank=r) for r in range(1, 31))
    person = teacher_mentee("e", wishes=wishes)
    values = [wish_value(w, 30) for w in wishes]
    assert all(a > b for a, b in itertools.pairwise(values)) and values[-1] > WISH_MAYBE
    assert wish_value(wishes[1], 2) == wish_value(wishes[1], 5)  # short lists score as before
    keys = [preference_key(person, f"m{r}", 0) for r in range(1, 31)]
    assert all(a > b for a, b in itertools.pairwise(keys))
    assert preference_key(person, "m30", 0) > preference_key(person, "other", 1000)


def test_when_cpsat_finds_nothing_the_stable_start_is_the_answer(monkeypatch) -> None:
    """Before: «CP-SAT не нашёл устойчивого распределения» although one always exists."""
    from matcher.solver import engine

    monkeypatch.setattr(engine, "_run_cpsat", lambda *a, **k: (None, False))
    inst = full_lists(60, 6)  # 360 candidates: CP-SAT is tried
    result = solve_instance(inst, stable=True, time_limit_s=1)
    assert result.solver == "deferred acceptance"
    assert blocking(inst, result.solution).size == 0
    assert result.value == value(inst, deferred.best_stable_start(inst)[0])


def test_cpsat_only_replaces_the_start_by_a_better_stable_answer() -> None:
    """With ties (scores as preferences), CP-SAT may find a better-scoring stable result; its
    answer is kept only if stable and at least as good."""
    for seed in range(5):
        inst = random_instance(seed, 4, 8, 0.8, max_cap=2)  # preferences: the pair scores
        inst = replace(inst, score=(inst.score // 250) * 250)  # many ties
        start = deferred.best_stable_start(inst)[0]
        result = solve_instance(inst, stable=True, time_limit_s=2)
        assert blocking(inst, result.solution).size == 0
        assert result.value >= value(inst, start)
