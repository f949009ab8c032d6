"""The solver's data: candidate pairs plus capacities, demands, topics and group options.

An `Instance` is plain numpy arrays, built once from a bank and the scorer's `Candidates` (or
directly in tests), and read by every solver path: the flow, CP-SAT and the brute force in tests.

Decisions documented here because every path relies on them:
- `capacity_mentees` bounds every mentee a mentor works with, group members included;
  `capacity_groups` bounds the number of groups. A mentor with `capacity_mentees = 0` but groups
  offered runs groups only (then at most `capacity_groups · group_max` mentees).
- A group is keyed by (mentor, topic, form): its members all request the topic, the mentor has it
  among their competencies, each member's candidate form is the group's form, and every member
  and the mentor accept group work (`Candidates.group_ok`). At most one group per key.
- A mentee wanting several mentors gets them from different mentors (pairs or groups alike);
  one mentor never twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.candidates import Candidates
from matcher.model import Goal
from matcher.options import SCALE

I64 = np.int64
IntArray: TypeAlias = NDArray[np.int64]  # indices, capacities, scores in 1/SCALE units
BoolArray: TypeAlias = NDArray[np.bool_]  # masks


def _no_ints() -> IntArray:
    return np.zeros(0, I64)


@dataclass(frozen=True, eq=False)
class QuotaRow:
    """One value of one quota: which candidates count towards it and its bounds (pairs)."""

    member: BoolArray  # per candidate
    at_most: int | None = None  # hard
    share_permille: int | None = None  # hard: 1000 · members ≤ share · all assignments
    at_least: int = 0  # soft: each missing pair costs `penalty`
    penalty: int = 0  # 1/SCALE units
    label: str = ""


@dataclass(frozen=True, eq=False)
class Instance:
    """Everything a solver path needs, indexed by candidate, mentor, mentee and topic number."""

    mentor_ids: tuple[str, ...]
    mentee_ids: tuple[str, ...]
    topic_ids: tuple[str, ...]
    mentor: IntArray  # per candidate: mentor index
    mentee: IntArray  # per candidate: mentee index
    score: IntArray  # per candidate: score in [0, SCALE]
    form: IntArray  # per candidate: index into FORM_ORDER
    pair_ok: BoolArray  # per candidate: may meet one-to-one
    group_ok: BoolArray  # per candidate: both accept group work
    cap_mentees: IntArray  # per mentor
    cap_groups: IntArray  # per mentor
    demand: IntArray  # per mentee: mentors wanted
    mentor_topic: BoolArray  # mentors × topics: competencies
    mentee_topic: BoolArray  # mentees × topics: requests
    group_min: int = 2
    group_max: int = 5
    goal: Goal = Goal.coverage_first
    cover_unit: int = 0  # W of `matcher.objective`, in 1/SCALE units
    # per candidate: bonus for keeping a previous pair (left empty: zeros)
    keep: IntArray = field(default_factory=_no_ints)
    # per mentee: bonus for covering, as one who was unmatched (left empty: zeros)
    cover_bonus: IntArray = field(default_factory=_no_ints)
    group_value: int = 0  # per group member beyond the first, 1/SCALE units (mentor time saved)
    balance: int = 0  # scaled weight of Σ load²
    fairness: int = 0  # integer weight of the worst assigned score
    fixed_pairs: IntArray = field(default_factory=_no_ints)  # candidate indices
    fixed_groups: tuple[tuple[int, IntArray], ...] = ()  # (topic, candidate indices)
    pref_mentor: IntArray | None = None  # per candidate: how much the mentor wants the mentee
    pref_mentee: IntArray | None = None  # per candidate: how much the mentee wants the mentor
    quotas: tuple[QuotaRow, ...] = ()  # the programme's quotas, one row per value
    min_load: IntArray = field(default_factory=_no_ints)  # per mentor: target (empty: none)
    min_load_penalty: int = 0  # per missing mentee, 1/SCALE units

    def __post_init__(self) -> None:
        n = len(self.mentor)
        if self.keep.size == 0:
            object.__setattr__(self, "keep", np.zeros(n, I64))
        if self.cover_bonus.size == 0:
            object.__setattr__(self, "cover_bonus", np.zeros(len(self.mentee_ids), I64))
        if self.min_load.size == 0:
            object.__setattr__(self, "min_load", np.zeros(len(self.mentor_ids), I64))

    @property
    def coupled(self) -> bool:
        """Whether a rule ties every part of the problem together (fairness, quotas, a
        minimum load): then one CP-SAT model holds everything and the flow cannot be exact."""
        return bool(self.fairness or self.quotas or (self.min_load_penalty
                                                     and self.min_load.any()))

    @property
    def n_candidates(self) -> int:
        return int(self.mentor.shape[0])

    @property
    def total_cap(self) -> IntArray:
        """Most mentees each mentor can take, pairs and group members together."""
        return np.where(
            self.cap_mentees > 0, self.cap_mentees, self.cap_groups * self.group_max
        ).astype(I64)

    @property
    def pair_usable(self) -> BoolArray:
        """Candidates that may form a one-to-one pair: pair kind agreed, mentor takes pairs."""
        return self.pair_ok & (self.cap_mentees[self.mentor] > 0)

    @property
    def group_usable(self) -> BoolArray:
        return self.group_ok & (self.cap_groups[self.mentor] > 0)

    @property
    def gain(self) -> IntArray:
        """What assigning each candidate pair adds to the objective, in 1/SCALE units."""
        return self.score + self.keep

    def group_keys(self) -> GroupOptions:
        """Every (mentor, topic, form) group that could be formed, with its possible members."""
        return _group_options(self)


@dataclass(frozen=True, eq=False)
class GroupOptions:
    """Possible groups (keys) and memberships (key, candidate), both as index arrays."""

    mentor: IntArray  # per key
    topic: IntArray  # per key
    form: IntArray  # per key
    member_key: IntArray  # per membership
    member_cand: IntArray  # per membership

    @property
    def n_keys(self) -> int:
        return int(self.mentor.shape[0])


def _group_options(inst: Instance) -> GroupOptions:
    usable = np.flatnonzero(inst.group_usable)
    empty = np.zeros(0, I64)
    if usable.size == 0 or inst.mentor_topic.shape[1] == 0:
        return GroupOptions(empty, empty, empty, empty, empty)
    pieces_c, pieces_t = [], []
    for start in range(0, usable.size, 200_000):  # bounded memory: chunk × topics booleans
        chunk = usable[start : start + 200_000]
        shared = inst.mentor_topic[inst.mentor[chunk]] & inst.mentee_topic[inst.mentee[chunk]]
        rows, topics = np.nonzero(shared)
        pieces_c.append(chunk[rows])
        pieces_t.append(topics)
    cand = np.concatenate(pieces_c).astype(I64)
    topic = np.concatenate(pieces_t).astype(I64)
    n_t, n_f = inst.mentor_topic.shape[1], 8
    code = (inst.mentor[cand].astype(I64) * n_t + topic) * n_f + inst.form[cand].astype(I64)
    keys, inverse, counts = np.unique(code, return_inverse=True, return_counts=True)
    forced = _fixed_group_codes(inst, n_t, n_f)
    keep_key = (counts >= inst.group_min) | np.isin(keys, forced)
    keep_key &= inst.group_min <= inst.total_cap[keys // (n_t * n_f)]
    new_index = np.cumsum(keep_key) - 1
    member = keep_key[inverse]
    keys = keys[keep_key]
    order = np.lexsort((cand[member], new_index[inverse[member]]))
    return GroupOptions(
        mentor=keys // (n_t * n_f),
        topic=(keys // n_f) % n_t,
        form=keys % n_f,
        member_key=new_index[inverse[member]][order].astype(I64),
        member_cand=cand[member][order],
    )


def _fixed_group_codes(inst: Instance, n_t: int, n_f: int) -> IntArray:
    codes = [
        (int(inst.mentor[c[0]]) * n_t + t) * n_f + int(inst.form[c[0]])
        for t, c in inst.fixed_groups
    ]
    return np.asarray(codes, I64)


def scale_scores(score: NDArray[np.float64]) -> IntArray:
    """Float scores in [0, 1] as integers in [0, SCALE] (round half to even, like the validator)."""
    return np.rint(np.clip(score, 0.0, 1.0) * SCALE).astype(I64)


def from_candidates(
    cands: Candidates,
    *,
    cap_mentees: ArrayLike,
    cap_groups: ArrayLike,
    demand: ArrayLike,
    mentor_topic: NDArray[Any] | None = None,
    mentee_topic: NDArray[Any] | None = None,
    topic_ids: tuple[str, ...] = (),
    **kw: Any,
) -> Instance:
    """An instance over `Candidates` with the people's numbers given as arrays (tests, bench);
    `kw` are further `Instance` fields."""
    n_t = len(topic_ids)
    m_t = mentor_topic if mentor_topic is not None else np.zeros((len(cands.mentor_ids), n_t), bool)
    e_t = mentee_topic if mentee_topic is not None else np.zeros((len(cands.mentee_ids), n_t), bool)
    return Instance(
        mentor_ids=cands.mentor_ids, mentee_ids=cands.mentee_ids, topic_ids=topic_ids,
        mentor=cands.mentor.astype(I64), mentee=cands.mentee.astype(I64),
        score=scale_scores(cands.score), form=cands.form.astype(I64),
        pair_ok=cands.pair_ok.astype(bool), group_ok=cands.group_ok.astype(bool),
        cap_mentees=np.asarray(cap_mentees, I64), cap_groups=np.asarray(cap_groups, I64),
        demand=np.asarray(demand, I64), mentor_topic=m_t.astype(bool),
        mentee_topic=e_t.astype(bool), **kw,
    )
