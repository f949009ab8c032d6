"""Tiny solver instances and models with chosen rules only, for the tests of each CP-SAT rule
alone and of the objective terms."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.candidates import Candidates
from matcher.solver.instance import Instance, from_candidates
from matcher.solver.variables import Vars, build_vars


def tiny(n_m: int, n_e: int, pairs: list[tuple[int, int]], *, group: bool = False,
         cap: int = 1, cap_groups: int = 0, demand_: int = 1, **kw) -> Instance:
    m = np.asarray([p[0] for p in pairs], np.int32)
    e = np.asarray([p[1] for p in pairs], np.int32)
    n = len(pairs)
    cands = Candidates(tuple(f"m{i}" for i in range(n_m)), tuple(f"e{j}" for j in range(n_e)),
                       m, e, np.full(n, 0.5), np.zeros(n, np.int8), np.full(n, not group),
                       np.full(n, group))
    return from_candidates(
        cands, cap_mentees=[cap] * n_m, cap_groups=[cap_groups] * n_m, demand=[demand_] * n_e,
        mentor_topic=np.ones((n_m, 1), bool), mentee_topic=np.ones((n_e, 1), bool),
        topic_ids=("t",), **kw)


def model_with(inst: Instance, *rules) -> tuple[cp_model.CpModel, Vars]:
    model = cp_model.CpModel()
    v = build_vars(model, inst, np.arange(inst.n_candidates), inst.group_keys())
    for rule in rules:
        rule.build(model, v)
    return model, v
