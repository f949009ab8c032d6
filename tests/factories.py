"""Builders for the domain objects tests make by hand: consents, participants, banks, programmes.

Each builder returns a valid object with plain defaults and takes any model field as a keyword
override, so a test states only what it is about (`teacher_mentee(requests={...})`). A leader,
an employer or a university teacher is a mentor builder with `role=` overridden. The defaults
are the ones the tests were written against (a 2026/27 school year, consents given on
01.08.2026): change them and the hand-computed expectations of many tests change with them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from matcher.model import (
    Bank,
    Category,
    Consent,
    ConsentKind,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    Role,
)

START = date(2026, 9, 1)
END = date(2027, 5, 31)
CONSENT_GIVEN = date(2026, 8, 1)


def consents(*kinds: ConsentKind, given: date = CONSENT_GIVEN,
             revoked: date | None = None) -> tuple[Consent, ...]:
    """One consent of each kind, all given (and revoked, if so) on the same days."""
    return tuple(Consent(kind=k, given=given, revoked=revoked) for k in kinds)


MENTOR_CONSENTS = consents(ConsentKind.personal_data, ConsentKind.mentor_duties)
MENTEE_CONSENTS = consents(ConsentKind.personal_data, ConsentKind.participation)


def person(pid: str = "p", **fields: Any) -> Participant:
    """A bare adult teacher in neither bank and without consents: for the model's own rules."""
    base: dict[str, Any] = {"id": pid, "full_name": "Иванова И. И.", "role": Role.teacher,
                            "organisation": "Школа", "birth_year": 1990}
    return Participant.model_validate(base | fields)


def teacher_mentor(pid: str = "m", *, revoked: date | None = None, **fields: Any) -> Participant:
    """An experienced teacher offering two places in teaching methods, with both consents
    (revoked on `revoked`, if given)."""
    base: dict[str, Any] = {
        "id": pid, "full_name": "Иванова Анна Петровна", "role": Role.teacher,
        "organisation": "Школа 1", "birth_year": 1975, "experience_years": 25,
        "competencies": {"teaching_methods": 3}, "mentor": MentorOffer(capacity_mentees=2),
        "consents": consents(ConsentKind.personal_data, ConsentKind.mentor_duties,
                             revoked=revoked),
    }
    return Participant.model_validate(base | fields)


def teacher_mentee(pid: str = "e", *, revoked: date | None = None, **fields: Any) -> Participant:
    """A first-year teacher asking for help with teaching methods, with both consents
    (revoked on `revoked`, if given)."""
    base: dict[str, Any] = {
        "id": pid, "full_name": "Петров Пётр Ильич", "role": Role.teacher,
        "organisation": "Школа 1", "birth_year": 2001, "experience_years": 1,
        "requests": {"teaching_methods": 3}, "mentee": MenteeRequest(),
        "consents": consents(ConsentKind.personal_data, ConsentKind.participation,
                             revoked=revoked),
    }
    return Participant.model_validate(base | fields)


def chemistry_mentor(pid: str = "m", **fields: Any) -> Participant:
    """A teacher mentor who prepares for the chemistry exam: a subject and a text to compare,
    for the scorer's subject and text components."""
    chemistry: dict[str, Any] = {
        "category": Category.highest, "subjects": ("Химия",),
        "competencies": {"teaching_methods": 3, "exam_preparation": 2},
        "experience_text": "Готовлю к ЕГЭ по химии, веду методическое объединение",
    }
    return teacher_mentor(pid, **(chemistry | fields))


def chemistry_mentee(pid: str = "e", **fields: Any) -> Participant:
    """A teacher mentee in chemistry who struggles with exam preparation."""
    chemistry: dict[str, Any] = {
        "subjects": ("химия",), "requests": {"teaching_methods": 3, "exam_preparation": 1},
        "difficulties_text": "Не умею готовить учеников к ЕГЭ по химии",
    }
    return teacher_mentee(pid, **(chemistry | fields))


def student(pid: str, grade: int, **fields: Any) -> Participant:
    """A school student of the given grade (age to match in 2026), in neither bank, with the
    consents both a minor mentor and a minor mentee need."""
    base: dict[str, Any] = {
        "id": pid, "full_name": f"Ученик {pid}", "role": Role.student, "organisation": "Школа 1",
        "birth_year": 2026 - 6 - grade, "grade": grade,
        "consents": (*MENTEE_CONSENTS, *consents(ConsentKind.guardian, ConsentKind.mentor_duties)),
    }
    return Participant.model_validate(base | fields)


def pending_mentee(pid: str, organisation: str, **fields: Any) -> Participant:
    """A teacher in the mentees' bank who has given only the personal-data consent (the
    participation consent is still to come): what a curator enters first."""
    base: dict[str, Any] = {
        "full_name": f"Участник {pid}", "organisation": organisation,
        "experience_years": 5, "mentee": {},
        "consents": [{"kind": "personal_data", "given": "2025-09-01"}],
    }
    return person(pid, **(base | fields))


def bank(*people: Participant, **fields: Any) -> Bank:
    """A bank of these people (and conflicts, if given)."""
    return Bank(participants=people, **fields)


def programme(pid: str = "p", **fields: Any) -> Programme:
    """A programme over the 2026/27 school year with the default forms, kinds and weights."""
    base: dict[str, Any] = {"id": pid, "start": START, "end": END}
    return Programme.model_validate(base | fields)
