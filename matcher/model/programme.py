"""A programme: the matching context (organisations, period, forms and kinds, weights, goal)."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from matcher.base import Frozen as Frozen
from matcher.messages import domain_error
from matcher.messages.reasons import Reason as Reason
from matcher.model.enums import (
    CATEGORY_RANK,
    EMPLOYER_MIN_GRADE,
    MIN_STUDENT_AGE,
    PEDAGOGICAL_ROLES,
    PROGRAMME_MAX_MONTHS,
    PROGRAMME_MIN_MONTHS,
    YOUNG_SPECIALIST_MAX_AGE,
    YOUNG_SPECIALIST_MAX_EXPERIENCE,
    Category,
    Form,
    FormSet,
    Kind,
    KindSet,
    PersonId,
    Role,
    StudentModel,
    StudentModelSet,
    TopicAudience,
    TopicBlock,
    TopicId,
)
from matcher.model.monitoring import Monitoring
from matcher.model.people import Participant
from matcher.model.rules import MAX_QUOTAS, MAX_RULES, PairRule, ProgrammeOptions, Quota, Tier

GROUP_VALUE = 0.05  # default worth of one mentee beyond the first in a group, in score units


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


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks becomes its last (31.01 + 1 = 28.02)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(start: date, end: date) -> float:
    """Length of a period in months, the end day included (01.09–30.11 is 3.0), part months
    counted by days (for the 3–12 month rule)."""
    stop = end + timedelta(days=1)
    whole = (stop.year - start.year) * 12 + (stop.month - start.month)
    return whole + (stop.day - start.day) / 31


def period_fits(start: date, end: date) -> bool:
    """Whether the period, end day included, lasts 3 to 12 months (000: «от 3 месяцев до 1
    года»): 01.09–30.11 and 01.09–31.08 fit, 01.09–29.11 and 01.09–01.09 do not."""
    stop = end + timedelta(days=1)
    return add_months(start, PROGRAMME_MIN_MONTHS) <= stop <= add_months(
        start, PROGRAMME_MAX_MONTHS)


class Definitions(Frozen):
    """What the school's documents leave to the school, with the defaults the seeds support.

    - a young specialist (003, «молодой/начинающий»): at most `young_max_experience` years of
      experience and, if a school sets it, younger than `young_max_age`;
    - who may mentor, where a school sets thresholds: years in the organisation, category;
    - students take part from `min_student_age` (003: «от 10 лет»);
    - «работодатель – ученик» is for senior classes (003, 3.1.3): from `employer_min_grade`,
      and college students;
    - the role models of «ученик – ученик» a mentor may work in unless they chose their own.
    """

    young_max_age: Annotated[int, Field(ge=18, le=100)] | None = YOUNG_SPECIALIST_MAX_AGE
    young_max_experience: Annotated[float, Field(ge=0, le=70)] = YOUNG_SPECIALIST_MAX_EXPERIENCE
    mentor_min_years_in_organisation: Annotated[float, Field(ge=0, le=70)] = 0
    mentor_min_category: Category = Category.none
    min_student_age: Annotated[int, Field(ge=5, le=25)] = MIN_STUDENT_AGE
    employer_min_grade: Annotated[int, Field(ge=1, le=11)] = EMPLOYER_MIN_GRADE
    student_models: StudentModelSet = frozenset({StudentModel.senior_junior})

    def is_young_specialist(self, p: Participant, at: date) -> bool:
        """A beginner in a pedagogical role by this programme's definition."""
        return p.role in PEDAGOGICAL_ROLES and p.is_young_specialist(
            at, max_age=self.young_max_age, max_experience=self.young_max_experience)

    def meets_mentor_thresholds(self, p: Participant) -> bool:
        """Whether a mentor on the school's staff (a pedagogical role) has the years in the
        organisation and the category the school set; students, employers and university
        teachers are not the school's staff, so the thresholds do not apply to them."""
        if p.role not in PEDAGOGICAL_ROLES:
            return True
        return (p.years_in_organisation >= self.mentor_min_years_in_organisation
                and CATEGORY_RANK[p.category] >= CATEGORY_RANK[self.mentor_min_category])

    def student_too_young(self, p: Participant, at: date) -> bool:
        return p.role == Role.student and p.age_at(at) < self.min_student_age

    def employable(self, p: Participant) -> bool:
        """A student of the senior classes or of a college (the «работодатель – ученик» form)."""
        return p.course is not None or (p.grade is not None and p.grade >= self.employer_min_grade)


Label = Annotated[str, Field(min_length=1, max_length=200)]
MAX_PROGRAMME_TOPICS = 500


class ProgrammeTopic(Frozen):
    """A topic a programme brings beside the built-in taxonomy (`matcher.topics`): an id, the
    Russian label curators write, an English label, synonyms read as the same topic."""

    id: TopicId
    label_ru: Label
    label_en: Annotated[str, Field(max_length=200)] = ""
    synonyms: Annotated[tuple[Label, ...], Field(max_length=50)] = ()
    block: TopicBlock = "methodology"
    audience: TopicAudience = "both"


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
    # What a group is worth: the mentor time it saves. A group of k counts k − 1 meetings the
    # mentor need not hold, each worth `group_value` in score units (one unit = one perfect
    # pair), so where pairs and a group score the same the group is formed; 0 turns it off.
    group_value: Annotated[float, Field(ge=0, le=1)] = GROUP_VALUE
    weights: Weights = Weights()
    # Seeds CP-SAT (int32) and numpy (uint32): out of that range the solver would crash mid-run.
    seed: Annotated[int, Field(ge=0, le=2**31 - 1)] = 0
    time_limit_s: Annotated[float, Field(gt=0, le=3600)] = 10.0
    goal: Goal = Goal.coverage_first
    definitions: Definitions = Definitions()
    target_teacher_coverage: Annotated[float, Field(ge=0, le=1)] = 0.5
    target_student_coverage: Annotated[float, Field(ge=0, le=1)] = 0.7
    # A rerun during the programme checks consents and ages on its own day: a consent revoked
    # after the start then ends the pair, and one given after the start lets the person in.
    as_of: date | None = None
    # The curator's own rules about pairs (required: hard rules; preferred: scored), quotas on
    # pairs per attribute value, and the solver options stored with the programme.
    rules: Annotated[tuple[PairRule, ...], Field(max_length=MAX_RULES)] = ()
    quotas: Annotated[tuple[Quota, ...], Field(max_length=MAX_QUOTAS)] = ()
    options: ProgrammeOptions = ProgrammeOptions()
    # When the pairs' monitoring surveys fall due (matcher.monitoring).
    monitoring: Monitoring = Monitoring()
    # The programme's own topics, read beside the built-in taxonomy in its bank imports.
    topics: Annotated[tuple[ProgrammeTopic, ...], Field(max_length=MAX_PROGRAMME_TOPICS)] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        seen: set[str] = set()
        for t in self.topics:
            names = {" ".join(n.lower().replace("ё", "е").split())
                     for n in (t.id, t.label_ru, t.label_en, *t.synonyms) if n}
            if t.id in seen or names & seen:
                raise domain_error("programme_topic_repeated", id=t.id)
            seen |= names | {t.id}
        if not period_fits(self.start, self.end):
            months = months_between(self.start, self.end)
            shown = round(months, 1)  # «указано 1», «указано 2,9» (a comma in Russian)
            raise domain_error("programme_period", min=PROGRAMME_MIN_MONTHS,
                               max=PROGRAMME_MAX_MONTHS,
                               months=int(shown) if shown.is_integer() else shown)
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

    @property
    def required_rules(self) -> tuple[PairRule, ...]:
        return tuple(r for r in self.rules if r.tier == Tier.required)

    @property
    def preferred_rules(self) -> tuple[PairRule, ...]:
        return tuple(r for r in self.rules if r.tier == Tier.preferred and r.weight > 0)

    def component_weights(self, weights: Weights | None = None) -> dict[str, float]:
        """The weights of every score component, summing to 1: `weights` (default the
        programme's) plus `curator_rules`, worth the preferred rules' weights together."""
        d = (weights or self.weights).as_dict()
        d["curator_rules"] = sum(r.weight for r in self.preferred_rules)
        total = sum(d.values())
        return {k: v / total for k, v in d.items()}

    def covers(self, p: Participant) -> bool:
        """Whether the programme takes this participant (no organisations listed: everyone)."""
        return not self.organisations or p.organisation in self.organisations
