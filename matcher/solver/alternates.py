"""Alternates: for each matched mentee, the next mentors who could take them if their pair goes,
in the order the solver's objective puts them, and the pick of the best one still available.

Which mentor is "next" is the marginal objective of moving the mentee to that mentor while every
other proposal stays as it is: only mentors with a place left under the run's proposals are
feasible (one-to-one, every hard rule passed: the candidates are the scorer's eligible pairs),
and the objective ranks coverage before score, so a mentor whose last place is the only one an
unmatched mentee could take costs one covered mentee and comes after every mentor who costs
none; among equals the pair score decides. With the run's optimal solution no unmatched mentee
has a free eligible mentor, so the coverage cost is zero unless a decision freed places since;
the order then is the pair score over the feasible mentors, which is the marginal objective.

`pick` re-checks an alternate against the proposals as they are now (places taken since, pairs
rejected or declined since) and `matcher.validation.violations` checks the result with the new
pair, so a promoted alternate never breaks a hard rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

import numpy as np

from matcher.candidates import FORM_ORDER, Candidates
from matcher.model import (
    Bank,
    Form,
    Kind,
    PairScore,
    Programme,
    Proposal,
    ProposalStatus,
    RunResult,
)
from matcher.rules import pair_kind
from matcher.solver.api import proposal_id
from matcher.validation import active, violations

__all__ = ["DEFAULT_K", "Alternate", "alternates", "free_places", "pick", "proposal_for"]

DEFAULT_K = 3


@dataclass(frozen=True)
class Alternate:
    """A mentor who could take `mentee` next, `rank` 1 the best."""

    mentee: str
    mentor: str
    rank: int
    score: float
    form: Form
    kind: Kind
    coverage_cost: int = 0  # unmatched mentees who would lose their only free place


def free_places(bank: Bank, programme: Programme, proposals: Iterable[Proposal]
                ) -> dict[str, int]:
    """One-to-one places each mentor has left under the active `proposals` (the capacity rule
    of `matcher.validation`: pairs within `capacity_mentees`, mentees within the total)."""
    pairs: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for p in proposals:
        if p.status in (ProposalStatus.rejected, ProposalStatus.ended):
            continue
        total[p.mentor] += len(p.mentees)
        if not p.is_group:
            pairs[p.mentor] += 1
    out = {}
    for person in bank.participants:
        offer = person.mentor
        if offer is None:
            continue
        limit = offer.capacity_mentees or offer.capacity_groups * programme.group_max
        out[person.id] = max(0, min(offer.capacity_mentees - pairs[person.id],
                                    limit - total[person.id]))
    return out


def _declined(proposals: Iterable[Proposal]) -> set[tuple[str, str]]:
    return {(p.mentor, e) for p in proposals
            if p.status in (ProposalStatus.rejected, ProposalStatus.ended) for e in p.mentees}


def alternates(
    bank: Bank, programme: Programme, result: RunResult, candidates: Candidates, *,
    k: int = DEFAULT_K, mentees: Collection[str] | None = None,
    rejected: Collection[tuple[str, str]] = (),
) -> dict[str, tuple[Alternate, ...]]:
    """Up to `k` alternates per mentee (every mentee of an active proposal, or `mentees`),
    best first, under the places the run's proposals leave (see the module)."""
    c = candidates
    props = active(result)
    places = free_places(bank, programme, result.proposals)
    mentors_of: dict[str, set[str]] = {}
    for p in props:
        for e in p.mentees:
            mentors_of.setdefault(e, set()).add(p.mentor)
    wanted = set(mentors_of) if mentees is None else set(mentees)
    if not len(c) or not wanted:
        return {}
    no = _declined(result.proposals) | set(rejected)
    n_e = len(c.mentee_ids)
    e_pos = {e: i for i, e in enumerate(c.mentee_ids)}
    m_pos = {m: i for i, m in enumerate(c.mentor_ids)}
    spare = np.asarray([places.get(m, 0) for m in c.mentor_ids], np.int64)
    feasible = c.pair_ok & (spare[c.mentor] > 0)
    # a mentee's own mentors and the refused pairs are never their alternates
    code = c.mentor.astype(np.int64) * n_e + c.mentee.astype(np.int64)
    banned = [m_pos[m] * n_e + e_pos[e] for e, ms in mentors_of.items() for m in ms
              if e in e_pos and m in m_pos]
    banned += [m_pos[m] * n_e + e_pos[e] for m, e in no if e in e_pos and m in m_pos]
    feasible &= ~np.isin(code, np.asarray(banned, np.int64))
    # coverage cost: an unmatched mentee whose only free eligible mentor is x needs x's place
    busy = np.zeros(n_e, bool)  # matched, or wanted (a wanted mentee does not compete)
    busy[[e_pos[e] for e in set(mentors_of) | wanted if e in e_pos]] = True
    open_rows = np.flatnonzero(feasible & ~busy[c.mentee])
    n_free = np.bincount(c.mentee[open_rows], minlength=n_e)
    only = open_rows[n_free[c.mentee[open_rows]] == 1]
    needed = np.bincount(c.mentor[only], minlength=len(c.mentor_ids))
    cost = ((needed > 0) & (spare == 1)).astype(np.int64)
    want = np.zeros(n_e, bool)
    want[[e_pos[e] for e in wanted if e in e_pos]] = True
    rows = np.flatnonzero(feasible & want[c.mentee])
    rows = rows[np.lexsort((-c.score[rows], cost[c.mentor[rows]], c.mentee[rows]))]
    # the best few per mentee (a spare two for the kind check below)
    group = c.mentee[rows]
    starts = np.r_[0, np.flatnonzero(np.diff(group)) + 1]
    offset = np.arange(rows.size) - np.repeat(starts, np.diff(np.r_[starts, rows.size]))
    rows = rows[offset < k + 2]
    out: dict[str, list[Alternate]] = {}
    for r in rows.tolist():
        e_id, m_id = c.mentee_ids[int(c.mentee[r])], c.mentor_ids[int(c.mentor[r])]
        got = out.setdefault(e_id, [])
        if len(got) >= k:
            continue
        kind = pair_kind(bank.get(m_id), bank.get(e_id), programme)
        if kind is None or kind == Kind.group:
            continue
        got.append(Alternate(e_id, m_id, len(got) + 1, float(np.clip(c.score[r], 0, 1)),
                             FORM_ORDER[int(c.form[r])], kind, int(cost[int(c.mentor[r])])))
    return {e: tuple(a) for e, a in out.items() if a}


def proposal_for(bank: Bank, programme: Programme, alt: Alternate) -> Proposal:
    """The one-to-one proposal an alternate becomes (status proposed), with the request
    topics the mentor covers, the mentee's priority first."""
    mentor, mentee = bank.get(alt.mentor), bank.get(alt.mentee)
    topics = tuple(sorted((t for t in mentee.requests if t in mentor.competencies),
                          key=lambda t: (-mentee.requests[t], t)))
    return Proposal(id=proposal_id(programme, alt.mentor, alt.kind, (alt.mentee,)),
                    mentor=alt.mentor, mentees=(alt.mentee,), form=alt.form, kind=alt.kind,
                    topics=topics, score=alt.score,
                    pairs=(PairScore(mentee=alt.mentee, score=alt.score),))


def pick(
    bank: Bank, programme: Programme, result: RunResult, options: Iterable[Alternate], *,
    rejected: Collection[tuple[str, str]] = (),
) -> Proposal | None:
    """The proposal for the best alternate still available under `result` as it is now (a
    place left, the pair not rejected or declined, the mentee still wanting a mentor, no
    hard rule broken by the result with it), or None."""
    places = free_places(bank, programme, result.proposals)
    no = _declined(result.proposals) | set(rejected)
    taken = {p.id for p in result.proposals}
    for alt in sorted(options, key=lambda a: a.rank):
        if places.get(alt.mentor, 0) < 1 or (alt.mentor, alt.mentee) in no:
            continue
        mentee = bank.by_id.get(alt.mentee)
        if mentee is None or mentee.mentee is None:
            continue
        have = sum(1 for p in active(result) if alt.mentee in p.mentees)
        if have >= mentee.mentee.mentors_wanted:
            return None
        prop = proposal_for(bank, programme, alt)
        if prop.id in taken:
            continue
        trial = result.model_copy(update={"proposals": (*result.proposals, prop)})
        if any(v.severity == "error" for v in violations(bank, programme, trial,
                                                         rejected=frozenset(no))):
            continue
        return prop
    return None
