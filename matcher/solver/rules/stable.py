"""Stability: no mentor and mentee who would both rather be with each other.

For every candidate pair (m, e) that could meet one-to-one, one of three holds:
- m and e are together;
- e has all the mentors they want among those they like at least as much as m (α ⇒ A ≥ demand);
- m is full with mentees they like at least as much as e (β ⇒ B ≥ capacity).
Preferences are `matcher.preferences` keys per candidate. Group memberships count as
being together. Pairs that could only meet in a group never block (they cannot form a pair).

A and B are read off prefix sums: each person's candidates sorted from most to least wanted,
P[k] = assignments among the first k. That keeps the rule linear in the number of candidates
(the direct sums would be quadratic in each person's number of candidates).
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import ConstraintProto

from matcher.solver.instance import IntArray
from matcher.solver.terms import NO_TERMS, ObjectiveTerms
from matcher.solver.variables import Vars, new_bools


def build(model: cp_model.CpModel, v: Vars) -> ObjectiveTerms:
    """No blocking pair among the one-to-one candidates; no objective terms."""
    inst = v.inst
    pref_e = inst.pref_mentee if inst.pref_mentee is not None else inst.score
    pref_m = inst.pref_mentor if inst.pref_mentor is not None else inst.score
    term_var, term_cand = v.terms()
    terms_of: list[list[int]] = [[] for _ in range(v.n)]
    for var, c in zip(term_var.tolist(), term_cand.tolist(), strict=True):
        terms_of[c].append(var)
    cands = np.flatnonzero(v.pair >= 0)
    if cands.size == 0:
        return NO_TERMS
    upto_e = _prefix_sums(model, v.local_mentee, pref_e[v.cands], terms_of, inst.demand)
    upto_m = _prefix_sums(model, v.local_mentor, pref_m[v.cands], terms_of, inst.total_cap)
    alpha, beta = new_bools(model, cands.size), new_bools(model, cands.size)
    constraints = model.proto.constraints
    for i, a, b in zip(cands.tolist(), alpha.tolist(), beta.tolist(), strict=True):
        e, m = int(v.local_mentee[i]), int(v.local_mentor[i])
        # α ⇒ A ≥ demand: the mentee is full with mentors liked at least as much as m.
        _linear(constraints, [upto_e[i]], [1], int(inst.demand[e]), 10**6, a)
        # β ⇒ B ≥ capacity, B = P − (this pair): the mentor is full with mentees as liked.
        mine = terms_of[i]
        _linear(constraints, [upto_m[i], *mine], [1] + [-1] * len(mine),
                int(inst.total_cap[m]), 10**6, b)
        ct = constraints.add()
        ct.bool_or.literals.extend([*mine, a, b])
    return NO_TERMS


class Constraints(Protocol):
    """The model proto's repeated constraint field (ortools' stubs leave it untyped)."""

    def add(self) -> ConstraintProto: ...


def _prefix_sums(model: cp_model.CpModel, owner: IntArray, pref: IntArray,
                 terms_of: list[list[int]], bound: IntArray) -> IntArray:
    """For each local candidate i, a variable equal to the assignments of i's owner among the
    candidates the owner likes at least as much as i (ties included)."""
    order = np.lexsort((-pref, owner))
    out = np.zeros(owner.size, np.int64)
    constraints = model.proto.constraints
    prev_owner, prev_var = -1, -1
    block: list[int] = []
    for pos, i in enumerate(order.tolist()):
        o = int(owner[i])
        if o != prev_owner:
            prev_owner, prev_var = o, -1
        var = model.new_int_var(0, int(bound[o]), "").index
        terms = terms_of[i]
        if prev_var < 0:
            _linear(constraints, [var, *terms], [1] + [-1] * len(terms), 0, 0)
        else:
            _linear(constraints, [var, prev_var, *terms], [1, -1] + [-1] * len(terms), 0, 0)
        prev_var = var
        block.append(i)
        nxt = order[pos + 1] if pos + 1 < order.size else -1
        if nxt < 0 or int(owner[nxt]) != o or pref[nxt] != pref[i]:
            out[block] = var  # a tie block shares the sum at its end
            block = []
    return out


def _linear(constraints: Constraints, variables: list[int], coeffs: list[int], lo: int, hi: int,
            enforce: int | None = None) -> None:
    ct = constraints.add()
    if enforce is not None:
        ct.enforcement_literal.append(enforce)
    ct.linear.vars.extend(variables)
    ct.linear.coeffs.extend(coeffs)
    ct.linear.domain.extend((lo, hi))
