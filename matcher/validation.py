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
    Programme,
    Proposal,
    ProposalStatus,
    RunResult,
)
from matcher.objective import coverage_unit, total_demand
from matcher.options import DEFAULT_OPTIONS, SCALE, SolveOptions
from matcher.preferences import preference_key
from matcher.rules import PAIR_KINDS, common_kinds, eligible_forms, pair_exclusions

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
    if stable:
        if candidates is None:
            raise ValueError("the stability check needs the candidates (their scores)")
        out.extend(blocking_pairs(bank, programme, props, candidates))
    return out


def _check_proposal(bank: Bank, programme: Programme, p: Proposal,
                    rejected: Collection[tuple[str, str]]) -> list[Violation]:
    out: list[Violation] = []
    for pid in (p.mentor, *p.mentees):
        if pid not in bank.by_id:
            out.append(Violation("unknown_participant", f"{pid} is not in the bank", p.id, (pid,)))
    if out:
        return out
    mentor = bank.get(p.mentor)
    for e in p.mentees:
        mentee = bank.get(e)
        for reason in pair_exclusions(mentor, mentee, programme, bank=bank, rejected=rejected):
            out.append(Violation(f"rule:{reason.code}", reason.en, p.id, (p.mentor, e)))
        if p.form not in eligible_forms(mentor, mentee, programme):
            out.append(Violation("form", f"form {p.form} not allowed", p.id, (p.mentor, e)))
        if p.kind not in common_kinds(mentor, mentee, programme):
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
    by_mentor: dict[str, list[Proposal]] = defaultdict(list)
    for p in props:
        by_mentor[p.mentor].append(p)
    for m_id, ps in by_mentor.items():
        offer = bank.get(m_id).mentor if m_id in bank.by_id else None
        if offer is None:
            continue
        total = sum(len(p.mentees) for p in ps)
        n_pairs = sum(1 for p in ps if not p.is_group)
        n_groups = sum(1 for p in ps if p.is_group)
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
    for e, ms in mentors_of.items():
        request = bank.get(e).mentee if e in bank.by_id else None
        wanted = request.mentors_wanted if request is not None else 0
        if len(ms) > wanted:
            out.append(Violation("demand", f"{e} has {len(ms)} mentors, wants {wanted}", "",
                                 (e,)))
        for m, n in Counter(ms).items():
            if n > 1:
                out.append(Violation("same_mentor_twice", f"{m} mentors {e} twice", "", (m, e)))
    return out


def blocking_pairs(bank: Bank, programme: Programme, props: list[Proposal],
                   candidates: Candidates) -> list[Violation]:
    """Pairs (m, e) that could meet one-to-one, are not together, and both strictly prefer
    each other to someone they have (or have room).

    Vectorised over the candidates (a district has hundreds of thousands): each candidate's
    preference keys are the no-wish key plus its score, except where a wish is stated, and
    "prefers to someone they have" is "prefers to the least wanted one they have"."""
    n_e = len(candidates.mentee_ids)
    cm, ce = candidates.mentor.astype(np.int64), candidates.mentee.astype(np.int64)
    code = cm * n_e + ce
    order = np.argsort(code, kind="stable")
    sorted_code = code[order]
    s_int = np.rint(np.asarray(candidates.score, np.float64) * SCALE).astype(np.int64)
    mentors = [bank.get(m) for m in candidates.mentor_ids]
    mentees = [bank.get(e) for e in candidates.mentee_ids]
    m_pos = {m: i for i, m in enumerate(candidates.mentor_ids)}
    e_pos = {e: i for i, e in enumerate(candidates.mentee_ids)}

    def row(m: str, e: str) -> int:
        """The candidate row of (m, e) (the last one if repeated), −1 if none."""
        if m not in m_pos or e not in e_pos:
            return -1
        want = m_pos[m] * n_e + e_pos[e]
        at = int(np.searchsorted(sorted_code, want, side="right")) - 1
        return int(order[at]) if at >= 0 and sorted_code[at] == want else -1

    score: dict[tuple[str, str], int] = {}  # the assigned pairs' scores, as the solver saw them
    for p in props:
        for ps in p.pairs:
            i = row(p.mentor, ps.mentee)
            score.setdefault((p.mentor, ps.mentee),
                             int(s_int[i]) if i >= 0 else round(ps.score * SCALE))
    mentees_of: dict[str, list[str]] = defaultdict(list)
    mentors_of: dict[str, list[str]] = defaultdict(list)
    for p in props:
        for e in p.mentees:
            mentees_of[p.mentor].append(e)
            mentors_of[e].append(p.mentor)
    together = np.isin(code, np.asarray([m_pos[m] * n_e + e_pos[e] for e, ms in mentors_of.items()
                                         for m in ms if m in m_pos and e in e_pos], np.int64))

    # Preference keys of every candidate, each side's view.
    pref_m = preference_key(None, "", 0) + s_int
    pref_e = pref_m.copy()
    for person in mentors:
        for e in {w.target for w in person.wishes} & e_pos.keys():
            if (i := row(person.id, e)) >= 0:
                pref_m[i] = preference_key(person, e, int(s_int[i]))
    for person in mentees:
        for m in {w.target for w in person.wishes} & m_pos.keys():
            if (i := row(m, person.id)) >= 0:
                pref_e[i] = preference_key(person, m, int(s_int[i]))

    # Each person's room and least wanted current partner.
    offer_cap = np.asarray([p.mentor.capacity_mentees if p.mentor else -1 for p in mentors])
    wanted = np.asarray([p.mentee.mentors_wanted if p.mentee else -1 for p in mentees])
    m_room = np.asarray([len(mentees_of[p.id]) for p in mentors]) < offer_cap
    e_room = np.asarray([len(mentors_of[p.id]) for p in mentees]) < wanted
    big = np.iinfo(np.int64).max
    m_least = np.asarray([min((preference_key(p, e, score[(p.id, e)]) for e in mentees_of[p.id]),
                              default=big) for p in mentors], np.int64)
    e_least = np.asarray([min((preference_key(p, m, score[(m, p.id)]) for m in mentors_of[p.id]),
                              default=big) for p in mentees], np.int64)
    possible = (candidates.pair_ok.astype(bool) & (offer_cap[cm] > 0) & (wanted[ce] >= 0)
                & ~together)
    e_wants = e_room[ce] | (pref_e > e_least[ce])
    m_wants = m_room[cm] | (pref_m > m_least[cm])
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
    """The objective of `matcher.solver.objective`, recomputed from the proposals alone."""
    props = active(result)
    assigned = [(p.mentor, s.mentee, round(s.score * SCALE)) for p in props for s in p.pairs]
    covered = {e for _, e, _ in assigned}
    unit = coverage_unit(total_demand(bank, programme), programme.goal, options)
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
    if options.balance:
        load = Counter(m for m, _, _ in assigned)
        total -= options.scaled(options.balance) * sum(n * n for n in load.values())
    if options.fairness:
        total += options.fairness * (min(s for _, _, s in assigned) if assigned else 0)
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
