"""Quotas: pairs per attribute value (`Programme.quotas`, one `QuotaRow` per value).

"At most" and "share at most" are hard: Σ members ≤ at_most, 1000·Σ members ≤ share·Σ all.
"At least" is kept where possible: a shortfall s ≥ at_least − Σ members, charged
−penalty · s in the objective.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.instance import I64
from matcher.solver.solution import quota_counts
from matcher.solver.terms import ObjectiveTerms, Term
from matcher.solver.variables import Vars, add_sums, new_int


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """The quotas' constraints; returns the shortfalls' charges."""
    inst = v.inst
    term_var, term_cand = v.terms()
    glob = v.cands[term_cand]
    ones = np.ones(term_var.size, I64)
    shortfalls: list[tuple[int, int, int]] = []  # (variable, quota row, penalty)
    for i, q in enumerate(inst.quotas):
        inside = q.member[glob]
        if q.at_most is not None:
            add_sums(model, term_var[inside], ones[inside], np.zeros(int(inside.sum()), I64),
                     0, q.at_most, n_groups=1)
        if q.share_permille is not None:
            coeff = np.where(inside, 1000 - q.share_permille, -q.share_permille).astype(I64)
            add_sums(model, term_var, coeff, np.zeros(term_var.size, I64), -10**12, 0,
                     n_groups=1)
        if q.at_least > 0:
            s = new_int(model, 0, q.at_least)
            add_sums(model, np.append(term_var[inside], s), np.ones(int(inside.sum()) + 1, I64),
                     np.zeros(int(inside.sum()) + 1, I64), q.at_least, 10**9, n_groups=1)
            shortfalls.append((s, i, q.penalty))
    if not shortfalls:
        return ObjectiveTerms()
    variables = np.asarray([s for s, _, _ in shortfalls], I64)

    def hint(assigned: np.ndarray) -> Term:
        counts = quota_counts(inst, assigned)
        return variables, np.asarray(
            [max(inst.quotas[i].at_least - counts[i], 0) for _, i, _ in shortfalls], I64)

    return ObjectiveTerms(
        rest=((variables, -np.asarray([p for _, _, p in shortfalls], I64)),), hint=hint)
