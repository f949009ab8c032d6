"""The curator's report of one run: coverage against the targets, who is left without a mentor
and why, mentor load, counts by form and kind, and the score distribution.

Definitions (a proposal counts while its status is not `rejected` or `ended`):

* audience: `teachers` are the pedagogical roles (teacher, leader, psychologist), `students`
  are students; employers and university teachers are outside mentors and in neither.
* people without a valid personal-data consent on the report's day are out of the report:
  out of every table and every denominator (only their number is kept, with no name); a
  proposal whose mentor is out no longer covers its mentees.
* **mentee coverage** of an audience: the share of its mentees in the programme with at least
  one counting proposal (and, apart, with a confirmed or locked one).
* **involvement** of an audience, the regulations' target indicator («доля педагогов,
  вовлечённых в наставничество», «охват обучающихся»): the share of its people who are in a
  pair or group as mentor or mentee. The denominator is the organisation's real number for
  the school year (`matcher.reports.targets.Headcount`) when it is known, else the bank's own
  head count (and the report says so). Confirmed (confirmed or locked) pairs and proposed ones
  are counted apart, and **the target is met only by confirmed pairs**: a draft meets nothing.
* the target: the organisation's own for the school year, else the year-indexed preset (seed
  002's table), else the programme's setting.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import TypeVar

from matcher.errors import UnknownParticipant
from matcher.model import (
    KEPT_STATUSES,
    Bank,
    Form,
    Kind,
    Participant,
    Programme,
    Proposal,
    ProposalStatus,
    Reason,
    Role,
    RunResult,
)
from matcher.model.enums import ConsentKind
from matcher.reports.common import AUDIENCES, Audience, active_proposals, audience_of
from matcher.reports.targets import Headcount, TargetSource

SCORE_BINS = 10  # the score histogram has bins of 0.1 over [0, 1]

S = TypeVar("S", bound=StrEnum)

INACTIVE_ONLY = Reason(
    code="proposal_inactive",
    ru="Предложение отклонено или завершено; действующей пары нет",
    en="The proposal was rejected or ended; no active pair",
)


@dataclass(frozen=True)
class Coverage:
    """Coverage of one audience; shares are None when their denominator is zero."""

    audience: Audience
    mentees_total: int
    mentees_covered: int  # at least one counting proposal
    mentees_confirmed: int  # at least one confirmed or locked proposal
    people_total: int  # the denominator of involvement
    people_involved: int  # mentor or mentee in a counting proposal, confirmed or proposed
    target: float | None
    people_confirmed: int = 0  # mentor or mentee in a confirmed or locked proposal
    denominator: str = "bank"  # "organisation": its real numbers; "bank": the bank's head count
    target_source: TargetSource = "programme"

    @property
    def people_proposed(self) -> int:
        """Involved only through proposals the curator has not confirmed yet."""
        return self.people_involved - self.people_confirmed

    @property
    def mentee_share(self) -> float | None:
        return self.mentees_covered / self.mentees_total if self.mentees_total else None

    @property
    def confirmed_share(self) -> float | None:
        return self.mentees_confirmed / self.mentees_total if self.mentees_total else None

    @property
    def involved_share(self) -> float | None:
        """Confirmed and proposed together: what the run would reach if all were confirmed."""
        return self.people_involved / self.people_total if self.people_total else None

    @property
    def confirmed_involved_share(self) -> float | None:
        """The indicator: confirmed and locked pairs only."""
        return self.people_confirmed / self.people_total if self.people_total else None

    @property
    def numbers_too_small(self) -> bool:
        """The recorded real number is below the people the run involves: out of date."""
        return self.people_total < self.people_involved

    @property
    def meets_target(self) -> bool | None:
        share = self.confirmed_involved_share
        return None if share is None or self.target is None else share >= self.target


@dataclass(frozen=True)
class PairRow:
    """One mentee in one counting proposal (a group gives one row per member)."""

    number: int  # the proposal's number in the report, shared by a group's rows
    proposal_id: str
    mentor_id: str
    mentor_name: str
    mentor_role: Role
    mentee_id: str
    mentee_name: str
    mentee_role: Role
    form: Form
    kind: Kind
    topics: tuple[str, ...]
    score: float  # the pair's own score, or the proposal's if it has no breakdown
    group_size: int
    status: ProposalStatus


@dataclass(frozen=True)
class UnmatchedRow:
    mentee_id: str
    name: str
    role: Role
    covered: int  # mentors found (a mentee who wanted several may have some)
    wanted: int
    reasons: tuple[Reason, ...]
    suggestions: tuple[Reason, ...]


@dataclass(frozen=True)
class MentorLoad:
    mentor_id: str
    name: str
    role: Role
    pairs: int  # one-to-one proposals (any kind but group)
    groups: int
    mentees: int  # pairs plus group members, as mentor capacity counts them
    capacity_mentees: int
    capacity_groups: int

    @property
    def utilisation(self) -> float | None:
        return self.mentees / self.capacity_mentees if self.capacity_mentees else None

    @property
    def over_capacity(self) -> bool:
        return self.mentees > self.capacity_mentees or self.groups > self.capacity_groups


@dataclass(frozen=True)
class ScoreStats:
    count: int
    minimum: float | None
    mean: float | None
    median: float | None
    maximum: float | None
    histogram: tuple[int, ...]  # SCORE_BINS counts; bin i is [i/10, (i+1)/10), the last is closed


@dataclass(frozen=True)
class Report:
    programme_id: str
    programme_name: str
    period: tuple[date, date]
    run_created_at: datetime
    solver_status: str
    coverage: dict[Audience, Coverage]
    pairs: tuple[PairRow, ...]
    unmatched: tuple[UnmatchedRow, ...]
    load: tuple[MentorLoad, ...]
    load_histogram: dict[int, int]  # mentees per mentor -> number of mentors
    proposals_by_form: dict[Form, int]
    mentees_by_form: dict[Form, int]
    proposals_by_kind: dict[Kind, int]
    mentees_by_kind: dict[Kind, int]
    proposals_by_status: dict[ProposalStatus, int]
    scores: ScoreStats
    excluded_no_consent: int = 0  # people left out: no valid personal-data consent
    school_year: int | None = None  # the school year of the real numbers, if they were given

    @property
    def proposals(self) -> int:
        return len({r.proposal_id for r in self.pairs})


def build_report(
    bank: Bank,
    programme: Programme,
    result: RunResult,
    *,
    teachers_total: int | None = None,
    students_total: int | None = None,
    headcount: Headcount | None = None,
    targets: dict[Audience, tuple[float | None, TargetSource]] | None = None,
    school_year: int | None = None,
    on: date | None = None,
) -> Report:
    """The report of `result` over `bank` on the day `on` (the programme's rules date by
    default: consents are checked on it). `headcount` (the organisation's real numbers) or
    `teachers_total` and `students_total` replace the bank's head counts as the involvement
    denominators; `targets` replace the programme's (with where each comes from)."""
    day = on or programme.rules_date
    excluded = {p.id for p in bank.participants
                if not p.consent_active(ConsentKind.personal_data, day)}
    people = [p for p in bank.participants if programme.covers(p) and p.id not in excluded]
    for prop in result.proposals:
        for pid in (prop.mentor, *prop.mentees):
            if pid not in bank.by_id:
                raise UnknownParticipant(pid)
    proposals = _without(active_proposals(result), excluded)

    involved: set[str] = set()
    kept: set[str] = set()
    covered: Counter[str] = Counter()
    confirmed: set[str] = set()
    for prop in proposals:
        involved.add(prop.mentor)
        involved.update(prop.mentees)
        covered.update(prop.mentees)
        if prop.status in KEPT_STATUSES:
            confirmed.update(prop.mentees)
            kept.add(prop.mentor)
            kept.update(prop.mentees)

    totals: dict[Audience, int | None] = {"teachers": teachers_total,
                                          "students": students_total}
    if headcount is not None:
        totals = {aud: headcount.total(aud) for aud in AUDIENCES}
    goal: dict[Audience, tuple[float | None, TargetSource]] = targets or {
        "teachers": (programme.target_teacher_coverage, "programme"),
        "students": (programme.target_student_coverage, "programme")}
    coverage: dict[Audience, Coverage] = {}
    for aud in AUDIENCES:
        group = [p for p in people if audience_of(p) == aud]
        mentees = [p for p in group if p.mentee is not None]
        total = totals[aud]
        coverage[aud] = Coverage(
            audience=aud,
            mentees_total=len(mentees),
            mentees_covered=sum(covered[p.id] > 0 for p in mentees),
            mentees_confirmed=sum(p.id in confirmed for p in mentees),
            people_total=len(group) if total is None else total,
            people_involved=sum(p.id in involved for p in group),
            people_confirmed=sum(p.id in kept for p in group),
            target=goal[aud][0], target_source=goal[aud][1],
            denominator="bank" if total is None else "organisation",
        )

    load = _load(people, proposals)
    pairs = _pair_rows(bank, proposals)
    return Report(
        programme_id=programme.id,
        programme_name=programme.name,
        period=(programme.start, programme.end),
        run_created_at=result.created_at,
        solver_status=result.status.value,
        coverage=coverage,
        pairs=pairs,
        unmatched=_unmatched_rows(bank, programme, result, covered, excluded),
        load=load,
        load_histogram=_load_histogram(load),
        proposals_by_form=_count(p.form for p in proposals),
        mentees_by_form=_count(p.form for p in proposals for _ in p.mentees),
        proposals_by_kind=_count(p.kind for p in proposals),
        mentees_by_kind=_count(p.kind for p in proposals for _ in p.mentees),
        proposals_by_status=_count(p.status for p in result.proposals),
        scores=_score_stats([r.score for r in pairs]),
        excluded_no_consent=len(excluded & {p.id for p in bank.participants
                                            if programme.covers(p)}),
        school_year=school_year,
    )


def _without(proposals: Iterable[Proposal], excluded: set[str]) -> tuple[Proposal, ...]:
    """The proposals with the excluded people taken out: a proposal whose mentor is out no
    longer counts, a mentee who is out leaves the others of a group."""
    out = []
    for prop in proposals:
        if prop.mentor in excluded:
            continue
        kept = tuple(m for m in prop.mentees if m not in excluded)
        if not kept:
            continue
        if len(kept) < len(prop.mentees):
            prop = prop.model_copy(update={
                "mentees": kept, "pairs": tuple(ps for ps in prop.pairs if ps.mentee in kept)})
        out.append(prop)
    return tuple(out)


def _count(items: Iterable[S]) -> dict[S, int]:
    """How often each member occurs, in the order the enum lists its members."""
    return dict(sorted(Counter(items).items(), key=lambda kv: _enum_index(kv[0])))


def _enum_index(member: S) -> int:
    return list(type(member)).index(member)


def _pair_rows(bank: Bank, proposals: Iterable[Proposal]) -> tuple[PairRow, ...]:
    rows: list[PairRow] = []
    for number, prop in enumerate(proposals, start=1):
        mentor = bank.get(prop.mentor)
        own = {ps.mentee: ps.score for ps in prop.pairs}
        for mid in prop.mentees:
            mentee = bank.get(mid)
            rows.append(PairRow(
                number=number, proposal_id=prop.id, mentor_id=mentor.id,
                mentor_name=mentor.full_name, mentor_role=mentor.role, mentee_id=mid,
                mentee_name=mentee.full_name, mentee_role=mentee.role, form=prop.form,
                kind=prop.kind, topics=prop.topics, score=own.get(mid, prop.score),
                group_size=len(prop.mentees), status=prop.status,
            ))
    return tuple(rows)


def _unmatched_rows(bank: Bank, programme: Programme, result: RunResult,
                    covered: Counter[str], excluded: set[str]) -> tuple[UnmatchedRow, ...]:
    """The run's unmatched mentees, then those whose every proposal was rejected or ended
    after the run (the run did not list them, yet they have no mentor now)."""
    rows: list[UnmatchedRow] = []
    listed: set[str] = set()
    for u in result.unmatched:
        p = bank.by_id.get(u.mentee)
        if p is None or p.id in excluded:
            continue  # left the bank since the run, or no consent: nothing to report
        listed.add(u.mentee)
        rows.append(UnmatchedRow(
            mentee_id=p.id, name=p.full_name, role=p.role, covered=covered[p.id],
            wanted=p.mentee.mentors_wanted if p.mentee else 1,
            reasons=u.reasons, suggestions=u.suggestions,
        ))
    dropped = {m for prop in result.proposals for m in prop.mentees} - set(covered) - listed
    for pid in sorted(dropped):
        p = bank.by_id.get(pid)
        if p is None or not programme.covers(p) or p.id in excluded:
            continue
        rows.append(UnmatchedRow(
            mentee_id=p.id, name=p.full_name, role=p.role, covered=0,
            wanted=p.mentee.mentors_wanted if p.mentee else 1,
            reasons=(INACTIVE_ONLY,), suggestions=(),
        ))
    return tuple(rows)


def _load(people: list[Participant], proposals: Iterable[Proposal]) -> tuple[MentorLoad, ...]:
    pairs: Counter[str] = Counter()
    groups: Counter[str] = Counter()
    mentees: defaultdict[str, int] = defaultdict(int)
    for prop in proposals:
        if prop.is_group:
            groups[prop.mentor] += 1
        else:
            pairs[prop.mentor] += 1
        mentees[prop.mentor] += len(prop.mentees)
    mentors = [p for p in people if p.mentor is not None or mentees[p.id]]
    return tuple(
        MentorLoad(
            mentor_id=p.id, name=p.full_name, role=p.role, pairs=pairs[p.id],
            groups=groups[p.id], mentees=mentees[p.id],
            capacity_mentees=p.mentor.capacity_mentees if p.mentor else 0,
            capacity_groups=p.mentor.capacity_groups if p.mentor else 0,
        )
        for p in sorted(mentors, key=lambda p: (-mentees[p.id], p.full_name))
    )


def _load_histogram(load: tuple[MentorLoad, ...]) -> dict[int, int]:
    counts = Counter(m.mentees for m in load)
    return {n: counts.get(n, 0) for n in range(max(counts, default=0) + 1)}


def _score_stats(scores: list[float]) -> ScoreStats:
    hist = [0] * SCORE_BINS
    for s in scores:
        hist[min(int(round(s * SCORE_BINS, 9)), SCORE_BINS - 1)] += 1
    if not scores:
        return ScoreStats(0, None, None, None, None, tuple(hist))
    return ScoreStats(
        count=len(scores), minimum=min(scores), mean=statistics.fmean(scores),
        median=statistics.median(scores), maximum=max(scores), histogram=tuple(hist),
    )
