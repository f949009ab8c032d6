"""Groups: one mentor, size within [group_min, group_max], members only in an open group.

Topic and form sharing are structural: a group key (mentor, topic, form) only lists mentees who
request the topic the mentor covers, under that form, and who accept group work.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars, add_sums

EXPLICIT_LINKS = 200_000  # below this many memberships, also add member ≤ open (a tighter LP)


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """Group size bounds and member ⇒ open; no objective terms."""
    inst, g = v.inst, v.groups
    if g.n_keys == 0:
        return NO_TERMS
    var = np.concatenate([v.member, v.open])
    key = np.concatenate([g.member_key, np.arange(g.n_keys)])
    ones = np.ones(v.member.size, np.int64)
    # Σ members ≤ min(group_max, mentor's capacity)·open: the mentor's capacity bounds each
    # group too, and writing it per group keeps the LP from spreading members over many keys.
    most = np.minimum(inst.group_max, inst.total_cap[g.mentor])
    add_sums(model, var, np.concatenate([ones, -most]), key, -10**6, 0, n_groups=g.n_keys)
    add_sums(model, var, np.concatenate([ones, np.full(g.n_keys, -inst.group_min)]), key,
             0, 10**6, n_groups=g.n_keys)
    if v.member.size <= EXPLICIT_LINKS:
        for m, o in zip(v.member.tolist(), v.open[g.member_key].tolist(), strict=True):
            model.add_implication(model.get_bool_var_from_proto_index(m),
                                  model.get_bool_var_from_proto_index(o))
    return NO_TERMS
