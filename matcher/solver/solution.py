"""A solution at instance level (candidate indices) and its objective, for every solver path."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from matcher.objective import group_gain
from matcher.solver.instance import I64, Instance, IntArray


@dataclass(frozen=True, eq=False)
class Group:
    """One group: its mentor, topic and form numbers and its members' candidate indices."""

    mentor: int
    topic: int
    form: int
    members: IntArray


@dataclass(frozen=True, eq=False)
class Solution:
    """Chosen one-to-one pairs (candidate indices) and groups."""

    pairs: IntArray = field(default_factory=lambda: np.zeros(0, I64))
    groups: tuple[Group, ...] = ()

    def assigned(self) -> IntArray:
        """Every assigned candidate index, pairs and group members, sorted."""
        parts = [self.pairs, *(g.members for g in self.groups)]
        return np.sort(np.concatenate(parts).astype(I64)) if parts else np.zeros(0, I64)

    def merge(self, other: Solution) -> Solution:
        return Solution(
            pairs=np.sort(np.concatenate([self.pairs, other.pairs]).astype(I64)),
            groups=self.groups + other.groups,
        )


def value(inst: Instance, sol: Solution) -> int:
    """The objective of `sol` in 1/SCALE units (see `matcher.objective`)."""
    idx = sol.assigned()
    covered = np.zeros(len(inst.mentee_ids), bool)
    covered[inst.mentee[idx]] = True
    total = int(inst.cover_unit * covered.sum() + inst.cover_bonus[covered].sum())
    total += int(inst.gain[idx].sum())
    total += group_gain([g.members.size for g in sol.groups], inst.group_value)
    if inst.balance:
        load = np.bincount(inst.mentor[idx], minlength=len(inst.mentor_ids)).astype(I64)
        total -= int(inst.balance * (load * load).sum())
    if inst.fairness:
        total += inst.fairness * (int(inst.score[idx].min()) if idx.size else 0)
    return total - soft_penalties(inst, idx)


def quota_counts(inst: Instance, idx: IntArray) -> list[int]:
    """Assignments counting towards each quota row."""
    return [int(q.member[idx].sum()) for q in inst.quotas]


def soft_penalties(inst: Instance, idx: IntArray) -> int:
    """What the quotas' "at least" and the minimum load charge for assignments `idx`."""
    total = sum(q.penalty * max(q.at_least - n, 0)
                for q, n in zip(inst.quotas, quota_counts(inst, idx), strict=True))
    if inst.min_load_penalty:
        load = np.bincount(inst.mentor[idx], minlength=len(inst.mentor_ids)).astype(I64)
        total += inst.min_load_penalty * int(np.maximum(inst.min_load - load, 0).sum())
    return int(total)


def quotas_hold(inst: Instance, idx: IntArray) -> bool:
    """Whether assignments `idx` keep every hard quota (at most, share at most)."""
    for q, n in zip(inst.quotas, quota_counts(inst, idx), strict=True):
        if q.at_most is not None and n > q.at_most:
            return False
        if q.share_permille is not None and 1000 * n > q.share_permille * idx.size:
            return False
    return True


def score_total(inst: Instance, sol: Solution) -> int:
    return int(inst.score[sol.assigned()].sum())


def covered_count(inst: Instance, sol: Solution) -> int:
    """How many mentees `sol` gives at least one mentor."""
    return int(np.unique(inst.mentee[sol.assigned()]).size)
