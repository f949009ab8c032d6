"""Every CP-SAT variable of one model in one container, indexed by the data.

Variables are written straight into the model's proto from numpy arrays (one boolean per usable
candidate pair, per possible group and per membership), because the Python expression API costs
seconds per million terms. `add_sums` does the same for families of linear constraints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher.solver.instance import I64, GroupOptions, Instance, IntArray
from matcher.solver.solution import Group, Solution


def new_bools(model: cp_model.CpModel, n: int) -> IntArray:
    """`n` new boolean variables; returns their proto indices."""
    variables = model.proto.variables
    first = len(variables)
    for _ in range(n):
        variables.add().domain.extend((0, 1))
    return np.arange(first, first + n, dtype=I64)


def new_int(model: cp_model.CpModel, lo: int, hi: int) -> int:
    return model.new_int_var(lo, hi, "").index


def fix(model: cp_model.CpModel, var_idx: IntArray, val: bool) -> None:
    """Fix boolean variables to true or false (kept proposals)."""
    lits = [model.get_bool_var_from_proto_index(v) for v in var_idx.tolist()]
    if lits:
        model.add_bool_and(lits if val else [~lit for lit in lits])


def add_sums(
    model: cp_model.CpModel,
    var_idx: IntArray,
    coeffs: IntArray,
    group: IntArray,
    lo: IntArray | int,
    hi: IntArray | int,
    *,
    n_groups: int,
    enforce: IntArray | None = None,
) -> None:
    """One constraint per group g: lo[g] ≤ Σ coeffs·vars (of terms with `group == g`) ≤ hi[g],
    optionally only if literal enforce[g] holds. Groups without terms are skipped."""
    lo_a = np.broadcast_to(np.asarray(lo, I64), (n_groups,))
    hi_a = np.broadcast_to(np.asarray(hi, I64), (n_groups,))
    order = np.argsort(group, kind="stable")
    bounds = np.searchsorted(group[order], np.arange(n_groups + 1))
    v_sorted, c_sorted = var_idx[order].tolist(), coeffs[order].tolist()
    constraints = model.proto.constraints
    for g in np.flatnonzero(np.diff(bounds)).tolist():
        a, b = int(bounds[g]), int(bounds[g + 1])
        ct = constraints.add()
        if enforce is not None:
            ct.enforcement_literal.append(int(enforce[g]))
        lin = ct.linear
        lin.vars.extend(v_sorted[a:b])
        lin.coeffs.extend(c_sorted[a:b])
        lin.domain.extend((int(lo_a[g]), int(hi_a[g])))


@dataclass(eq=False)
class Vars:
    """The variables of one model over candidates `cands` (global indices) of `inst`.

    Terms: `term_var[k]` is the variable of assignment term k and `term_cand[k]` its local
    candidate (one term per pair variable and per membership variable). Variables a rule
    adds (coverage, load units, the worst score) stay with the rule's `ObjectiveTerms`.
    """

    inst: Instance
    cands: IntArray
    pair: IntArray  # per local candidate: variable index, −1 if no one-to-one pair possible
    groups: GroupOptions  # keys and memberships, membership candidates local
    open: IntArray  # per key: variable index
    member: IntArray  # per membership: variable index

    @property
    def n(self) -> int:
        return int(self.cands.size)

    @property
    def local_mentor(self) -> IntArray:
        return self.inst.mentor[self.cands]

    @property
    def local_mentee(self) -> IntArray:
        return self.inst.mentee[self.cands]

    def terms(self) -> tuple[IntArray, IntArray]:
        """(variable, local candidate) of every assignment term: pairs, then memberships."""
        has_pair = np.flatnonzero(self.pair >= 0)
        return (
            np.concatenate([self.pair[has_pair], self.member]),
            np.concatenate([has_pair, self.groups.member_cand]),
        )

    def extract(self, values: IntArray) -> Solution:
        """The solution in `values` (one value per proto variable) as global candidates."""
        has_pair = np.flatnonzero(self.pair >= 0)
        chosen = has_pair[values[self.pair[has_pair]] > 0]
        groups = []
        member_on = values[self.member] > 0 if self.member.size else np.zeros(0, bool)
        for key in np.flatnonzero(values[self.open] > 0).tolist():
            mine = member_on & (self.groups.member_key == key)
            groups.append(Group(
                mentor=int(self.groups.mentor[key]), topic=int(self.groups.topic[key]),
                form=int(self.groups.form[key]), members=self.cands[self.groups.member_cand[mine]],
            ))
        return Solution(pairs=self.cands[chosen], groups=tuple(groups))

    def hint_values(self, sol: Solution) -> tuple[IntArray, IntArray]:
        """(variables, values) hinting `sol` on the pair, group and membership variables."""
        pos = {int(c): i for i, c in enumerate(self.cands.tolist())}
        pair_val = np.zeros(self.n, I64)
        for c in sol.pairs.tolist():
            pair_val[pos[c]] = 1
        has_pair = np.flatnonzero(self.pair >= 0)
        open_val = np.zeros(self.groups.n_keys, I64)
        member_val = np.zeros(self.member.size, I64)
        for g in sol.groups:
            key = np.flatnonzero(
                (self.groups.mentor == g.mentor) & (self.groups.topic == g.topic)
                & (self.groups.form == g.form)
            )
            if key.size:
                open_val[key[0]] = 1
                local = np.asarray([pos[int(c)] for c in g.members.tolist()], I64)
                member_val |= (self.groups.member_key == key[0]) & np.isin(
                    self.groups.member_cand, local)
        return (
            np.concatenate([self.pair[has_pair], self.open, self.member]),
            np.concatenate([pair_val[has_pair], open_val, member_val]),
        )


def build_vars(model: cp_model.CpModel, inst: Instance, cands: IntArray,
               groups: GroupOptions) -> Vars:
    """Create the pair, group and membership variables over `cands` (sorted global indices).

    `groups` are the instance's group options; only those whose memberships lie in `cands`
    are kept, with membership candidates renumbered to local positions.
    """
    local_of = np.full(inst.n_candidates, -1, I64)
    local_of[cands] = np.arange(cands.size)
    in_model = local_of[groups.member_cand] >= 0
    keys_used = np.unique(groups.member_key[in_model])
    key_new = np.full(groups.n_keys, -1, I64)
    key_new[keys_used] = np.arange(keys_used.size)
    local_groups = GroupOptions(
        mentor=groups.mentor[keys_used], topic=groups.topic[keys_used],
        form=groups.form[keys_used], member_key=key_new[groups.member_key[in_model]],
        member_cand=local_of[groups.member_cand[in_model]],
    )
    usable = inst.pair_usable[cands]
    pair = np.full(cands.size, -1, I64)
    pair[usable] = new_bools(model, int(usable.sum()))
    return Vars(
        inst=inst, cands=cands, pair=pair, groups=local_groups,
        open=new_bools(model, local_groups.n_keys),
        member=new_bools(model, local_groups.member_cand.size),
    )
