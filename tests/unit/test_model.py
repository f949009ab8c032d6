"""The domain model's derived facts at a given date, and its own validation rules."""

from __future__ import annotations

from datetime import date, time

import pytest
from pydantic import ValidationError

from matcher.messages import message
from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    Definitions,
    MenteeRequest,
    MentorOffer,
    Role,
    TimeSlot,
    Weekday,
)
from tests.factories import person, programme

AT = date(2026, 3, 1)
ALL_ADULT = (
    Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1)),
    Consent(kind=ConsentKind.mentor_duties, given=date(2025, 9, 1)),
    Consent(kind=ConsentKind.participation, given=date(2025, 9, 1)),
)


@pytest.mark.parametrize(("birth_year", "minor"), [
    (2008, True),   # turns 18 in 2026: a minor until the year ends (the safe side)
    (2007, False),  # 19 in 2026
    (2015, True),
])
def test_is_minor_at_the_birth_year_edge(birth_year: int, minor: bool):
    assert person(role=Role.student, birth_year=birth_year).is_minor(AT) is minor


@pytest.mark.parametrize(("birth_year", "experience", "role", "young"), [
    (1992, 3, Role.teacher, True),        # 34 in 2026, three years: still young
    (1991, 3, Role.teacher, False),       # 35: no longer under 35 (where a school sets 35)
    (1992, 3.5, Role.teacher, False),     # more than three years' experience
    (2000, 0, Role.psychologist, True),
    (2000, 0, Role.employer, False),      # not a pedagogical role
])
def test_is_young_specialist_edges(birth_year: int, experience: float, role: Role, young: bool):
    p = person(birth_year=birth_year, experience_years=experience, role=role)
    assert p.is_young_specialist(AT, max_age=35) is young


def test_a_41_year_old_beginner_is_a_young_specialist_by_default():
    """The seeds say only «молодой/начинающий» (issue 10): by default no age limit."""
    p = person(birth_year=1985, experience_years=1, role=Role.teacher)
    assert p.is_young_specialist(AT)
    assert Definitions().is_young_specialist(p, AT)
    assert not Definitions(young_max_age=35).is_young_specialist(p, AT)
    assert not Definitions(young_max_experience=0.5).is_young_specialist(p, AT)


def test_consent_is_inactive_on_its_revocation_date():
    c = Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1), revoked=AT)
    assert c.active_at(date(2026, 2, 28))
    assert not c.active_at(AT)
    assert not c.active_at(date(2025, 8, 31))  # before it was given


def test_consent_cannot_be_revoked_before_given():
    with pytest.raises(ValidationError, match="revoked before it was given"):
        Consent(kind=ConsentKind.guardian, given=date(2025, 9, 1), revoked=date(2025, 8, 1))


def test_can_mentor_needs_an_offer_with_capacity_and_consents():
    assert person(mentor=MentorOffer(), consents=ALL_ADULT).can_mentor(AT)
    assert not person(consents=ALL_ADULT).can_mentor(AT)
    zero = MentorOffer(capacity_mentees=0, capacity_groups=0)
    assert not person(mentor=zero, consents=ALL_ADULT).can_mentor(AT)
    groups_only = MentorOffer(capacity_mentees=0, capacity_groups=1)
    assert person(mentor=groups_only, consents=ALL_ADULT).can_mentor(AT)
    no_duty = tuple(c for c in ALL_ADULT if c.kind != ConsentKind.mentor_duties)
    assert not person(mentor=MentorOffer(), consents=no_duty).can_mentor(AT)


def test_can_be_mentored_needs_participation_and_for_a_minor_a_guardian():
    assert person(mentee=MenteeRequest(), consents=ALL_ADULT).can_be_mentored(AT)
    no_part = tuple(c for c in ALL_ADULT if c.kind != ConsentKind.participation)
    assert not person(mentee=MenteeRequest(), consents=no_part).can_be_mentored(AT)
    minor = person(role=Role.student, birth_year=2012, grade=8, mentee=MenteeRequest(),
                   consents=ALL_ADULT)
    assert minor.missing_consents(AT, as_mentor=False) == (ConsentKind.guardian,)
    guardian = Consent(kind=ConsentKind.guardian, given=date(2025, 9, 1))
    assert minor.model_copy(update={"consents": (*ALL_ADULT, guardian)}).can_be_mentored(AT)
    assert not person(consents=ALL_ADULT).can_be_mentored(AT)  # not in the mentees' bank


def test_revoked_personal_data_blocks_both_sides():
    revoked = (Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1),
                       revoked=date(2026, 1, 1)), *ALL_ADULT[1:])
    p = person(mentor=MentorOffer(), mentee=MenteeRequest(), consents=revoked)
    assert not p.can_mentor(AT) and not p.can_be_mentored(AT)


# The end day counts (issue 10; 000: «от 3 месяцев до 1 года»): 01.09–30.11 is 3 months; the
# product refused it as "2.9 months" before.
@pytest.mark.parametrize(("end", "ok"), [
    (date(2025, 11, 30), True),   # exactly 3 months, the end day included
    (date(2025, 11, 29), False),  # a day short of 3 months
    (date(2025, 12, 1), True),
    (date(2026, 8, 31), True),    # exactly 12 months
    (date(2026, 9, 1), False),    # a day over 12 months
])
def test_programme_period_is_3_to_12_months(end: date, ok: bool):
    start = date(2025, 9, 1)
    if ok:
        assert programme("prog", start=start, end=end).end == end
    else:
        with pytest.raises(ValidationError, match="programme period must be 3 to 12 months"):
            programme("prog", start=start, end=end)


def test_time_slot_end_must_follow_start():
    slot = TimeSlot(day=Weekday.tue, start=time(15), end=time(16))
    assert slot.minutes == (24 * 60 + 15 * 60, 24 * 60 + 16 * 60)
    for end in (time(15), time(14)):
        with pytest.raises(ValidationError, match="slot end must be after its start"):
            TimeSlot(day=Weekday.tue, start=time(15), end=end)


def test_grade_and_course_together_are_refused():
    with pytest.raises(ValidationError, match="grade or a college course, not both"):
        person(role=Role.student, birth_year=2008, grade=11, course=1)


def test_bank_refuses_duplicate_ids():
    with pytest.raises(ValidationError, match="duplicate participant id 'p'"):
        Bank(participants=(person(), person(full_name="Другая")))


def test_example_in_issue_10_period_from_01_09():
    """01.09–30.11 is a valid programme; 01.09–29.11 is refused with a Russian message."""
    assert programme("autumn", start=date(2026, 9, 1), end=date(2026, 11, 30)).end.day == 30
    with pytest.raises(ValidationError) as caught:
        programme("short", start=date(2026, 9, 1), end=date(2026, 11, 29))
    err = caught.value.errors()[0]
    assert err["type"] == "programme_period"
    assert message("programme_period", "ru", **err["ctx"]) == (
        "Срок программы должен быть от 3 до 12 месяцев, указано 2,9")
