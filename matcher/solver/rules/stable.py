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

from dataclasses import dataclass
from typing import Protocol

import numpy as np
from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import ConstraintProto

from matcher.solver.instance import IntArray
from matcher.solver.terms import NO_TERMS, ObjectiveTerms, Term
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
    upto_e, chain_e = _prefix_sums(model, v.local_mentee, pref_e[v.cands], terms_of, inst.demand)
    upto_m, chain_m = _prefix_sums(model, v.local_mentor, pref_m[v.cands], terms_of,
                                   inst.total_cap)
    alpha, beta = new_bools(model, cands.size), new_bools(model, cands.size)
    constraints = model.proto.constraints
    # Read once as lists: the properties build arrays, and this loop runs per candidate.
    demand_of = inst.demand[v.local_mentee]
    cap_of = inst.total_cap[v.local_mentor]
    demand, cap = demand_of.tolist(), cap_of.tolist()
    a_sum, b_sum = upto_e.tolist(), upto_m.tolist()
    for i, a, b in zip(cands.tolist(), alpha.tolist(), beta.tolist(), strict=True):
        # α ⇒ A ≥ demand: the mentee is full with mentors liked at least as much as m.
        _linear(constraints, [a_sum[i]], [1], demand[i], 10**6, a)
        # β ⇒ B ≥ capacity, B = P − (this pair): the mentor is full with mentees as liked.
        mine = terms_of[i]
        _linear(constraints, [b_sum[i], *mine], [1] + [-1] * len(mine), cap[i], 10**6, b)
        ct = constraints.add()
        ct.bool_or.literals.extend([*mine, a, b])

    def hint(assigned: IntArray) -> Term:
        """The prefix sums, α and β of an assignment, so a stable start hints completely."""
        x = np.isin(v.cands, assigned).astype(np.int64)
        val_e, val_m = chain_e.values(x), chain_m.values(x)
        a_val = (val_e[cands] >= demand_of[cands]).astype(np.int64)
        b_val = (val_m[cands] - x[cands] >= cap_of[cands]).astype(np.int64)
        return (np.concatenate([chain_e.var, chain_m.var, alpha, beta]).astype(np.int64),
                np.concatenate([chain_e.running(x), chain_m.running(x), a_val, b_val]))

    return ObjectiveTerms(hint=hint)


@dataclass(frozen=True, eq=False)
class Chain:
    """The prefix-sum variables of one side: `var[k]` counts the assignments among the first
    k + 1 candidates of `order` (each owner's candidates, most wanted first) of its owner;
    `block_end[i]` is the position whose variable stands for local candidate i."""

    var: IntArray
    order: IntArray
    owner_start: IntArray  # per position: the position where its owner's run starts
    block_end: IntArray

    def running(self, x: IntArray) -> IntArray:
        """Each chain variable's value when local candidate i has x[i] assignments."""
        cs = np.cumsum(x[self.order])
        before = np.where(self.owner_start > 0, cs[self.owner_start - 1], 0)
        return (cs - before).astype(np.int64)

    def values(self, x: IntArray) -> IntArray:
        """Per local candidate, the value of its prefix sum (`build`'s A or B)."""
        return self.running(x)[self.block_end]


class Constraints(Protocol):
    """The model proto's repeated constraint field (ortools' stubs leave it untyped)."""

    def add(self) -> ConstraintProto: ...


def _prefix_sums(model: cp_model.CpModel, owner: IntArray, pref: IntArray,
                 terms_of: list[list[int]], bound: IntArray) -> tuple[IntArray, Chain]:
    """For each local candidate i, a variable equal to the assignments of i's owner among the
    candidates the owner likes at least as much as i (ties included), and the chain."""
    order = np.lexsort((-pref, owner))
    out = np.zeros(owner.size, np.int64)
    chain = np.zeros(owner.size, np.int64)
    owner_start = np.zeros(owner.size, np.int64)
    block_end = np.zeros(owner.size, np.int64)
    constraints = model.proto.constraints
    prev_owner, prev_var, start = -1, -1, 0
    block: list[int] = []
    for pos, i in enumerate(order.tolist()):
        o = int(owner[i])
        if o != prev_owner:
            prev_owner, prev_var, start = o, -1, pos
        var = model.new_int_var(0, int(bound[o]), "").index
        chain[pos], owner_start[pos] = var, start
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
            block_end[block] = pos
            block = []
    return out, Chain(chain, order, owner_start, block_end)


def _linear(constraints: Constraints, variables: list[int], coeffs: list[int], lo: int, hi: int,
            enforce: int | None = None) -> None:
    ct = constraints.add()
    if enforce is not None:
        ct.enforcement_literal.append(enforce)
    ct.linear.vars.extend(variables)
    ct.linear.coeffs.extend(coeffs)
    ct.linear.domain.extend((lo, hi))
