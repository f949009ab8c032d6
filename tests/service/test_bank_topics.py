"""A person edited without a programme context (the person page, the API's participant
endpoints, consents, wishes) may hold the own topics of their organisation's programmes, as
an import for such a programme accepts them; another organisation's programme topics and
unknown topics are still refused (issue 12, one validation for every way in)."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.model import ConsentKind, Programme, ProgrammeTopic
from service import services
from service.domain import Actor, UserRole
from service.errors import InvalidData
from tests.factories import pending_mentee as person
from tests.service.fakes import FakeUnitOfWork

SCHOOL_A, SCHOOL_B = "Школа А", "Школа Б"
CURATOR_A = Actor(10, "curator_a", UserRole.curator, 1)
CURATOR_B = Actor(11, "curator_b", UserRole.curator, 2)
ROBOTICS = ProgrammeTopic(id="robotics", label_ru="Кружок робототехники",
                          synonyms=("робототехника",))


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.organisations.add(SCHOOL_A, "")
    fake.organisations.add(SCHOOL_B, "")
    fake.commit()
    services.create_programme(fake, CURATOR_A, Programme(
        id="P1", start=date(2025, 9, 1), end=date(2026, 5, 31), topics=(ROBOTICS,)))
    return fake


def test_a_topic_of_the_schools_programme_is_kept_through_every_edit(uow) -> None:
    stored = services.create_participant(
        uow, CURATOR_A, person("T1", SCHOOL_A, requests={"robotics": 3}))
    assert stored.participant.requests == {"robotics": 3}
    after, _ = services.give_consent(uow, CURATOR_A, "T1", ConsentKind.participation,
                                     date(2025, 9, 2))
    after = services.update_participant(uow, CURATOR_A, "T1", {"site": "корпус 2"},
                                        after.version)
    assert after.participant.requests == {"robotics": 3} and after.participant.site == "корпус 2"
    cells = services.edit_person(uow, CURATOR_A, "T1", {"position": "учитель технологии"},
                                 after.version)
    assert cells.participant.requests == {"robotics": 3}


def test_another_schools_programme_topic_and_an_unknown_one_are_refused(uow) -> None:
    with pytest.raises(InvalidData) as refused:
        services.create_participant(uow, CURATOR_B, person("T1", SCHOOL_B,
                                                           requests={"robotics": 2}))
    assert [e.field for e in refused.value.errors] == ["requests.robotics"]
    with pytest.raises(InvalidData):
        services.create_participant(uow, CURATOR_A, person("T2", SCHOOL_A,
                                                           requests={"astronomy": 2}))
