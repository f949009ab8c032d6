"""Kept proposals (confirmed or locked): their pairs and groups are fixed as they are."""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.errors import Infeasible
from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars, fix


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Fix kept pairs and groups (raises `Infeasible` if one can no longer form); no terms."""
    inst = v.inst
    local_of = {int(c): i for i, c in enumerate(v.cands.tolist())}
    pairs = [local_of[c] for c in inst.fixed_pairs.tolist() if c in local_of]
    if pairs:
        local = np.asarray(pairs, np.int64)
        if (v.pair[local] < 0).any():
            raise Infeasible(["a kept pair can no longer meet one-to-one"])
        fix(model, v.pair[local], True)
    for topic, members in inst.fixed_groups:
        if int(members[0]) not in local_of:
            continue
        local = np.asarray([local_of[int(c)] for c in members.tolist()], np.int64)
        g = v.groups
        mentor, form = int(inst.mentor[members[0]]), int(inst.form[members[0]])
        key = np.flatnonzero((g.mentor == mentor) & (g.topic == topic) & (g.form == form))
        if key.size == 0:
            raise Infeasible([f"kept group of {inst.mentor_ids[mentor]} cannot be formed"])
        mine = g.member_key == key[0]
        inside = mine & np.isin(g.member_cand, local)
        if int(inside.sum()) != local.size:
            raise Infeasible([f"a member of the kept group of {inst.mentor_ids[mentor]} "
                              "can no longer join it"])
        fix(model, v.open[key], True)
        fix(model, v.member[inside], True)
        fix(model, v.member[mine & ~inside], False)
    return NO_TERMS
