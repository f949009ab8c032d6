"""Russian and English labels of the domain's enums, for files, explanations and pages."""

from __future__ import annotations

from enum import StrEnum

from matcher.model import (
    Category,
    ConsentKind,
    Form,
    Frequency,
    Gender,
    Kind,
    MeetingFormat,
    Role,
    StudentModel,
    Weekday,
    WishLevel,
)

# enum member -> (Russian, English)
LABELS: dict[StrEnum, tuple[str, str]] = {
    Role.teacher: ("педагог", "teacher"),
    Role.leader: ("руководитель", "leader"),
    Role.student: ("обучающийся", "student"),
    Role.employer: ("работодатель", "employer"),
    Role.university_teacher: ("преподаватель вуза/колледжа", "university teacher"),
    Role.psychologist: ("педагог-психолог", "psychologist"),
    Form.teacher_teacher: ("педагог – педагог", "teacher – teacher"),
    # The forms in the seeds' words (000, 002, 003).
    Form.leader_teacher: ("руководитель образовательной организации – педагог",
                          "head of the organisation – teacher"),
    Form.employer_student: ("работодатель – ученик", "employer – student"),
    Form.student_student: ("ученик – ученик", "student – student"),
    Form.university_teacher_young_teacher: (
        "педагог вуза/колледжа – молодой педагог", "university teacher – young teacher"),
    Form.reverse: ("реверсивное наставничество", "reverse mentoring"),
    Form.leader_student: ("руководитель – ученик", "leader – student"),
    StudentModel.senior_junior: ("старший – младший", "senior – junior"),
    StudentModel.peer: ("равный – равному", "peer to peer"),
    Kind.individual: ("индивидуальное", "individual"),
    Kind.group: ("групповое", "group"),
    Kind.virtual: ("виртуальное", "virtual"),
    Kind.short_term: ("краткосрочное", "short-term"),
    Kind.situational: ("ситуационное", "situational"),
    Kind.speed: ("скоростное", "speed"),
    Category.none: ("без категории", "none"),
    Category.matches_position: ("соответствие занимаемой должности", "matches position"),
    Category.first: ("первая", "first"),
    Category.highest: ("высшая", "highest"),
    Category.methodist: ("педагог-методист", "methodist teacher"),
    Category.mentor_teacher: ("педагог-наставник", "mentor teacher"),
    Gender.male: ("м", "male"),
    Gender.female: ("ж", "female"),
    MeetingFormat.in_person: ("очно", "in person"),
    MeetingFormat.remote: ("дистанционно", "remote"),
    Frequency.weekly: ("еженедельно", "weekly"),
    Frequency.biweekly: ("раз в две недели", "every two weeks"),
    Frequency.monthly: ("ежемесячно", "monthly"),
    WishLevel.yes: ("да", "yes"),
    WishLevel.maybe: ("возможно", "maybe"),
    WishLevel.no: ("нет", "no"),
    ConsentKind.personal_data: (
        "согласие на обработку персональных данных", "personal data consent"),
    ConsentKind.mentor_duties: ("письменное согласие наставника", "mentor's written consent"),
    ConsentKind.participation: ("согласие на участие", "participation consent"),
    ConsentKind.guardian: ("согласие родителя (законного представителя)", "guardian's consent"),
    Weekday.mon: ("пн", "Mon"),
    Weekday.tue: ("вт", "Tue"),
    Weekday.wed: ("ср", "Wed"),
    Weekday.thu: ("чт", "Thu"),
    Weekday.fri: ("пт", "Fri"),
    Weekday.sat: ("сб", "Sat"),
    Weekday.sun: ("вс", "Sun"),
}


def label(member: StrEnum, lang: str = "ru") -> str:
    """The user-facing label of an enum member in Russian (default) or English."""
    ru, en = LABELS[member]
    return en if lang == "en" else ru
