"""Monitoring pairs after the match: which surveys are due when, which pairs are at risk, and
the figures of the programme's quality by form, kind and score band.

Pure functions over the schedule (`matcher.model.monitoring.Monitoring`), each pair's start and
the answers given; the service stores answers and reads them back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from statistics import mean

from matcher.model import Form, Kind
from matcher.model.monitoring import FitAnswer, GoalLevel, Monitoring, SurveyAnswer, SurveyKind

SCORE_BANDS = ((0.0, "0–49"), (0.5, "50–69"), (0.7, "70–84"), (0.85, "85–100"))


@dataclass(frozen=True)
class Due:
    """One survey a participant of a pair owes: its kind, its number among its kind (1, 2,
    … for the quality checks) and the day it falls due."""

    kind: SurveyKind
    seq: int
    on: date

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind.value, self.seq)


def schedule(start: date, end: date, plan: Monitoring) -> list[Due]:
    """Every survey of a pair that starts on `start` in a programme ending on `end`."""
    out = [Due(SurveyKind.fit, 1, min(start + timedelta(days=plan.fit_after_days), end))]
    closing = max(start, end - timedelta(days=plan.closing_before_end_days))
    if plan.quality_every_weeks:
        step, k = timedelta(weeks=plan.quality_every_weeks), 1
        while start + k * step < closing:
            out.append(Due(SurveyKind.quality, k, start + k * step))
            k += 1
    out.append(Due(SurveyKind.closing, 1, closing))
    return out


class Risk(StrEnum):
    """Why a pair needs the curator (message codes `monitoring.risk.<value>`)."""

    not_a_fit = "not_a_fit"  # a side answered "not a good fit"
    no_meeting = "no_meeting"  # no meeting logged: not met, or zero meetings since last check
    low_quality = "low_quality"  # the latest quality at or below the programme's threshold
    no_answer = "no_answer"  # a survey unanswered past the reminder delay


@dataclass(frozen=True)
class PairWatch:
    """One pair as monitoring sees it: its people, start, the surveys due and answered."""

    proposal_id: str
    mentor: str
    mentees: tuple[str, ...]
    form: Form
    kind: Kind
    score: float
    start: date
    # (participant, kind, seq) -> the answer
    answers: dict[tuple[str, str, int], SurveyAnswer] = field(default_factory=dict)

    @property
    def people(self) -> tuple[str, ...]:
        return (self.mentor, *self.mentees)


@dataclass(frozen=True)
class Reminder:
    participant: str
    proposal_id: str
    due: Due
    days_late: int


def reminders(pair: PairWatch, end: date, plan: Monitoring, today: date) -> list[Reminder]:
    """The people of the pair who owe a survey due at least `remind_after_days` ago."""
    out = []
    for due in schedule(pair.start, end, plan):
        late = (today - due.on).days
        if late < plan.remind_after_days:
            continue
        for person in pair.people:
            if (person, due.kind.value, due.seq) not in pair.answers:
                out.append(Reminder(person, pair.proposal_id, due, late))
    return out


def risks(pair: PairWatch, end: date, plan: Monitoring, today: date) -> list[Risk]:
    """Why the pair needs the curator now, most serious first; empty if nothing shows."""
    answers = pair.answers.values()
    found = []
    if any(a.fit == FitAnswer.bad for a in answers):
        found.append(Risk.not_a_fit)
    # the latest quality check anyone of the pair answered: its ratings and meetings count
    checks = [(k[2], a) for k, a in pair.answers.items() if a.kind == SurveyKind.quality]
    last = max((seq for seq, _ in checks), default=None)
    latest = [a for seq, a in checks if seq == last]
    if any(a.met is False for a in answers) or any(a.meetings == 0 for a in latest):
        found.append(Risk.no_meeting)
    if any(a.quality is not None and a.quality <= plan.low_quality for a in latest):
        found.append(Risk.low_quality)
    if reminders(pair, end, plan, today):
        found.append(Risk.no_answer)
    return found


def score_band(score: float) -> str:
    """The 0–100 band a pair's score falls in, as the report groups them."""
    label = SCORE_BANDS[0][1]
    for low, name in SCORE_BANDS:
        if score >= low:
            label = name
    return label


@dataclass
class QualityRow:
    """The programme's quality figures for one group of pairs (by form, kind or score band)."""

    group: str  # "form", "kind" or "band"
    key: str
    pairs: int = 0
    answered: int = 0  # pairs with at least one answer
    fit_good: int = 0  # fit answers "good fit"
    fit_answers: int = 0
    quality: list[int] = field(default_factory=list)
    satisfaction: list[int] = field(default_factory=list)
    goals_reached: int = 0
    goals: int = 0

    @property
    def fit_share(self) -> float | None:
        return self.fit_good / self.fit_answers if self.fit_answers else None

    @property
    def mean_quality(self) -> float | None:
        return mean(self.quality) if self.quality else None

    @property
    def mean_satisfaction(self) -> float | None:
        return mean(self.satisfaction) if self.satisfaction else None

    @property
    def goal_share(self) -> float | None:
        """Share of the request topics marked reached (partly counts half)."""
        return self.goals_reached / self.goals if self.goals else None


def quality_table(pairs: Iterable[PairWatch]) -> list[QualityRow]:
    """The quality figures by form, by kind and by score band, in that order."""
    rows: dict[tuple[str, str], QualityRow] = defaultdict(lambda: QualityRow("", ""))
    for pair in pairs:
        for group, key in (("form", pair.form.value), ("kind", pair.kind.value),
                           ("band", score_band(pair.score))):
            row = rows[(group, key)]
            row.group, row.key = group, key
            row.pairs += 1
            row.answered += bool(pair.answers)
            for a in pair.answers.values():
                if a.fit is not None:
                    row.fit_answers += 1
                    row.fit_good += a.fit == FitAnswer.good
                if a.quality is not None:
                    row.quality.append(a.quality)
                if a.satisfaction is not None:
                    row.satisfaction.append(a.satisfaction)
                for level in a.goals.values():
                    row.goals += 2
                    row.goals_reached += {GoalLevel.reached: 2, GoalLevel.partly: 1}.get(level, 0)
    order = {"form": 0, "kind": 1, "band": 2}
    return sorted(rows.values(), key=lambda r: (order[r.group], r.key))


def outcome(answers: Iterable[SurveyAnswer]) -> bool | None:
    """What a pair's answers say of it for learning: False if a side found it no fit or rated
    it low, True if they were satisfied at the end, None if they have not said (the curator's
    decisions decide then)."""
    said = list(answers)
    if any(a.fit == FitAnswer.bad or (a.quality is not None and a.quality <= 2)
           or (a.satisfaction is not None and a.satisfaction <= 2) for a in said):
        return False
    if any(a.satisfaction is not None and a.satisfaction >= 4 for a in said):
        return True
    return None
