"""Speed mentoring («скоростное наставничество», 000 and 003): one-off meetings in rounds.

A speed session is not a pair for the programme's months: each round every chosen mentor
meets at most one chosen mentee and every mentee at most one mentor, no pair meets twice, and
no meeting uses a mentor's capacity (capacity is for the pairs and groups of `solve`).
Each round is a maximum-weight matching (a min-cost flow) over the pairs not met yet: as many
meetings as the round can hold, then the best total score, so each mentee meets the mentors
who fit best first and the next best in later rounds.

Who may meet follows every hard rule of `matcher.rules` with the programme's kinds narrowed to
`speed`: consents, a "no", a conflict, forms and roles still hold, and both people must accept
speed meetings (a participant who named no kinds accepts any). A person chosen both as a
mentor and as a mentee meets as a mentor, so nobody is in two meetings of one round.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from matcher.candidates import Candidates
from matcher.model import Bank, Kind, Programme
from matcher.solver.instance import I64, BoolArray, IntArray, scale_scores

MAX_ROUNDS = 50


@dataclass(frozen=True)
class Meeting:
    """One meeting of a speed session: round number (from 1), the two people, their score."""

    round: int
    mentor: str
    mentee: str
    score: float


@dataclass(frozen=True)
class SpeedSchedule:
    """The rounds of a speed session, each a tuple of meetings sorted by mentor."""

    rounds: tuple[tuple[Meeting, ...], ...]

    @property
    def meetings(self) -> tuple[Meeting, ...]:
        return tuple(m for r in self.rounds for m in r)


def speed_programme(programme: Programme) -> Programme:
    """The programme with speed meetings as its only kind: the rules a speed session keeps."""
    return programme.model_copy(update={"kinds": frozenset({Kind.speed})})


def plan_rounds(mentor: IntArray, mentee: IntArray, score: IntArray, *,
                rounds: int) -> list[IntArray]:
    """Per round, the chosen candidate indices: a matching (each mentor and mentee at most
    once) of the most meetings, then the best total `score` (integers), over candidates not
    chosen in an earlier round. Ties go to the lower candidate index (reproducible)."""
    met = np.zeros(mentor.size, bool)
    out: list[IntArray] = []
    for _ in range(rounds):
        chosen = _best_matching(mentor, mentee, score, ~met)
        met[chosen] = True
        out.append(chosen)
    return out


def _best_matching(mentor: IntArray, mentee: IntArray, score: IntArray,
                   allowed: BoolArray) -> IntArray:
    """A maximum-weight matching over `allowed` candidates, meetings first (min-cost flow)."""
    idx = np.flatnonzero(allowed)
    if idx.size == 0:
        return np.zeros(0, I64)
    mentors, m_of = np.unique(mentor[idx], return_inverse=True)
    mentees, e_of = np.unique(mentee[idx], return_inverse=True)
    n_m, n_e = mentors.size, mentees.size
    source, sink = 0, 1
    m_node, e_node = 2 + np.arange(n_m), 2 + n_m + np.arange(n_e)
    # A meeting is worth more than any total of scores: the most meetings first.
    unit = int(score[idx].max(initial=0)) * min(n_m, n_e) + 1
    tails = np.concatenate([np.full(n_m, source), m_node[m_of], e_node, [source]])
    heads = np.concatenate([m_node, e_node[e_of], np.full(n_e, sink), [sink]])
    caps = np.concatenate([np.ones(n_m + idx.size + n_e, I64), [n_m]])
    costs = np.concatenate([np.zeros(n_m, I64), -(unit + score[idx]), np.zeros(n_e + 1, I64)])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(I64), heads.astype(I64),
                                              caps.astype(I64), costs.astype(I64))
    flow.set_node_supply(source, n_m)
    flow.set_node_supply(sink, -n_m)
    if flow.solve() != flow.OPTIMAL:  # the bypass carries everything: always feasible
        raise RuntimeError("min-cost flow failed on a speed round")
    used = flow.flows(np.arange(n_m, n_m + idx.size)) > 0
    return np.sort(idx[used]).astype(I64)


def speed_rounds(bank: Bank, programme: Programme, *, rounds: int,
                 mentors: Collection[str] | None = None, mentees: Collection[str] | None = None,
                 candidates: Candidates | None = None) -> SpeedSchedule:
    """Schedule `rounds` rounds of speed meetings between the chosen mentors and mentees (all
    of the programme's by default); see the module doc. `candidates`, if given, are the
    scorer's candidates under `speed_programme(programme)`."""
    if not 1 <= rounds <= MAX_ROUNDS:
        raise ValueError(f"rounds must be 1 to {MAX_ROUNDS}, got {rounds}")
    if candidates is None:
        from matcher.solver.api import score_candidates

        _, candidates = score_candidates(bank, speed_programme(programme))
    c = candidates
    mentor_ids, mentee_ids = np.asarray(c.mentor_ids, object), np.asarray(c.mentee_ids, object)
    keep = c.pair_ok.astype(bool)
    if mentors is not None:
        keep &= np.isin(mentor_ids[c.mentor], list(mentors))
    if mentees is not None:
        keep &= np.isin(mentee_ids[c.mentee], list(mentees))
    # One person, one meeting a round: someone chosen on both sides meets as a mentor.
    keep &= ~np.isin(mentee_ids[c.mentee], np.unique(mentor_ids[c.mentor[keep]]))
    idx = np.flatnonzero(keep)
    mentor, mentee = c.mentor[idx].astype(I64), c.mentee[idx].astype(I64)
    score = scale_scores(c.score[idx])
    out = []
    for number, chosen in enumerate(plan_rounds(mentor, mentee, score, rounds=rounds), start=1):
        meetings = [Meeting(number, c.mentor_ids[int(mentor[i])], c.mentee_ids[int(mentee[i])],
                            float(np.clip(c.score[idx[i]], 0.0, 1.0)))
                    for i in chosen.tolist()]
        out.append(tuple(sorted(meetings, key=lambda m: (m.mentor, m.mentee))))
    return SpeedSchedule(tuple(out))
