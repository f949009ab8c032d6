"""Ids per organisation in the use cases (on the fake): each school's «T1» is its own, a joint
bank refuses ids two of its schools share, and consents and conflicts stay in their bank."""

from __future__ import annotations

from datetime import date

import pytest

from matcher.model import ConsentKind
from service import services
from service.domain import SYSTEM, Actor, UserRole
from service.errors import InvalidData
from tests.factories import pending_mentee as person
from tests.service.fakes import FakeUnitOfWork

SCHOOL_A, SCHOOL_B = "Школа А", "Школа Б"
CURATOR_A = Actor(10, "curator_a", UserRole.curator, 1)
CURATOR_B = Actor(11, "curator_b", UserRole.curator, 2)


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.organisations.add(SCHOOL_A, "")
    fake.organisations.add(SCHOOL_B, "")
    fake.commit()
    services.create_participant(fake, CURATOR_A, person("T1", SCHOOL_A))
    services.create_participant(fake, CURATOR_A, person("T2", SCHOOL_A))
    services.create_participant(fake, CURATOR_B, person("T1", SCHOOL_B))
    return fake


def test_each_school_acts_on_its_own_t1(uow: FakeUnitOfWork) -> None:
    services.give_consent(uow, CURATOR_B, "T1", ConsentKind.participation, date(2025, 9, 5))
    a, events_a = services.consent_history(uow, CURATOR_A, "T1")
    b, events_b = services.consent_history(uow, CURATOR_B, "T1")
    assert (a.organisation_id, b.organisation_id) == (1, 2)
    assert ConsentKind.participation in {e.kind for e in events_b}
    assert ConsentKind.participation not in {e.kind for e in events_a}
    services.delete_participant(uow, CURATOR_A, "T1")
    assert services.get_participant(uow, CURATOR_B, "T1").organisation_id == 2


def test_a_conflict_is_within_one_bank(uow: FakeUnitOfWork) -> None:
    stored = services.add_conflict(uow, CURATOR_A, 1, "T1", "T2")
    assert uow.conflicts.find(1, "T1", "T2") == stored
    assert uow.conflicts.find(2, "T1", "T2") is None
    with pytest.raises(InvalidData) as caught:  # B has no T2
        services.add_conflict(uow, CURATOR_B, 2, "T1", "T2")
    assert caught.value.errors[0].field == "b"


def test_a_joint_bank_refuses_ids_its_schools_share(uow: FakeUnitOfWork) -> None:
    assert len(services.load_bank(uow, SYSTEM, [1]).bank.participants) == 2
    with pytest.raises(InvalidData) as caught:
        services.load_bank(uow, SYSTEM, [1, 2])
    [error] = caught.value.errors
    assert error.field == "organisations" and "(T1)" in error.message
