"""An independent check of any result against the bank and the programme.

Written plainly, one proposal and one person at a time, with `matcher.rules` as the only source
of eligibility: it shares no code with the solver's model, so property tests can assert
"the validator finds nothing" and "its objective equals the solver's" on random inputs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping

import numpy as np

from matcher.candidates import Candidates
from matcher.errors import Violation
from matcher.model import (
    Bank,
    Goal,
    Kind,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    RunResult,
)
from matcher.objective import (
    coverage_unit,
    group_gain,
    group_value_of,
    min_load_target,
    penalty_room,
    quota_side,
    quota_values,
    total_demand,
)
from matcher.options import DEFAULT_OPTIONS, SCALE, SolveOptions
from matcher.preferences import preference_key
from matcher.rules import PAIR_KINDS, checked_pair

INACTIVE = frozenset({ProposalStatus.rejected, ProposalStatus.ended})


def active(result: RunResult) -> list[Proposal]:
    return [p for p in result.proposals if p.status not in INACTIVE]


def violations(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    rejected: Collection[tuple[str, str]] = (),
    stable: bool = False,
    candidates: Candidates | None = None,
) -> list[Violation]:
    """Every rule the result breaks; empty if it is valid. `stable` checks blocking pairs over
    `candidates` (their scores are the preferences where no wish is stated)."""
    out: list[Violation] = []
    props = active(result)
    for p in props:
        out.extend(_check_proposal(bank, programme, p, rejected))
    out.extend(_check_capacity(bank, programme, props))
    out.extend(_check_demand(bank, props))
    out.extend(v for v, _ in _quota_counts(bank, programme, props) if v is not None)
    if stable:
        if candidates is None:
            raise ValueError("the stability check needs the candidates (their scores)")
        out.extend(blocking_pairs(bank, programme, props, candidates))
    return out


def _check_proposal(bank: Bank, programme: Programme, p: Proposal,
                    rejected: Collection[tuple[str, str]]) -> list[Violation]:
    out: list[Violation] = []
    by_id = bank.by_id
    for pid in (p.mentor, *p.mentees):
        if pid not in by_id:
            out.append(Violation("unknown_participant", f"{pid} is not in the bank", p.id, (pid,)))
    if out:
        return out
    mentor = by_id[p.mentor]
    for e in p.mentees:
        mentee = by_id[e]
        broken, forms, kinds = checked_pair(mentor, mentee, programme, bank=bank,
                                            rejected=rejected)
        for reason in broken:
            out.append(Violation(f"rule:{reason.code}", reason.en, p.id, (p.mentor, e)))
        if p.form not in forms:
            out.append(Violation("form", f"form {p.form} not allowed", p.id, (p.mentor, e)))
        if p.kind not in kinds:
            out.append(Violation("kind", f"kind {p.kind} not agreed", p.id, (p.mentor, e)))
    if p.kind == Kind.group:
        if not programme.group_min <= len(p.mentees) <= programme.group_max:
            out.append(Violation("group_size", f"group of {len(p.mentees)}", p.id, p.mentees))
        topic = p.topics[0] if p.topics else None
        if topic is None or topic not in mentor.competencies or any(
            topic not in bank.get(e).requests for e in p.mentees
        ):
            out.append(Violation("group_topic", "members share no topic the mentor covers",
                                 p.id, p.mentees))
    elif p.kind not in PAIR_KINDS:
        out.append(Violation("kind", f"{p.kind} is not a one-to-one kind", p.id, p.mentees))
    return out


def _check_capacity(bank: Bank, programme: Programme, props: list[Proposal]) -> list[Violation]:
    out: list[Violation] = []
    load: dict[str, list[int]] = {}  # mentor id → [mentees, pairs, groups], in proposal order
    for p in props:
        n = load.get(p.mentor)
        if n is None:
            n = load[p.mentor] = [0, 0, 0]
        n[0] += len(p.mentees)
        n[2 if p.kind == Kind.group else 1] += 1
    by_id = bank.by_id
    for m_id, (total, n_pairs, n_groups) in load.items():
        person = by_id.get(m_id)
        offer = person.mentor if person is not None else None
        if offer is None:
            continue
        limit = offer.capacity_mentees or offer.capacity_groups * programme.group_max
        if total > limit or n_pairs > offer.capacity_mentees:
            out.append(Violation("capacity", f"{m_id} has {total} mentees", "", (m_id,)))
        if n_groups > offer.capacity_groups:
            out.append(Violation("capacity_groups", f"{m_id} has {n_groups} groups", "", (m_id,)))
    return out


def _check_demand(bank: Bank, props: list[Proposal]) -> list[Violation]:
    out: list[Violation] = []
    mentors_of: dict[str, list[str]] = defaultdict(list)
    for p in props:
        for e in p.mentees:
            mentors_of[e].append(p.mentor)
    by_id = bank.by_id
    for e, ms in mentors_of.items():
        person = by_id.get(e)
        request = person.mentee if person is not None else None
        wanted = request.mentors_wanted if request is not None else 0
        if len(ms) > wanted:
            out.append(Violation("demand", f"{e} has {len(ms)} mentors, wants {wanted}", "",
                                 (e,)))
        if len(ms) > 1 and len(set(ms)) < len(ms):  # counted only where a mentor repeats
            for m, n in Counter(ms).items():
                if n > 1:
                    out.append(Violation("same_mentor_twice", f"{m} mentors {e} twice", "",
                                         (m, e)))
    return out


def _quota_counts(bank: Bank, programme: Programme, props: list[Proposal]
                  ) -> list[tuple[Violation | None, int]]:
    """For each quota and value: the broken hard bound (or None) and the pairs missing to its
    "at least" (0 if none). A pair counts once per mentee, group members too."""
    out: list[tuple[Violation | None, int]] = []
    if not programme.quotas:
        return out
    assigned = [(p.mentor, e) for p in props for e in p.mentees]
    for q in programme.quotas:
        values_of = {p.id: q.matches(p) for p in quota_side(q, bank, programme)}
        for v in quota_values(bank, programme, q):
            n = sum(1 for m, e in assigned
                    if v in values_of.get(m if q.side == "mentor" else e, frozenset()))
            broken = (q.at_most is not None and n > q.at_most) or (
                q.share_at_most is not None
                and 1000 * n > round(q.share_at_most * 1000) * len(assigned))
            found = Violation("quota", f"{n} pairs where {q.side}'s {q.field} is {v!r}", "",
                              (v,)) if broken else None
            out.append((found, max((q.at_least or 0) - n, 0)))
    return out


class _Rows:
    """Candidate rows by (mentor id, mentee id), and each row's score in 1/SCALE units."""

    def __init__(self, c: Candidates) -> None:
        self.c, self.n_e = c, len(c.mentee_ids)
        self.m_pos = {m: i for i, m in enumerate(c.mentor_ids)}
        self.e_pos = {e: i for i, e in enumerate(c.mentee_ids)}
        self.cm, self.ce = c.mentor.astype(np.int64), c.mentee.astype(np.int64)
        self.code = self.cm * self.n_e + self.ce
        self.order = np.argsort(self.code, kind="stable")
        self.sorted_code = self.code[self.order]
        self.score = np.rint(np.asarray(c.score, np.float64) * SCALE).astype(np.int64)

    def code_of(self, m: str, e: str) -> int:
        return self.m_pos[m] * self.n_e + self.e_pos[e] if m in self.m_pos and e in self.e_pos \
            else -1

    def row(self, m: str, e: str) -> int:
        """The candidate row of (m, e) (the last one if repeated), −1 if none."""
        want = self.code_of(m, e)
        at = int(np.searchsorted(self.sorted_code, want, side="right")) - 1
        return int(self.order[at]) if want >= 0 and at >= 0 and self.sorted_code[at] == want \
            else -1


def _preference_keys(rows: _Rows, mentors: list[Participant],
                     mentees: list[Participant]) -> tuple[np.ndarray, np.ndarray]:
    """Every candidate's key in its mentor's and its mentee's eyes: the no-wish key plus the
    score, except where a wish about the other is stated."""
    pref_m = preference_key(None, "", 0) + rows.score
    pref_e = pref_m.copy()
    for person in mentors:
        for e in {w.target for w in person.wishes} & rows.e_pos.keys():
            if (i := rows.row(person.id, e)) >= 0:
                pref_m[i] = preference_key(person, e, int(rows.score[i]))
    for person in mentees:
        for m in {w.target for w in person.wishes} & rows.m_pos.keys():
            if (i := rows.row(m, person.id)) >= 0:
                pref_e[i] = preference_key(person, m, int(rows.score[i]))
    # Whoever ranked their topics prefers by them too: their every candidate row, keyed with
    # the partner (rare, so only their rows are visited).
    ranked_m = [i for i, p in enumerate(mentors) if p.competency_ranks]
    ranked_e = [j for j, p in enumerate(mentees) if p.request_ranks]
    if ranked_m:
        for i in np.flatnonzero(np.isin(rows.cm, ranked_m)).tolist():
            m, e = mentors[rows.cm[i]], mentees[rows.ce[i]]
            pref_m[i] = preference_key(m, e.id, int(rows.score[i]), partner=e, as_mentor=True)
    if ranked_e:
        for i in np.flatnonzero(np.isin(rows.ce, ranked_e)).tolist():
            m, e = mentors[rows.cm[i]], mentees[rows.ce[i]]
            pref_e[i] = preference_key(e, m.id, int(rows.score[i]), partner=m)
    return pref_m, pref_e


def blocking_pairs(bank: Bank, programme: Programme, props: list[Proposal],
                   candidates: Candidates) -> list[Violation]:
    """Pairs (m, e) that could meet one-to-one, are not together, and both strictly prefer
    each other to someone they have (or have room).

    Vectorised over the candidates (a district has hundreds of thousands): "prefers to someone
    they have" is "prefers to the least wanted one they have"."""
    rows = _Rows(candidates)
    cm, ce = rows.cm, rows.ce
    mentors = [bank.get(m) for m in candidates.mentor_ids]
    mentees = [bank.get(e) for e in candidates.mentee_ids]
    score: dict[tuple[str, str], int] = {}  # the assigned pairs' scores, as the solver saw them
    mentees_of: dict[str, list[str]] = defaultdict(list)
    mentors_of: dict[str, list[str]] = defaultdict(list)
    for p in props:
        for ps in p.pairs:
            i = rows.row(p.mentor, ps.mentee)
            score.setdefault((p.mentor, ps.mentee),
                             int(rows.score[i]) if i >= 0 else round(ps.score * SCALE))
        for e in p.mentees:
            mentees_of[p.mentor].append(e)
            mentors_of[e].append(p.mentor)
    together = np.isin(rows.code, np.asarray(
        [rows.code_of(m, e) for e, ms in mentors_of.items() for m in ms], np.int64))
    pref_m, pref_e = _preference_keys(rows, mentors, mentees)
    offer_cap = np.asarray([p.mentor.capacity_mentees if p.mentor else -1 for p in mentors])
    wanted = np.asarray([p.mentee.mentors_wanted if p.mentee else -1 for p in mentees])
    big = np.iinfo(np.int64).max
    m_least = np.asarray([min((preference_key(p, e, score[(p.id, e)], partner=bank.get(e),
                                              as_mentor=True) for e in mentees_of[p.id]),
                              default=big) for p in mentors], np.int64)
    e_least = np.asarray([min((preference_key(p, m, score[(m, p.id)], partner=bank.get(m))
                               for m in mentors_of[p.id]),
                              default=big) for p in mentees], np.int64)
    m_wants = (np.asarray([len(mentees_of[p.id]) for p in mentors]) < offer_cap)[cm] | (
        pref_m > m_least[cm])
    e_wants = (np.asarray([len(mentors_of[p.id]) for p in mentees]) < wanted)[ce] | (
        pref_e > e_least[ce])
    possible = (candidates.pair_ok.astype(bool) & (offer_cap[cm] > 0) & (wanted[ce] >= 0)
                & ~together)
    return [Violation("blocking_pair", f"{m} and {e} would rather be together", "", (m, e))
            for m, e in ((candidates.mentor_ids[cm[i]], candidates.mentee_ids[ce[i]])
                         for i in np.flatnonzero(possible & e_wants & m_wants).tolist())]


def objective_value(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    options: SolveOptions = DEFAULT_OPTIONS,
    previous: RunResult | None = None,
    decisions: Mapping[str, ProposalStatus] | None = None,
) -> float:
    """The objective of `matcher.objective`, recomputed from the proposals alone."""
    props = active(result)
    assigned = [(p.mentor, s.mentee, round(s.score * SCALE)) for p in props for s in p.pairs]
    covered = {e for _, e, _ in assigned}
    unit = coverage_unit(total_demand(bank, programme), programme.goal, options,
                         group_value_of(programme, options),
                         penalty_room(bank, programme, options))
    total = unit * len(covered) if programme.goal == Goal.coverage_first else 0
    proposed_before: set[tuple[str, str]] = set()
    unmatched_before: set[str] = set()
    if previous is not None:
        decisions = decisions or {}
        for p in previous.proposals:
            if decisions.get(p.id, p.status) == ProposalStatus.proposed:
                proposed_before.update((p.mentor, e) for e in p.mentees)
        unmatched_before = {u.mentee for u in previous.unmatched}
    total += options.scaled(options.unmatched_bonus) * len(covered & unmatched_before)
    keep = options.scaled(options.keep_bonus)
    total += sum(s + (keep if (m, e) in proposed_before else 0) for m, e, s in assigned)
    total += group_gain([len(p.mentees) for p in props if p.is_group],
                        group_value_of(programme, options))
    if options.balance:
        load = Counter(m for m, _, _ in assigned)
        total -= options.scaled(options.balance) * sum(n * n for n in load.values())
    if options.fairness:
        total += options.fairness * (min(s for _, _, s in assigned) if assigned else 0)
    total += options.scaled(options.priority_bonus) * sum(bank.get(e).priority for e in covered)
    for quota, (_, missing) in zip(
            [q for q in programme.quotas for _ in quota_values(bank, programme, q)],
            _quota_counts(bank, programme, props), strict=True):
        total -= options.scaled(quota.shortfall_penalty) * missing
    if options.min_load:
        load = Counter(m for m, _, _ in assigned)
        total -= options.scaled(options.min_load_penalty) * sum(
            max(min_load_target(p, programme, options) - load[p.id], 0) for p in bank.mentors)
    return total / SCALE


def check(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    rejected: Collection[tuple[str, str]] = (),
    stable: bool = False,
    candidates: Candidates | None = None,
    options: SolveOptions = DEFAULT_OPTIONS,
    previous: RunResult | None = None,
    decisions: Mapping[str, ProposalStatus] | None = None,
) -> list[Violation]:
    """Everything the validator finds in a solver's result: each broken rule (severity
    "error") and, as a warning, a reported objective that the proposals do not recompute to."""
    found = violations(bank, programme, result, rejected=rejected, stable=stable,
                       candidates=candidates)
    recomputed = objective_value(bank, programme, result, options=options, previous=previous,
                                 decisions=decisions)
    if abs(recomputed - result.objective) * SCALE > 0.5:
        found.append(Violation(
            "objective_mismatch",
            f"reported objective {result.objective} recomputes as {recomputed}",
            severity="warning"))
    return found
