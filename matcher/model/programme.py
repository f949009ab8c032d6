"""A programme: the matching context (organisations, period, forms and kinds, weights, goal)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from matcher.base import Frozen as Frozen
from matcher.messages import domain_error
from matcher.messages.reasons import Reason as Reason
from matcher.model.enums import (
    PROGRAMME_MAX_MONTHS,
    PROGRAMME_MIN_MONTHS,
    Form,
    FormSet,
    Kind,
    KindSet,
    PersonId,
)
from matcher.model.people import Participant


class Goal(StrEnum):
    """What the solver optimises first."""

    coverage_first = "coverage_first"  # most mentees covered, then best total score
    best_total = "best_total"  # best total score, coverage only as far as it pays


class Weights(Frozen):
    """Weights of the score components. The total score is the weighted mean of the
    components, so only ratios matter; the defaults favour profile fit, then mutual interest."""

    topic_coverage: Annotated[float, Field(ge=0)] = 0.30
    subject_match: Annotated[float, Field(ge=0)] = 0.10
    text_similarity: Annotated[float, Field(ge=0)] = 0.15
    experience_gap: Annotated[float, Field(ge=0)] = 0.10
    mutual_wishes: Annotated[float, Field(ge=0)] = 0.15
    shared_interests: Annotated[float, Field(ge=0)] = 0.05
    expectations: Annotated[float, Field(ge=0)] = 0.05
    time_overlap: Annotated[float, Field(ge=0)] = 0.05
    format_fit: Annotated[float, Field(ge=0)] = 0.05

    @model_validator(mode="after")
    def _check_positive(self) -> Self:
        if sum(self.as_dict().values()) <= 0:
            raise domain_error("weights_zero")
        return self

    def as_dict(self) -> dict[str, float]:
        return self.model_dump()

    def normalised(self) -> dict[str, float]:
        d = self.as_dict()
        total = sum(d.values())
        return {k: v / total for k, v in d.items()}


def months_between(start: date, end: date) -> float:
    """Length of a period in months, counting part months by days (for the 3–12 month rule)."""
    whole = (end.year - start.year) * 12 + (end.month - start.month)
    return whole + (end.day - start.day) / 31


class Programme(Frozen):
    """One matching context: who, when, which forms and kinds, how to weigh and solve."""

    id: PersonId
    name: str = ""
    organisations: tuple[str, ...] = ()
    start: date
    end: date
    forms: FormSet = frozenset(Form)
    kinds: KindSet = frozenset({Kind.individual, Kind.group})
    group_min: Annotated[int, Field(ge=2, le=30)] = 2
    group_max: Annotated[int, Field(ge=2, le=30)] = 5
    weights: Weights = Weights()
    seed: int = 0
    time_limit_s: Annotated[float, Field(gt=0, le=3600)] = 10.0
    goal: Goal = Goal.coverage_first
    target_teacher_coverage: Annotated[float, Field(ge=0, le=1)] = 0.5
    target_student_coverage: Annotated[float, Field(ge=0, le=1)] = 0.7
    # A rerun during the programme checks consents and ages on its own day: a consent revoked
    # after the start then ends the pair, and one given after the start lets the person in.
    as_of: date | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        months = months_between(self.start, self.end)
        if not PROGRAMME_MIN_MONTHS <= months <= PROGRAMME_MAX_MONTHS:
            raise domain_error("programme_period", min=PROGRAMME_MIN_MONTHS,
                               max=PROGRAMME_MAX_MONTHS, months=f"{months:.1f}")
        if self.group_min > self.group_max:
            raise domain_error("group_bounds")
        if not self.forms:
            raise domain_error("programme_no_form")
        if not self.kinds:
            raise domain_error("programme_no_kind")
        return self

    @property
    def rules_date(self) -> date:
        """The day hard rules are checked at: the start, or `as_of` if that is later."""
        return max(self.start, self.as_of) if self.as_of is not None else self.start

    def covers(self, p: Participant) -> bool:
        """Whether the programme takes this participant (no organisations listed: everyone)."""
        return not self.organisations or p.organisation in self.organisations
