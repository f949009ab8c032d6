"""Groups worth forming: each member counts `group_value` more and each open group `group_value`
less, so a group of k adds group_value·(k − 1), the meetings its mentor need not hold.

Without it a tie between a group and the same mentees as pairs goes either way; with it the
group wins (`Programme.group_value`). Linear in the group and membership variables: no
auxiliary variables, nothing to hint.
"""

from __future__ import annotations

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """No constraints; returns +group_value per membership and −group_value per open group."""
    value = v.inst.group_value
    if value == 0 or v.open.size == 0:
        return NO_TERMS
    return ObjectiveTerms(rest=((v.member, np.full(v.member.size, value, np.int64)),
                                (v.open, np.full(v.open.size, -value, np.int64))))
