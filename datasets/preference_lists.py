"""Hospital–resident shaped instances for the stable option: every mentee a candidate of every
mentor, strict random preferences both ways (the issue's 400 × 20 and 1,000 × 50 cases)."""

from __future__ import annotations

import numpy as np

from matcher.solver.instance import I64, Instance


def full_lists(n_mentees: int, n_mentors: int, seed: int = 0) -> Instance:
    """Full preference lists on both sides, capacities summing to the mentees, one mentor each;
    pair scores random and independent of the preferences (so stability has a price)."""
    rng = np.random.default_rng(seed)
    n_e, n_m = n_mentees, n_mentors
    mentor = np.repeat(np.arange(n_m), n_e).astype(I64)
    mentee = np.tile(np.arange(n_e), n_m).astype(I64)
    n = mentor.size
    pref_m = np.concatenate([rng.permutation(n_e) for _ in range(n_m)]).astype(I64)
    pref_e = np.argsort(rng.random((n_e, n_m)), axis=1).T.ravel().astype(I64)
    cap = -(-n_e // n_m)
    return Instance(
        mentor_ids=tuple(f"m{i:04}" for i in range(n_m)),
        mentee_ids=tuple(f"e{j:05}" for j in range(n_e)), topic_ids=(),
        mentor=mentor, mentee=mentee, score=rng.integers(0, 1001, n).astype(I64),
        form=np.zeros(n, I64), pair_ok=np.ones(n, bool), group_ok=np.zeros(n, bool),
        cap_mentees=np.full(n_m, cap, I64), cap_groups=np.zeros(n_m, I64),
        demand=np.ones(n_e, I64), mentor_topic=np.zeros((n_m, 0), bool),
        mentee_topic=np.zeros((n_e, 0), bool), cover_unit=10**6,
        pref_mentor=pref_m, pref_mentee=pref_e,
    )
