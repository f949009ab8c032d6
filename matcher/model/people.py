"""People and banks: participants with their offers, requests, consents, wishes and free time,
recorded conflicts, and the bank that holds them."""

from __future__ import annotations

import hashlib
from datetime import date, time
from functools import cached_property
from typing import Annotated, Self

from pydantic import Field, field_validator, model_validator

from matcher.base import Frozen as Frozen
from matcher.messages import domain_error
from matcher.messages.reasons import Reason as Reason
from matcher.model.contact import MAX_EMAIL_CELL, EmailError, normalise_email
from matcher.model.enums import (
    ADULT_AGE,
    MIN_BIRTH_YEAR,
    PEDAGOGICAL_ROLES,
    WEEKDAYS,
    YOUNG_SPECIALIST_MAX_AGE,
    YOUNG_SPECIALIST_MAX_EXPERIENCE,
    Category,
    ConsentKind,
    FormatSet,
    FormSet,
    Frequency,
    Gender,
    Kind,
    KindSet,
    Level,
    MeetingFormat,
    PersonId,
    Role,
    StudentModelSet,
    TopicId,
    Weekday,
    WishLevel,
)

MAX_TOPIC_RANK = 999  # more topics than any taxonomy and programme list together

TopicRank = Annotated[int, Field(ge=1, le=MAX_TOPIC_RANK)]


def rank_weight(rank: int | None, n: int) -> float:
    """A ranked topic's weight in (0, 1]: first choice 1, each place down 1/n less, so n ranked
    topics keep n distinct, evenly spaced values (a Borda count). Unranked (None): the last."""
    n = max(n, 1)
    return (n + 1 - min(rank or n, n)) / n


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
    rank: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None  # int32, as stored and solved


class MentorOffer(Frozen):
    """What a mentor gives: capacity and the forms and kinds they agreed to."""

    capacity_mentees: Annotated[int, Field(ge=0, le=30)] = 1
    capacity_groups: Annotated[int, Field(ge=0, le=10)] = 0
    forms: FormSet = frozenset()
    kinds: KindSet = frozenset({Kind.individual})
    # Role models of «ученик – ученик» this mentor works in; none chosen: the programme's.
    student_models: StudentModelSet = frozenset()


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
    # The job title as the school writes it («учитель математики», «социальный педагог»): the
    # role variant within `role`, kept for the curator and the documents.
    position: Annotated[str, Field(max_length=200)] = ""
    organisation: Annotated[str, Field(min_length=1)]
    site: str = ""
    # The department, chair or methodical association («кафедра», «МО») inside the
    # organisation, for the curator's rules («наставник из другого подразделения»).
    department: Annotated[str, Field(max_length=200)] = ""
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
    # Ranked topic choices (1 = first choice, up to the number of topics of the field): where
    # given they order the topics to their full length (`rank_weight`); a topic left unranked
    # in a ranked field counts as the last. None given: the levels alone, as before.
    competency_ranks: dict[TopicId, TopicRank] = Field(default_factory=dict)
    request_ranks: dict[TopicId, TopicRank] = Field(default_factory=dict)
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
    # The curator's priority for matching this mentee (0 none … 3 first); worth
    # `ProgrammeOptions.priority_bonus` per level when the mentee is covered.
    priority: Annotated[int, Field(ge=0, le=3)] = 0
    # One e-mail address for reminders (issue 12 item 7, issue 16), "" for none; personal data:
    # never in depersonalised exports or another person's page (`matcher.model.contact`).
    email: Annotated[str, Field(max_length=MAX_EMAIL_CELL)] = ""

    @field_validator("email")
    @classmethod
    def _check_email(cls, value: str) -> str:
        """One well-formed address, its domain lower-cased; the cell's text in the error."""
        try:
            return normalise_email(value)
        except EmailError as exc:
            raise domain_error(exc.code, value=value.strip()[:80]) from None

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
        for topics, ranks in ((self.competencies, self.competency_ranks),
                              (self.requests, self.request_ranks)):
            for topic, rank in ranks.items():
                if topic not in topics:
                    raise domain_error("topic_rank_unknown", topic=topic)
                if rank > len(topics):
                    raise domain_error("topic_rank_range", topic=topic, n=len(topics), rank=rank)
        targets = [w.target for w in self.wishes]
        if len(targets) != len(set(targets)):
            raise domain_error("wish_repeated")
        if self.id in targets:
            raise domain_error("wish_self")
        return self

    def requests_in_order(self) -> list[str]:
        """The requested topics, most wanted first: by rank where ranked, then priority, id."""
        last = len(self.requests) + 1
        return sorted(self.requests, key=lambda t: (self.request_ranks.get(t, last),
                                                    -self.requests[t], t))

    # Derived facts. Only the birth year is known, so whoever turns 18 during the year counts as
    # a minor until the year ends: the guardian-consent rule errs on the safe side.
    def age_at(self, at: date) -> int:
        return at.year - self.birth_year

    def is_minor(self, at: date) -> bool:
        return self.age_at(at) <= ADULT_AGE

    def is_young_specialist(
        self,
        at: date,
        *,
        max_age: int | None = YOUNG_SPECIALIST_MAX_AGE,
        max_experience: float = YOUNG_SPECIALIST_MAX_EXPERIENCE,
    ) -> bool:
        """A «молодой/начинающий» specialist in a pedagogical role: at most `max_experience`
        years of experience and, if an age limit is set, younger than `max_age`. The defaults
        are the documented ones; a programme's `Definitions` may set others."""
        return (
            self.role in PEDAGOGICAL_ROLES
            and (max_age is None or self.age_at(at) < max_age)
            and self.experience_years <= max_experience
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
        """Consents this person lacks at `at` to take part as a mentor or as a mentee
        (remembered per day and side: the scorer, the reasons and the validator all ask)."""
        key = (at, as_mentor)
        found = self._missing_memo.get(key)
        if found is None:
            found = self._missing_memo[key] = self._missing_consents(at, as_mentor=as_mentor)
        return found

    @cached_property
    def _missing_memo(self) -> dict[tuple[date, bool], tuple[ConsentKind, ...]]:
        return {}

    def _missing_consents(self, at: date, *, as_mentor: bool) -> tuple[ConsentKind, ...]:
        needed = [ConsentKind.personal_data]
        needed.append(ConsentKind.mentor_duties if as_mentor else ConsentKind.participation)
        if self.is_minor(at):
            needed.append(ConsentKind.guardian)
        active = {c.kind for c in self.consents if c.active_at(at)}  # one pass, not one a kind
        return tuple(k for k in needed if k not in active)

    def day_key(self, at: date) -> str:
        """The record's content hash with what the day `at` makes of it: the age and the
        consents missing on each side the person is on (`matcher.scoring.features.person_key`);
        remembered per day, as the scorer and its cache both ask."""
        found = self._day_keys.get(at)
        if found is None:
            mentor = (",".join(self.missing_consents(at, as_mentor=True))
                      if self.mentor is not None else "")
            mentee = (",".join(self.missing_consents(at, as_mentor=False))
                      if self.mentee is not None else "")
            found = self._day_keys[at] = f"{self.content_hash}:{self.age_at(at)}:{mentor}:{mentee}"
        return found

    @cached_property
    def _day_keys(self) -> dict[date, str]:
        return {}

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

    @cached_property
    def content_hash(self) -> str:
        """A hash of the whole record, wishes included: a rerun rescores whoever's hash
        changed (`matcher.scoring.incremental`). Serialised once per object, however often asked,
        straight to the bytes `model_dump_json().encode()` would give (no str in between)."""
        data = self.__pydantic_serializer__.to_json(self)
        return hashlib.blake2b(data, digest_size=12).hexdigest()


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

    @cached_property
    def mentors(self) -> tuple[Participant, ...]:
        """Everyone in the mentors' bank, whether or not they may mentor today (worked out
        once: a run asks for it many times, and the bank is immutable)."""
        return tuple(p for p in self.participants if p.mentor is not None)

    @cached_property
    def mentees(self) -> tuple[Participant, ...]:
        return tuple(p for p in self.participants if p.mentee is not None)

    @cached_property
    def content_hash(self) -> str:
        """A hash of the bank from its people's hashes (in order) and its conflicts: the run's
        `bank_version`, without serialising the bank a second time."""
        h = hashlib.blake2b(digest_size=16)
        for p in self.participants:
            h.update(p.content_hash.encode())
        h.update(b"|")
        for c in self.conflicts:
            h.update(c.model_dump_json().encode())
        return h.hexdigest()

    @cached_property
    def conflict_pairs(self) -> frozenset[frozenset[str]]:
        return frozenset(frozenset((c.a, c.b)) for c in self.conflicts)

    def in_conflict(self, a: str, b: str) -> bool:
        pairs = self.conflict_pairs
        return bool(pairs) and frozenset((a, b)) in pairs
