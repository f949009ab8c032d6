"""Plain pairing solves its min-cost flow once (issue 15): the bound's flow is the same network
there, so its answer is reused, with the value a second, separate flow would give."""

from __future__ import annotations

from unittest import mock

import pytest

import matcher.solver.engine as engine
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
