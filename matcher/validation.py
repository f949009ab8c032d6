"""An independent check of any result against the bank and the programme.

Written plainly, one proposal and one person at a time, with `matcher.rules` as the only source
of eligibility: it shares no code with the solver's model, so property tests can assert
"the validator finds nothing" and "its objective equals the solver's" on random inputs.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from matcher.candidates import Candidates
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
from matcher.objective import coverage_unit, total_demand
from matcher.options import DEFAULT_OPTIONS, SCALE, SolveOptions
from matcher.preferences import preference_key
from matcher.rules import PAIR_KINDS, common_kinds, eligible_forms, pair_exclusions

INACTIVE = frozenset({ProposalStatus.rejected, ProposalStatus.ended})


@dataclass(frozen=True)
class Violation:
    """One broken rule: a code, a message, the proposal and the people concerned."""

    code: str
    message: str
    proposal: str = ""
    people: tuple[str, ...] = ()


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
    each other to someone they have (or have room)."""
    score: dict[tuple[str, str], int] = {}
    for m, e, s in zip(candidates.mentor.tolist(), candidates.mentee.tolist(),
                       candidates.score.tolist(), strict=True):
        score[(candidates.mentor_ids[m], candidates.mentee_ids[e])] = round(s * SCALE)
    for p in props:
        for ps in p.pairs:
            score.setdefault((p.mentor, ps.mentee), round(ps.score * SCALE))
    mentees_of: dict[str, list[str]] = defaultdict(list)
    mentors_of: dict[str, list[str]] = defaultdict(list)
    for p in props:
        for e in p.mentees:
            mentees_of[p.mentor].append(e)
            mentors_of[e].append(p.mentor)

    def key(person: Participant, m: str, e: str, other: str) -> int:
        return preference_key(person, other, score[(m, e)])

    out: list[Violation] = []
    for i, (m_i, e_i) in enumerate(zip(candidates.mentor.tolist(), candidates.mentee.tolist(),
                                       strict=True)):
        m, e = candidates.mentor_ids[m_i], candidates.mentee_ids[e_i]
        mentor, mentee = bank.get(m), bank.get(e)
        offer, request = mentor.mentor, mentee.mentee
        if not candidates.pair_ok[i] or offer is None or request is None:
            continue
        if offer.capacity_mentees == 0 or m in mentors_of[e]:
            continue
        e_wants = len(mentors_of[e]) < request.mentors_wanted or any(
            key(mentee, m, e, m) > key(mentee, m2, e, m2) for m2 in mentors_of[e])
        m_wants = len(mentees_of[m]) < offer.capacity_mentees or any(
            key(mentor, m, e, e) > key(mentor, m, e2, e2) for e2 in mentees_of[m])
        if e_wants and m_wants:
            out.append(Violation("blocking_pair", f"{m} and {e} would rather be together",
                                 "", (m, e)))
    return out


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
