"""Mentor load balance: unit booleans u[m, k] (k-th mentee of m), ordered, summing to the
load; the objective charges balance·(2k − 1) for u[m, k], i.e. balance·load² in total."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.terms import ObjectiveTerms
from matcher.solver.variables import Vars, add_sums, new_bools


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Load units per mentor; returns their charges −balance·(2k − 1)."""
    inst = v.inst
    term_var, term_cand = v.terms()
    mentors = np.unique(v.local_mentor)
    caps = inst.total_cap[mentors]
    units = new_bools(model, int(caps.sum()))
    owner = np.repeat(mentors, caps)
    k = np.arange(units.size) - np.repeat(np.cumsum(caps) - caps, caps) + 1
    n_m = len(inst.mentor_ids)
    add_sums(model, np.concatenate([term_var, units]),
             np.concatenate([np.ones(term_var.size, np.int64), -np.ones(units.size, np.int64)]),
             np.concatenate([v.local_mentor[term_cand], owner]), 0, 0, n_groups=n_m)
    for a, b in zip(units[:-1][k[1:] > 1].tolist(), units[1:][k[1:] > 1].tolist(), strict=True):
        model.add_implication(model.get_bool_var_from_proto_index(b),
                              model.get_bool_var_from_proto_index(a))

    def hint(assigned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        load = np.bincount(inst.mentor[assigned], minlength=n_m)
        return units, (k <= load[owner]).astype(np.int64)

    return ObjectiveTerms(rest=((units, -inst.balance * (2 * k - 1)),), hint=hint)
