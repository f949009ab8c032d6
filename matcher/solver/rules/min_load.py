"""A minimum load per mentor, where possible: shortfall s_m ≥ target_m − load_m, charged
−min_load_penalty · s_m in the objective (`Instance.min_load` holds the targets)."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.instance import I64
from matcher.solver.terms import ObjectiveTerms, Term
from matcher.solver.variables import Vars, add_sums, new_int


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """One shortfall per mentor with a target; returns their charges."""
    inst = v.inst
    term_var, term_cand = v.terms()
    mentors = np.flatnonzero(inst.min_load > 0)
    if mentors.size == 0 or not inst.min_load_penalty:
        return ObjectiveTerms()
    short = np.asarray([new_int(model, 0, int(inst.min_load[m])) for m in mentors], I64)
    n_m = len(inst.mentor_ids)
    add_sums(model, np.concatenate([term_var, short]),
             np.ones(term_var.size + short.size, I64),
             np.concatenate([v.local_mentor[term_cand], mentors]), inst.min_load, 10**9,
             n_groups=n_m)

    def hint(assigned: np.ndarray) -> Term:
        load = np.bincount(inst.mentor[assigned], minlength=n_m)
        return short, np.maximum(inst.min_load[mentors] - load[mentors], 0).astype(I64)

    return ObjectiveTerms(rest=((short, np.full(short.size, -inst.min_load_penalty, I64)),),
                          hint=hint)
