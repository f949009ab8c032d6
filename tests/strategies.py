"""Hypothesis strategies for random small banks and programmes, shared by property tests.

`banks()` draws a (Bank, Programme) with random roles, consents (given, revoked, missing),
wishes including "no", agreed forms and kinds, capacities (zero too), topics from the taxonomy,
subjects, interests, free slots, meeting formats and conflicts. Values come from small pools,
so that coincidences the rules care about (equal experience, same grade, same site, shared
subject, overlapping slots) happen often. `rejections(bank)` draws curator rejections.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from hypothesis import strategies as st

from matcher.model import (
    Attribute,
    Bank,
    Category,
    Conflict,
    Consent,
    ConsentKind,
    Definitions,
    Form,
    Frequency,
    Kind,
    MeetingFormat,
    MenteeRequest,
    MentorOffer,
    Numeric,
    PairRule,
    Participant,
    Programme,
    Role,
    RuleKind,
    StudentModel,
    TimeSlot,
    Weekday,
    Wish,
    WishLevel,
)
from matcher.model import Side as RuleSide
from matcher.topics import taxonomy

STARTS = (date(2026, 9, 1), date(2027, 1, 10))
ORGANISATIONS = ("Школа 1", "Школа 2", "Колледж")
SITES = ("", "корпус А", "корпус Б")
SUBJECTS = ("математика", "химия", "русский язык", "Химия")
INTERESTS = ("шахматы", "туризм", "музыка", "Туризм", "театр")
TEXTS = (
    "", "Трудно работать с родителями и вести классное руководство",
    "Опыт работы с родителями, классное руководство 20 лет",
    "Подготовка к ОГЭ по математике, разбор трудных задач",
    "Не получается готовить учеников к экзаменам по химии",
    "Цифровые инструменты на уроке: Сферум, онлайн-тесты",
    "Не умею пользоваться электронными сервисами и интерактивной доской",
)
TOPIC_IDS = taxonomy().ids
# A bank is mostly teachers, mostly students, or anything: pairs then often share a form.
ROLE_MIXES: tuple[tuple[Role, ...], ...] = (
    (Role.teacher, Role.teacher, Role.teacher, Role.psychologist, Role.leader,
     Role.university_teacher),
    (Role.student, Role.student, Role.student, Role.employer),
    (Role.student, Role.student, Role.leader, Role.employer),
    tuple(Role),
)


def subsets(items, max_size: int | None = None) -> st.SearchStrategy[frozenset]:
    return st.frozensets(st.sampled_from(tuple(items)), max_size=max_size)


def agreed(items, max_size: int = 3) -> st.SearchStrategy[frozenset]:
    """Forms or kinds a person agreed to: often none named (= any), else a few."""
    return st.one_of(st.just(frozenset()), st.just(frozenset()), subsets(items, max_size))


@st.composite
def consents(draw, start: date) -> tuple[Consent, ...]:
    """Each consent kind missing, active, given after the start, or revoked before/after it."""
    out = []
    careful = draw(st.integers(0, 3)) > 0  # most people have every consent in order
    for kind in ConsentKind:
        state = "active" if careful else draw(st.sampled_from(
            ("active", "missing", "late", "revoked_before", "revoked_after")))
        if state == "missing":
            continue
        given = start + timedelta(days=5) if state == "late" else start - timedelta(days=30)
        revoked = {"revoked_before": start - timedelta(days=1), "revoked_after":
                   start + timedelta(days=40)}.get(state)
        if state == "revoked_before" and draw(st.booleans()):
            revoked = start  # revoked on the very day: not active at the start
        out.append(Consent(kind=kind, given=given, revoked=revoked))
    return tuple(out)


@st.composite
def slots(draw) -> tuple[TimeSlot, ...]:
    out = []
    for _ in range(draw(st.integers(0, 3))):
        day = draw(st.sampled_from((Weekday.mon, Weekday.tue, Weekday.sat)))
        start = draw(st.integers(14 * 2, 17 * 2))  # half hours
        length = draw(st.integers(1, 4))
        out.append(TimeSlot(day=day, start=time(start // 2, 30 * (start % 2)),
                            end=time((start + length) // 2, 30 * ((start + length) % 2))))
    return tuple(out)


@st.composite
def participants(draw, pid: str, start: date, roles: tuple[Role, ...] = tuple(Role)) -> Participant:
    role = draw(st.sampled_from(roles))
    student = role == Role.student
    grade = course = None
    if student:
        if draw(st.booleans()):
            grade = draw(st.integers(1, 11))  # primary grades too: the age and stage rules
        elif draw(st.booleans()):
            course = draw(st.integers(1, 4))
    is_mentor, is_mentee = draw(st.sampled_from(((True, False), (False, True), (True, True))))
    mentor = mentee = None
    if is_mentor:
        mentor = MentorOffer(
            capacity_mentees=draw(st.sampled_from((0, 1, 1, 2, 3))),
            capacity_groups=draw(st.sampled_from((0, 0, 1))),
            forms=draw(agreed(Form)), kinds=draw(agreed(Kind)),
            student_models=draw(subsets(StudentModel)),
        )
    if is_mentee:
        mentee = MenteeRequest(forms=draw(agreed(Form)), kinds=draw(agreed(Kind)),
                               mentors_wanted=draw(st.integers(1, 2)))
    return Participant(
        id=pid,
        full_name=f"Участник {pid}",
        role=role,
        organisation=draw(st.sampled_from(ORGANISATIONS)),
        site=draw(st.sampled_from(SITES)),
        birth_year=start.year - (draw(st.integers(7, 19)) if student
                                 else draw(st.integers(20, 65))),
        subjects=tuple(draw(subsets(SUBJECTS, 2))),
        category=draw(st.sampled_from(tuple(Category))),
        experience_years=(experience := 0 if student
                          else draw(st.sampled_from((0, 1, 2, 3, 3.5, 10, 25)))),
        years_in_organisation=min(experience, draw(st.sampled_from((0, 1, 3, 10)))),
        grade=grade,
        course=course,
        digital_level=draw(st.integers(0, 3)),
        competencies=draw(st.dictionaries(st.sampled_from(TOPIC_IDS), st.integers(1, 3),
                                          max_size=4)) if is_mentor else {},
        requests=draw(st.dictionaries(st.sampled_from(TOPIC_IDS), st.integers(1, 3),
                                      max_size=3)) if is_mentee else {},
        experience_text=draw(st.sampled_from(TEXTS)) if is_mentor else "",
        difficulties_text=draw(st.sampled_from(TEXTS)) if is_mentee else "",
        interests=tuple(draw(subsets(INTERESTS, 3))),
        free_slots=draw(slots()),
        formats=draw(subsets(MeetingFormat)),
        meeting_frequency=draw(st.none() | st.sampled_from(tuple(Frequency))),
        mentor=mentor,
        mentee=mentee,
        consents=draw(consents(start)),
    )


@st.composite
def banks(draw, min_people: int = 2, max_people: int = 8) -> tuple[Bank, Programme]:
    """A random small bank and a programme over it."""
    start = draw(st.sampled_from(STARTS))
    n = draw(st.integers(min_people, max_people))
    ids = [f"p{i}" for i in range(n)]
    roles = draw(st.sampled_from(ROLE_MIXES))
    people = [draw(participants(pid, start, roles)) for pid in ids]
    with_wishes = []
    for p in people:
        others = [q for q in ids if q != p.id]
        targets = draw(st.lists(st.sampled_from(others), unique=True, max_size=3)) if others else []
        wishes = tuple(
            Wish(target=t, level=(level := draw(st.sampled_from(tuple(WishLevel)))),
                 rank=draw(st.none() | st.integers(1, 4)) if level == WishLevel.yes else None)
            for t in targets
        )
        with_wishes.append(p.model_copy(update={"wishes": wishes}))
    conflicts = tuple(
        Conflict(a=a, b=b)
        for a, b in draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids))
                                  .filter(lambda ab: ab[0] != ab[1]), max_size=2))
    )
    # Rebuild through validation so model_copy cannot smuggle in an invalid participant.
    bank = Bank.model_validate({"participants": [p.model_dump() for p in with_wishes],
                                "conflicts": [c.model_dump() for c in conflicts]})
    programme = Programme(
        id="prog", start=start, end=start + timedelta(days=270),
        organisations=tuple(sorted(draw(subsets(ORGANISATIONS, 2)))),
        forms=draw(st.one_of(st.just(frozenset(Form)), st.just(frozenset(Form)),
                             st.frozensets(st.sampled_from(tuple(Form)), min_size=1))),
        kinds=draw(st.just(frozenset({Kind.individual, Kind.group}))
                   | st.frozensets(st.sampled_from(tuple(Kind)), min_size=1)),
        definitions=draw(definitions()),
    )
    return bank, programme


@st.composite
def definitions(draw) -> Definitions:
    """The programme's definitions: the documented defaults or a school's own."""
    if draw(st.booleans()):
        return Definitions()
    return Definitions(
        young_max_age=draw(st.sampled_from((None, 35, 30))),
        young_max_experience=draw(st.sampled_from((3, 1, 5))),
        mentor_min_years_in_organisation=draw(st.sampled_from((0, 1, 3))),
        mentor_min_category=draw(st.sampled_from(tuple(Category))),
        min_student_age=draw(st.sampled_from((10, 11, 14))),
        employer_min_grade=draw(st.sampled_from((10, 8, 11))),
        student_models=draw(st.frozensets(st.sampled_from(tuple(StudentModel)), min_size=1)),
    )


@st.composite
def rejections(draw, bank: Bank) -> frozenset[tuple[str, str]]:
    """Curator rejections: (mentor id, mentee id) pairs drawn among the bank's ids."""
    ids = [p.id for p in bank.participants]
    return frozenset(draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)),
                                   max_size=3)))


# --- the curator's own rules and quotas (issue 17) ---------------------------------------------

DEPARTMENTS = ("", "кафедра естественных наук", "МО начальных классов", "Кафедра естественных наук")


@st.composite
def pair_rules(draw, tier: str | None = None) -> PairRule:
    """One rule row of any kind, on any field it accepts, required or preferred."""
    kind = draw(st.sampled_from(tuple(RuleKind)))
    chosen_tier = tier or draw(st.sampled_from(("required", "preferred")))
    weight = draw(st.sampled_from((0.05, 0.1, 0.3)))
    match kind:
        case RuleKind.gap:
            field = draw(st.sampled_from(tuple(Numeric)))
            lo = draw(st.none() | st.integers(-5, 10))
            hi = draw(st.none() | st.integers(-5, 15)) if lo is not None else draw(
                st.integers(-5, 15))
            if lo is not None and hi is not None and lo > hi:
                lo, hi = hi, lo
            return PairRule(kind=kind, field=field.value, min=lo, max=hi, tier=chosen_tier,
                            weight=weight)
        case RuleKind.share_topic:
            return PairRule(kind=kind, tier=chosen_tier, weight=weight)
        case RuleKind.allowed:
            field = draw(st.sampled_from((Attribute.organisation, Attribute.site,
                                          Attribute.gender, Attribute.subject)))
            pool = {Attribute.organisation: ORGANISATIONS, Attribute.site: SITES[1:],
                    Attribute.gender: ("male", "female"), Attribute.subject: SUBJECTS}[field]
            values = tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2)))
            return PairRule(kind=kind, field=field.value, values=values,
                            side=draw(st.sampled_from(tuple(RuleSide))), tier=chosen_tier,
                            weight=weight)
        case _:
            field = draw(st.sampled_from(tuple(Attribute)))
            return PairRule(kind=kind, field=field.value, tier=chosen_tier, weight=weight)


@st.composite
def with_departments(draw, bank: Bank) -> Bank:
    """The bank with departments and priorities drawn for everyone."""
    people = [p.model_copy(update={"department": draw(st.sampled_from(DEPARTMENTS)),
                                   "priority": draw(st.integers(0, 3))})
              for p in bank.participants]
    return Bank.model_validate({"participants": [p.model_dump() for p in people],
                                "conflicts": [c.model_dump() for c in bank.conflicts]})
