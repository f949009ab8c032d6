"""Fairness: an integer `worst` no greater than any assigned score (0 if nobody is assigned)."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.options import SCALE
from matcher.solver.terms import ObjectiveTerms
from matcher.solver.variables import Vars, add_sums, new_int


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Bounds `worst` by every assigned score; returns fairness · worst."""
    inst = v.inst
    worst = new_int(model, 0, SCALE)
    term_var, term_cand = v.terms()
    n = term_var.size
    # worst + SCALE·x ≤ score + SCALE for every term x: binds only where x = 1.
    score = inst.score[v.cands[term_cand]]
    var = np.concatenate([term_var, np.full(n, worst)])
    coeff = np.concatenate([np.full(n, SCALE), np.ones(n, np.int64)])
    group = np.concatenate([np.arange(n), np.arange(n)])
    add_sums(model, var, coeff, group, -10**9, score + SCALE, n_groups=n)
    # worst ≤ SCALE · (number of assignments): 0 when nobody is assigned.
    add_sums(model, np.append(term_var, worst), np.append(np.full(n, -SCALE), 1),
             np.zeros(n + 1, np.int64), -10**9, 0, n_groups=1)

    def hint(assigned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        lowest = int(inst.score[assigned].min()) if assigned.size else 0
        return np.asarray([worst], np.int64), np.asarray([lowest], np.int64)

    return ObjectiveTerms(
        rest=((np.asarray([worst], np.int64), np.asarray([inst.fairness], np.int64)),),
        hint=hint)
