"""The curator's report of one run: coverage against the programme's targets, who is left
without a mentor and why, mentor load, counts by form and kind, and the score distribution.

Definitions (a proposal counts while its status is not `rejected` or `ended`):

* audience: `teachers` are the pedagogical roles (teacher, leader, psychologist), `students`
  are students; employers and university teachers are outside mentors and in neither.
* **mentee coverage** of an audience: the share of its mentees in the programme (people in the
  mentees' bank whom the programme takes) with at least one counting proposal.
* **involvement** of an audience, the regulations' target indicator («доля педагогов,
  вовлечённых в наставничество», «охват обучающихся»): the share of all its people in the
  programme's bank (or of a headcount the caller gives, since the bank holds only volunteers
  and requests) who are in a counting proposal as mentor or mentee. It is what
  `Programme.target_teacher_coverage` and `target_student_coverage` are compared with.
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
from matcher.reports.common import AUDIENCES, Audience, active_proposals, audience_of

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
    people_involved: int  # mentor or mentee in a counting proposal
    target: float

    @property
    def mentee_share(self) -> float | None:
        return self.mentees_covered / self.mentees_total if self.mentees_total else None

    @property
    def confirmed_share(self) -> float | None:
        return self.mentees_confirmed / self.mentees_total if self.mentees_total else None

    @property
    def involved_share(self) -> float | None:
        return self.people_involved / self.people_total if self.people_total else None

    @property
    def meets_target(self) -> bool | None:
        share = self.involved_share
        return None if share is None else share >= self.target


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
) -> Report:
    """The report of `result` over `bank`. `teachers_total` and `students_total` replace the
    bank's head counts as the involvement denominators (the school's staff and pupil numbers)."""
    people = [p for p in bank.participants if programme.covers(p)]
    proposals = active_proposals(result)
    for prop in proposals:
        for pid in (prop.mentor, *prop.mentees):
            if pid not in bank.by_id:
                raise UnknownParticipant(pid)

    involved: set[str] = set()
    covered: Counter[str] = Counter()
    confirmed: set[str] = set()
    for prop in proposals:
        involved.add(prop.mentor)
        involved.update(prop.mentees)
        covered.update(prop.mentees)
        if prop.status in KEPT_STATUSES:
            confirmed.update(prop.mentees)

    totals = {"teachers": teachers_total, "students": students_total}
    targets = {"teachers": programme.target_teacher_coverage,
               "students": programme.target_student_coverage}
    coverage: dict[Audience, Coverage] = {}
    for aud in AUDIENCES:
        group = [p for p in people if audience_of(p) == aud]
        mentees = [p for p in group if p.mentee is not None]
        n_involved = sum(p.id in involved for p in group)
        total = totals[aud]
        if total is not None and total < n_involved:
            raise ValueError(f"{aud}_total={total} is less than the {n_involved} involved")
        coverage[aud] = Coverage(
            audience=aud,
            mentees_total=len(mentees),
            mentees_covered=sum(covered[p.id] > 0 for p in mentees),
            mentees_confirmed=sum(p.id in confirmed for p in mentees),
            people_total=len(group) if total is None else total,
            people_involved=n_involved,
            target=targets[aud],
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
        unmatched=_unmatched_rows(bank, programme, result, covered),
        load=load,
        load_histogram=_load_histogram(load),
        proposals_by_form=_count(p.form for p in proposals),
        mentees_by_form=_count(p.form for p in proposals for _ in p.mentees),
        proposals_by_kind=_count(p.kind for p in proposals),
        mentees_by_kind=_count(p.kind for p in proposals for _ in p.mentees),
        proposals_by_status=_count(p.status for p in result.proposals),
        scores=_score_stats([r.score for r in pairs]),
    )


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
                    covered: Counter[str]) -> tuple[UnmatchedRow, ...]:
    """The run's unmatched mentees, then those whose every proposal was rejected or ended
    after the run (the run did not list them, yet they have no mentor now)."""
    rows: list[UnmatchedRow] = []
    listed: set[str] = set()
    for u in result.unmatched:
        p = bank.by_id.get(u.mentee)
        if p is None:
            continue  # left the bank since the run; nothing to report about them
        listed.add(u.mentee)
        rows.append(UnmatchedRow(
            mentee_id=p.id, name=p.full_name, role=p.role, covered=covered[p.id],
            wanted=p.mentee.mentors_wanted if p.mentee else 1,
            reasons=u.reasons, suggestions=u.suggestions,
        ))
    dropped = {m for prop in result.proposals for m in prop.mentees} - set(covered) - listed
    for pid in sorted(dropped):
        p = bank.by_id.get(pid)
        if p is None or not programme.covers(p):
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
