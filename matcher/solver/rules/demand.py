"""Mentee demand: at most `mentors_wanted` mentors, never the same mentor twice; coverage."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars, add_sums, new_bools


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Demand limits; returns the coverage level (W + bonus per covered mentee) if it counts."""
    inst = v.inst
    n_e = len(inst.mentee_ids)
    term_var, term_cand = v.terms()
    ones = np.ones(term_var.size, np.int64)
    add_sums(model, term_var, ones, v.local_mentee[term_cand], 0, inst.demand, n_groups=n_e)
    # One candidate = one (mentor, mentee): its pair and memberships together at most once.
    repeated = np.bincount(term_cand, minlength=v.n)[term_cand] > 1
    add_sums(model, term_var[repeated], ones[repeated], term_cand[repeated], 0, 1,
             n_groups=v.n)
    if inst.cover_unit or inst.cover_bonus.any():
        return _coverage(model, v, term_var, term_cand)
    return NO_TERMS


def _coverage(model: cp_model.CpModel, v: Vars, term_var: np.ndarray,
              term_cand: np.ndarray) -> ObjectiveTerms:
    """covered[e] ≤ Σ assignments of e, one boolean per mentee of the model."""
    inst = v.inst
    mentees = np.unique(v.local_mentee)
    covered = new_bools(model, mentees.size)
    group = np.concatenate([v.local_mentee[term_cand], mentees])
    var = np.concatenate([term_var, covered])
    coeff = np.concatenate([-np.ones(term_var.size, np.int64), np.ones(mentees.size, np.int64)])
    add_sums(model, var, coeff, group, -10**6, 0, n_groups=len(inst.mentee_ids))

    def hint(assigned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return covered, np.isin(mentees, inst.mentee[assigned]).astype(np.int64)

    return ObjectiveTerms(
        coverage=((covered, inst.cover_unit + inst.cover_bonus[mentees]),), hint=hint)
