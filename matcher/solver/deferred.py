"""Deferred acceptance: a stable result that always exists, found in well under a second.

Gale–Shapley for the many-to-many case the product has (a mentee may want several mentors,
never the same one twice; a mentor takes up to `capacity_mentees` pairs), over the one-to-one
candidates, with the preferences of `matcher.preferences` (weak: equal keys are ties).
Ties are broken deterministically and independently of the bank's row order: by the pair
score (higher first), then by the other person's id. A stable matching for the strict
preferences so obtained is (weakly) stable for the original ones: no pair both strictly prefer.

`matcher.solver.engine` runs both directions (mentees proposing: the best stable result for
every mentee; mentors proposing: the best for every mentor), starts CP-SAT's search for the
best-scoring stable result from the better of the two, and falls back to it when CP-SAT finds
nothing in time, so `stable` never answers "no solution" where one exists.

Kept pairs and groups are taken as they are: they use their people's capacity and demand and
the rest is matched around them. Then a blocking pair through a kept assignment is possible
(the curator fixed it); `blocking` reports what remains so the caller can tell.

The `matching` package on PyPI (daffidwilde/matching) was considered: its hospital–resident
game has no ties, no resident wanting several hospitals, and builds one Python object per
player and preference, which is slower than these arrays at a region's size.
"""

from __future__ import annotations

import heapq
from enum import Enum

import numpy as np

from matcher import control
from matcher.solver.instance import I64, Instance, IntArray
from matcher.solver.solution import Group, Solution, value


class Proposing(Enum):
    mentees = "mentees"
    mentors = "mentors"


def preferences(inst: Instance) -> tuple[IntArray, IntArray]:
    """(pref_mentor, pref_mentee) per candidate; the pair score where none is given."""
    pref_m = inst.pref_mentor if inst.pref_mentor is not None else inst.score
    pref_e = inst.pref_mentee if inst.pref_mentee is not None else inst.score
    return pref_m.astype(I64), pref_e.astype(I64)


def id_rank(ids: tuple[str, ...]) -> IntArray:
    """Each id's position in sorted order: a tie-break that ignores the bank's row order."""
    rank = np.empty(len(ids), I64)
    rank[np.argsort(np.asarray(ids, dtype=object), kind="stable")] = np.arange(len(ids))
    return rank


def deferred_acceptance(inst: Instance, proposing: Proposing = Proposing.mentees) -> Solution:
    """The proposing side's best stable set of one-to-one pairs around the kept assignments."""
    pref_m, pref_e = preferences(inst)
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    kept = np.concatenate([inst.fixed_pairs.astype(I64),
                           *(m.astype(I64) for _, m in inst.fixed_groups)])
    load = np.bincount(inst.mentor[kept], minlength=n_m).astype(I64)
    got = np.bincount(inst.mentee[kept], minlength=n_e).astype(I64)
    m_room = np.maximum(np.minimum(inst.cap_mentees, inst.total_cap) - load, 0)
    e_room = np.maximum(inst.demand - got, 0)
    kept_code = set((inst.mentor[kept] * n_e + inst.mentee[kept]).tolist())
    usable = inst.pair_usable.copy()
    if kept_code:
        code = inst.mentor * n_e + inst.mentee
        usable &= ~np.isin(code, np.asarray(sorted(kept_code), I64))
    cands = np.flatnonzero(usable)
    m_tie, e_tie = id_rank(inst.mentor_ids), id_rank(inst.mentee_ids)
    if proposing is Proposing.mentees:
        chosen = _propose(cands, inst.mentee, inst.mentor, pref_e, pref_m, inst.score,
                          m_tie[inst.mentor], e_tie[inst.mentee], e_room, m_room)
    else:
        chosen = _propose(cands, inst.mentor, inst.mentee, pref_m, pref_e, inst.score,
                          e_tie[inst.mentee], m_tie[inst.mentor], m_room, e_room)
    return Solution(pairs=np.sort(np.concatenate([inst.fixed_pairs.astype(I64), chosen])),
                    groups=_kept_groups(inst))


def _kept_groups(inst: Instance) -> tuple[Group, ...]:
    return tuple(Group(mentor=int(inst.mentor[m[0]]), topic=t, form=int(inst.form[m[0]]),
                       members=m) for t, m in inst.fixed_groups)


def _propose(cands: IntArray, proposer: IntArray, receiver: IntArray, pref_p: IntArray,
             pref_r: IntArray, score: IntArray, tie_p: IntArray, tie_r: IntArray,
             room_p: IntArray, room_r: IntArray) -> IntArray:
    """Candidates held at the end when the `proposer` side proposes down its lists.

    `tie_p[c]` ranks candidate c's receiver for the proposer when preference and score tie
    (lower first), `tie_r[c]` its proposer for the receiver. Every proposer works through
    its list best first until it holds as many as its room; a receiver holds the best offers
    up to its room and lets the worst go, who then proposes further."""
    if cands.size == 0:
        return np.zeros(0, I64)
    # Each proposer's list, best first: preference, then score, then the tie-break by id.
    order = np.lexsort((tie_p[cands], -score[cands], -pref_p[cands], proposer[cands]))
    lists = cands[order]
    owners, starts = np.unique(proposer[lists], return_index=True)
    ends = np.append(starts[1:], lists.size)
    nxt = np.zeros(len(room_p), I64)
    end = np.zeros(len(room_p), I64)
    nxt[owners], end[owners] = starts, ends
    held = np.zeros(len(room_p), I64)
    # A receiver's worst held offer is the heap's top: (preference, score, −tie, candidate).
    heaps: dict[int, list[tuple[int, int, int, int]]] = {}
    pr, sc, tr = pref_r.tolist(), score.tolist(), tie_r.tolist()
    rec, prop = receiver.tolist(), proposer.tolist()
    rooms_r = room_r.tolist()
    queue = [int(p) for p in owners.tolist() if room_p[p] > 0]
    steps = 0
    while queue:
        p = queue.pop()
        while held[p] < room_p[p] and nxt[p] < end[p]:
            c = int(lists[nxt[p]])
            nxt[p] += 1
            r = rec[c]
            if rooms_r[r] <= 0:
                continue
            heap = heaps.setdefault(r, [])
            entry = (pr[c], sc[c], -tr[c], c)
            if len(heap) < rooms_r[r]:
                heapq.heappush(heap, entry)
                held[p] += 1
            elif entry > heap[0]:
                out = heapq.heapreplace(heap, entry)[3]
                held[p] += 1
                q = prop[out]
                held[q] -= 1
                if q != p:
                    queue.append(q)
            steps += 1
            if steps % 4096 == 0:
                control.checkpoint()
    return np.sort(np.asarray([e[3] for h in heaps.values() for e in h], I64))


def blocking(inst: Instance, sol: Solution) -> IntArray:
    """One-to-one candidates that block `sol`: not together, and both the mentee and the
    mentor have room or strictly prefer the other to the least wanted one they have (group
    memberships count as having someone)."""
    pref_m, pref_e = preferences(inst)
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    idx = sol.assigned()
    together = np.zeros(inst.n_candidates, bool)
    together[idx] = True
    big = np.iinfo(I64).max
    m_least = np.full(n_m, big, I64)
    e_least = np.full(n_e, big, I64)
    np.minimum.at(m_least, inst.mentor[idx], pref_m[idx])
    np.minimum.at(e_least, inst.mentee[idx], pref_e[idx])
    m_load = np.bincount(inst.mentor[idx], minlength=n_m)
    e_got = np.bincount(inst.mentee[idx], minlength=n_e)
    m_wants = (m_load < inst.total_cap)[inst.mentor] | (pref_m > m_least[inst.mentor])
    e_wants = (e_got < inst.demand)[inst.mentee] | (pref_e > e_least[inst.mentee])
    return np.flatnonzero(inst.pair_usable & ~together & m_wants & e_wants)


def best_stable_start(inst: Instance) -> tuple[Solution, Solution]:
    """(the better of both directions by the objective, the mentee-proposing one)."""
    by_mentees = deferred_acceptance(inst, Proposing.mentees)
    by_mentors = deferred_acceptance(inst, Proposing.mentors)
    best = by_mentors if value(inst, by_mentors) > value(inst, by_mentees) else by_mentees
    return best, by_mentees
