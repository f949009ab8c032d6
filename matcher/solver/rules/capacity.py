"""Mentor capacity: mentees in total (pairs and group members) and number of groups."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars, add_sums


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Load and group-count limits per mentor; no objective terms."""
    inst = v.inst
    n_m = len(inst.mentor_ids)
    term_var, term_cand = v.terms()
    add_sums(model, term_var, np.ones(term_var.size, np.int64), v.local_mentor[term_cand],
             0, inst.total_cap, n_groups=n_m)
    add_sums(model, v.open, np.ones(v.open.size, np.int64), v.groups.mentor,
             0, inst.cap_groups, n_groups=n_m)
    return NO_TERMS
