"""Constants and enumerations of the domain: roles, forms, kinds, categories, consents, days,
and the serialisers of their sets."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field, PlainSerializer

from matcher.base import Frozen as Frozen
from matcher.messages.reasons import Reason as Reason

# A person born in this year or earlier is not a plausible participant; a later year is checked
# against the date the model is validated at (see Participant._check_birth_year).
MIN_BIRTH_YEAR = 1930
ADULT_AGE = 18
# Documented defaults of the programme's definitions (see `matcher.model.programme.Definitions`).
# The seeds say only «молодой/начинающий»: a beginner by experience, at any age unless a school
# sets an age limit (a common one is "under 35", exclusive).
YOUNG_SPECIALIST_MAX_AGE: int | None = None
YOUNG_SPECIALIST_MAX_EXPERIENCE = 3  # years, inclusive
MIN_STUDENT_AGE = 10  # 003: «в возрасте от 10 лет»
EMPLOYER_MIN_GRADE = 10  # 003 (3.1.3): «обучающегося старших классов»; college students too
PROGRAMME_MIN_MONTHS = 3  # 000: «от 3 месяцев до 1 года», counting the end day
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
    leader_student = "leader_student"  # 002 (1.4, 3.3): «руководитель – ученик»


class StudentModel(StrEnum):
    """Role model of the «ученик – ученик» form (003, 3.1.4)."""

    senior_junior = "senior_junior"  # «старший – младший»: the mentor is a stage of study higher
    peer = "peer"  # «равный – равному»: the same grade (course), an exchange of skills


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
    methodist = "methodist"  # «педагог-методист»
    mentor_teacher = "mentor_teacher"  # «педагог-наставник»


CATEGORY_RANK: dict[Category, int] = {
    Category.none: 0,
    Category.matches_position: 1,
    Category.first: 2,
    Category.highest: 3,
    Category.methodist: 4,
    Category.mentor_teacher: 4,
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
StudentModelSet = Annotated[
    frozenset[StudentModel], PlainSerializer(_sorted, return_type=list[str])]
KindSet = Annotated[frozenset[Kind], PlainSerializer(_sorted, return_type=list[str])]
FormatSet = Annotated[frozenset[MeetingFormat], PlainSerializer(_sorted, return_type=list[str])]

Level = Annotated[int, Field(ge=1, le=3)]
TopicId = Annotated[str, Field(min_length=1, pattern=r"^[a-z][a-z0-9_]*$")]
# A topic's block of the deficit diagnostic and who may ask for it (matcher.topics).
TopicBlock = Literal[
    "legal", "subject", "methodology", "psychology_pedagogy",
    "student_learning", "student_personal", "career",
]
TopicAudience = Literal["teacher", "student", "both"]
PersonId = Annotated[str, Field(min_length=1, max_length=64)]
