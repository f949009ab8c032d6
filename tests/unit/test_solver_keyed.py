"""The group heuristics (`matcher.solver.keyed`, `engine.dive_groups`) only ever return feasible
answers, the keyed flow is exact for the groups it is given, and a reproducible search stopped
by its (deterministic) time limit still gives the same answer twice."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from matcher.solver import keyed
from matcher.solver.engine import dive_groups, solve_instance
from matcher.solver.instance import Instance
from matcher.solver.solution import Solution, value
from tests.solver_strategies import random_instance


def assert_feasible(inst: Instance, sol: Solution) -> None:
    idx = sol.assigned()
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    assert (np.bincount(inst.mentor[idx], minlength=n_m) <= inst.total_cap).all()
    assert (np.bincount(inst.mentee[idx], minlength=n_e) <= inst.demand).all()
    code = inst.mentor[idx] * n_e + inst.mentee[idx]
    assert np.unique(code).size == code.size, "a mentee meets one mentor twice"
    assert inst.pair_usable[sol.pairs].all()
    opts = inst.group_keys()
    n_groups = np.bincount(np.asarray([g.mentor for g in sol.groups], np.int64), minlength=n_m)
    assert (n_groups <= inst.cap_groups).all()
    for g in sol.groups:
        assert inst.group_min <= g.members.size <= inst.group_max
        key = np.flatnonzero((opts.mentor == g.mentor) & (opts.topic == g.topic)
                             & (opts.form == g.form))
        assert key.size == 1
        assert np.isin(g.members, opts.member_cand[opts.member_key == key[0]]).all()


def group_instance(seed: int) -> Instance:
    return random_instance(seed, n_mentors=6, n_mentees=14, density=0.6, groups=True,
                           max_cap=5, max_demand=2, n_topics=2)


@pytest.mark.parametrize("seed", range(20))
def test_keyed_flow_is_exact_for_the_groups_the_solver_opened(seed: int) -> None:
    inst = group_instance(seed)
    out = solve_instance(inst, time_limit_s=10)
    cands = np.arange(inst.n_candidates)
    polished = keyed.polish(inst, inst.group_keys(), out.solution, cands)
    assert_feasible(inst, polished)
    assert value(inst, polished) >= out.value
    if out.optimal:
        assert value(inst, polished) == out.value


@pytest.mark.parametrize("seed", range(20))
def test_group_starts_are_feasible_and_never_beat_the_optimum(seed: int) -> None:
    inst = group_instance(seed)
    opts, cands = inst.group_keys(), np.arange(inst.n_candidates)
    best = solve_instance(inst, time_limit_s=10)
    starts = [dive_groups(inst, opts), keyed.lp_start(inst, opts, cands)]
    starts.append(keyed.improve_keys(inst, opts, starts[0], cands))
    for sol in starts:
        if sol is None:
            continue
        assert_feasible(inst, sol)
        if best.optimal:
            assert value(inst, sol) <= best.value


def test_reproducible_when_the_deterministic_limit_is_hit() -> None:
    """A groups-only district with a limit far too short to prove anything: the search stops on
    deterministic time, so two runs still agree (they would not on a wall-clock limit)."""
    from datasets.generators import generate
    from matcher.model import Kind, Programme
    from matcher.scoring import Scorer
    from matcher.solver import SolveOptions
    from matcher.solver.api import prepare

    bank = generate("district", seed=2).bank
    programme = Programme(id="groups", start=date(2026, 9, 1), end=date(2027, 5, 31),
                          kinds=frozenset({Kind.group}), time_limit_s=1.0, seed=5)
    cands = Scorer(random_state=1).fit(bank, programme).candidates()
    inst = prepare(bank, programme, cands, options=SolveOptions()).inst
    runs = [solve_instance(inst, time_limit_s=1.0, seed=5) for _ in range(2)]
    a, b = (r.solution for r in runs)
    assert runs[0].solver == "CP-SAT"
    assert np.array_equal(a.pairs, b.pairs)
    assert [(g.mentor, g.topic, g.form, g.members.tolist()) for g in a.groups] == [
        (g.mentor, g.topic, g.form, g.members.tolist()) for g in b.groups]
    assert runs[0].bound == runs[1].bound
