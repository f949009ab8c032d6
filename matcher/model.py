"""Domain model: participants, banks, programmes and run results.

Plain pydantic v2 models, frozen, with no knowledge of HTTP or the database. Field names are
English; user-facing labels live in `matcher.labels` and the bank file columns in `matcher.bank_io`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Self

from pydantic import Field, PlainSerializer, field_validator, model_validator

from matcher.base import Frozen as Frozen
from matcher.errors import Violation
from matcher.messages import domain_error
from matcher.messages.reasons import Reason as Reason

# A person born in this year or earlier is not a plausible participant; a later year is checked
# against the date the model is validated at (see Participant._check_birth_year).
MIN_BIRTH_YEAR = 1930
ADULT_AGE = 18
YOUNG_SPECIALIST_MAX_AGE = 35  # "under 35", exclusive
YOUNG_SPECIALIST_MAX_EXPERIENCE = 3  # years, inclusive
PROGRAMME_MIN_MONTHS = 3
PROGRAMME_MAX_MONTHS = 12


class Role(StrEnum):
    teacher = "teacher"
    leader = "leader"
    student = "student"
    employer = "employer"
    university_teacher = "university_teacher"
    psychologist = "psychologist"


PEDAGOGICAL_ROLES = frozenset({Role.teacher, Role.leader, Role.psychologist})


class Form(StrEnum):
    """Who mentors whom (форма наставничества)."""

    teacher_teacher = "teacher_teacher"
    leader_teacher = "leader_teacher"
    employer_student = "employer_student"
    student_student = "student_student"
    university_teacher_young_teacher = "university_teacher_young_teacher"
    reverse = "reverse"


class Kind(StrEnum):
    """How the mentoring runs (вид наставничества)."""

    individual = "individual"
    group = "group"
    virtual = "virtual"
    short_term = "short_term"
    situational = "situational"
    speed = "speed"


class Category(StrEnum):
    """Teacher's qualification category."""

    none = "none"
    matches_position = "matches_position"
    first = "first"
    highest = "highest"


CATEGORY_RANK: dict[Category, int] = {
    Category.none: 0,
    Category.matches_position: 1,
    Category.first: 2,
    Category.highest: 3,
}


class Gender(StrEnum):
    male = "male"
    female = "female"


class MeetingFormat(StrEnum):
    in_person = "in_person"
    remote = "remote"


class Frequency(StrEnum):
    weekly = "weekly"
    biweekly = "biweekly"
    monthly = "monthly"


class WishLevel(StrEnum):
    yes = "yes"
    maybe = "maybe"
    no = "no"


class ConsentKind(StrEnum):
    personal_data = "personal_data"
    mentor_duties = "mentor_duties"
    participation = "participation"
    guardian = "guardian"


class Weekday(StrEnum):
    mon = "mon"
    tue = "tue"
    wed = "wed"
    thu = "thu"
    fri = "fri"
    sat = "sat"
    sun = "sun"


WEEKDAYS: tuple[Weekday, ...] = tuple(Weekday)

def _sorted(values: frozenset[StrEnum]) -> list[str]:
    return sorted(str(v) for v in values)


# Sets of enum values serialise sorted, so the same bank gives the same bytes in every process
# (set order follows the string hash seed).
FormSet = Annotated[frozenset[Form], PlainSerializer(_sorted, return_type=list[str])]
KindSet = Annotated[frozenset[Kind], PlainSerializer(_sorted, return_type=list[str])]
FormatSet = Annotated[frozenset[MeetingFormat], PlainSerializer(_sorted, return_type=list[str])]

Level = Annotated[int, Field(ge=1, le=3)]
TopicId = Annotated[str, Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")]
PersonId = Annotated[str, Field(min_length=1, max_length=64)]


class TimeSlot(Frozen):
    """A weekly free window, e.g. Tuesday 15:00–16:00."""

    day: Weekday
    start: time
    end: time

    @model_validator(mode="after")
    def _check_order(self) -> Self:
        if self.end <= self.start:
            raise domain_error("slot_order")
        return self

    @property
    def minutes(self) -> tuple[int, int]:
        """Start and end as minutes from Monday 00:00, for overlap arithmetic."""
        base = WEEKDAYS.index(self.day) * 24 * 60
        return (
            base + self.start.hour * 60 + self.start.minute,
            base + self.end.hour * 60 + self.end.minute,
        )


class Consent(Frozen):
    """One consent with the date it was given and, if so, the date it was revoked."""

    kind: ConsentKind
    given: date
    revoked: date | None = None

    @model_validator(mode="after")
    def _check_dates(self) -> Self:
        if self.revoked is not None and self.revoked < self.given:
            raise domain_error("consent_dates")
        return self

    def active_at(self, at: date) -> bool:
        return self.given <= at and (self.revoked is None or self.revoked > at)


class Wish(Frozen):
    """A participant's wish about a named person after the acquaintance meeting."""

    target: PersonId
    level: WishLevel
    rank: Annotated[int, Field(ge=1)] | None = None


class MentorOffer(Frozen):
    """What a mentor gives: capacity and the forms and kinds they agreed to."""

    capacity_mentees: Annotated[int, Field(ge=0, le=30)] = 1
    capacity_groups: Annotated[int, Field(ge=0, le=10)] = 0
    forms: FormSet = frozenset()
    kinds: KindSet = frozenset({Kind.individual})


class MenteeRequest(Frozen):
    """What a mentee accepts: forms, kinds, and how many mentors (for different topics)."""

    forms: FormSet = frozenset()
    kinds: KindSet = frozenset({Kind.individual})
    mentors_wanted: Annotated[int, Field(ge=1, le=5)] = 1


class Participant(Frozen):
    """A person in the banks. A participant is a mentor if `mentor` is set, a mentee if
    `mentee` is set; a teacher may be both (mentor in one topic, mentee in another)."""

    id: PersonId
    full_name: Annotated[str, Field(min_length=1, max_length=200)]
    role: Role
    organisation: Annotated[str, Field(min_length=1)]
    site: str = ""
    birth_year: Annotated[int, Field(ge=MIN_BIRTH_YEAR, le=2100)]
    gender: Gender | None = None
    subjects: tuple[str, ...] = ()
    category: Category = Category.none
    experience_years: Annotated[float, Field(ge=0, le=70)] = 0
    years_in_organisation: Annotated[float, Field(ge=0, le=70)] = 0
    grade: Annotated[int, Field(ge=1, le=11)] | None = None
    course: Annotated[int, Field(ge=1, le=6)] | None = None
    digital_level: Annotated[int, Field(ge=0, le=3)] = 1
    competencies: dict[TopicId, Level] = Field(default_factory=dict)
    requests: dict[TopicId, Level] = Field(default_factory=dict)
    experience_text: str = ""
    difficulties_text: str = ""
    interests: tuple[str, ...] = ()
    free_slots: tuple[TimeSlot, ...] = ()
    formats: FormatSet = frozenset({MeetingFormat.in_person})
    meeting_frequency: Frequency | None = None
    mentor: MentorOffer | None = None
    mentee: MenteeRequest | None = None
    wishes: tuple[Wish, ...] = ()
    consents: tuple[Consent, ...] = ()

    @field_validator("consents")
    @classmethod
    def _sort_consents(cls, consents: tuple[Consent, ...]) -> tuple[Consent, ...]:
        """Consents in a canonical order, so equal banks compare equal whatever the source."""
        return tuple(sorted(consents, key=lambda c: (c.kind, c.given, c.revoked or date.max)))

    @model_validator(mode="after")
    def _check_consistency(self) -> Self:
        if self.grade is not None and self.course is not None:
            raise domain_error("grade_and_course")
        if self.experience_years > 0 and self.years_in_organisation > self.experience_years + 1:
            # +1: a year of non-teaching work in the organisation is common and harmless.
            raise domain_error("org_years_exceed_experience")
        targets = [w.target for w in self.wishes]
        if len(targets) != len(set(targets)):
            raise domain_error("wish_repeated")
        if self.id in targets:
            raise domain_error("wish_self")
        return self

    # Derived facts. Only the birth year is known, so whoever turns 18 during the year counts as
    # a minor until the year ends: the guardian-consent rule errs on the safe side.
    def age_at(self, at: date) -> int:
        return at.year - self.birth_year

    def is_minor(self, at: date) -> bool:
        return self.age_at(at) <= ADULT_AGE

    def is_young_specialist(self, at: date) -> bool:
        """Under 35 with at most three years of experience, in a pedagogical role."""
        return (
            self.role in PEDAGOGICAL_ROLES
            and self.age_at(at) < YOUNG_SPECIALIST_MAX_AGE
            and self.experience_years <= YOUNG_SPECIALIST_MAX_EXPERIENCE
        )

    @property
    def study_level(self) -> int | None:
        """Grade for school students, 11 + course for college students: comparable across both."""
        if self.grade is not None:
            return self.grade
        if self.course is not None:
            return 11 + self.course
        return None

    def consent_active(self, kind: ConsentKind, at: date) -> bool:
        return any(c.kind == kind and c.active_at(at) for c in self.consents)

    def missing_consents(self, at: date, *, as_mentor: bool) -> tuple[ConsentKind, ...]:
        """Consents this person lacks at `at` to take part as a mentor or as a mentee."""
        needed = [ConsentKind.personal_data]
        needed.append(ConsentKind.mentor_duties if as_mentor else ConsentKind.participation)
        if self.is_minor(at):
            needed.append(ConsentKind.guardian)
        return tuple(k for k in needed if not self.consent_active(k, at))

    def can_mentor(self, at: date) -> bool:
        offer = self.mentor
        return (
            offer is not None
            and (offer.capacity_mentees > 0 or offer.capacity_groups > 0)
            and not self.missing_consents(at, as_mentor=True)
        )

    def can_be_mentored(self, at: date) -> bool:
        return self.mentee is not None and not self.missing_consents(at, as_mentor=False)

    def wish_about(self, other: str) -> Wish | None:
        return self._wishes_by_target.get(other)

    @cached_property
    def _wishes_by_target(self) -> dict[str, Wish]:
        return {w.target: w for w in self.wishes}


class Conflict(Frozen):
    """A pair the curator recorded as impossible (a family tie, an earlier conflict, ...)."""

    a: PersonId
    b: PersonId
    note: str = ""

    def involves(self, x: str, y: str) -> bool:
        return {self.a, self.b} == {x, y}


class Bank(Frozen):
    """The two banks of one organisation (or many): everyone, plus recorded conflicts."""

    participants: tuple[Participant, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    @model_validator(mode="after")
    def _check_unique_ids(self) -> Self:
        seen: set[str] = set()
        for p in self.participants:
            if p.id in seen:
                raise domain_error("duplicate_participant", id=p.id)
            seen.add(p.id)
        return self

    @cached_property
    def by_id(self) -> dict[str, Participant]:
        return {p.id: p for p in self.participants}

    def get(self, pid: str) -> Participant:
        return self.by_id[pid]

    @property
    def mentors(self) -> tuple[Participant, ...]:
        """Everyone in the mentors' bank, whether or not they may mentor today."""
        return tuple(p for p in self.participants if p.mentor is not None)

    @property
    def mentees(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.mentee is not None)

    @cached_property
    def conflict_pairs(self) -> frozenset[frozenset[str]]:
        return frozenset(frozenset((c.a, c.b)) for c in self.conflicts)

    def in_conflict(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self.conflict_pairs


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


class ProposalStatus(StrEnum):
    proposed = "proposed"
    confirmed = "confirmed"
    rejected = "rejected"
    locked = "locked"
    ended = "ended"


KEPT_STATUSES = frozenset({ProposalStatus.confirmed, ProposalStatus.locked})


class ComponentScore(Frozen):
    """One named component of a pair score with its weight and a filled-in reason."""

    name: str
    value: Annotated[float, Field(ge=0, le=1)]
    weight: Annotated[float, Field(ge=0)]
    reason: Reason

    @property
    def contribution(self) -> float:
        return self.value * self.weight


class PairScore(Frozen):
    """The score of one mentor–mentee pair inside a proposal, with its breakdown."""

    mentee: PersonId
    score: Annotated[float, Field(ge=0, le=1)]
    components: tuple[ComponentScore, ...] = ()


class Proposal(Frozen):
    """A suggested pair (one mentee) or group (several) with scores and a status."""

    id: str
    mentor: PersonId
    mentees: tuple[PersonId, ...]
    form: Form
    kind: Kind
    topics: tuple[TopicId, ...] = ()
    score: Annotated[float, Field(ge=0, le=1)]
    pairs: tuple[PairScore, ...] = ()
    status: ProposalStatus = ProposalStatus.proposed
    status_reason: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.mentees:
            raise domain_error("proposal_empty")
        if len(set(self.mentees)) != len(self.mentees):
            raise domain_error("proposal_repeated_mentee")
        if self.mentor in self.mentees:
            raise domain_error("proposal_self")
        if self.kind != Kind.group and len(self.mentees) > 1:
            raise domain_error("proposal_not_group")
        return self

    @property
    def is_group(self) -> bool:
        return self.kind == Kind.group


class Unmatched(Frozen):
    """A mentee left without (enough) mentors, with reasons and what the curator can do."""

    mentee: PersonId
    reasons: tuple[Reason, ...]
    suggestions: tuple[Reason, ...] = ()


class SolveStatus(StrEnum):
    optimal = "optimal"
    feasible = "feasible"  # stopped by the time limit with a solution and a bound


class RunResult(Frozen):
    """The outcome of one run of a programme over the banks as they were."""

    programme_id: str
    created_at: datetime
    bank_version: str = ""
    seed: int = 0
    solver: str = ""
    status: SolveStatus
    objective: float
    best_bound: float
    gap: Annotated[float, Field(ge=0)] = 0.0
    wall_time_s: Annotated[float, Field(ge=0)] = 0.0
    proposals: tuple[Proposal, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    # Named figures of the run (coverage, score total, the score stability cost, ...) and where
    # the bank came from, so `why-not` can reload it.
    metrics: dict[str, float] = Field(default_factory=dict)
    bank_path: str = ""
    # What the independent validator (`matcher.validation.check`) found and let through:
    # warnings only, since a result that breaks a hard rule raises `InvalidResult` instead.
    violations: tuple[Violation, ...] = ()

