"""Fixtures of the service tests: the sample school's bank and a programme of it, on the fake
unit of work."""

from __future__ import annotations

import pytest

from matcher.bank_io import read_bank
from matcher.model import Programme
from service import services
from service.domain import SYSTEM, UserRole
from tests.api.runs_helpers import SAMPLES, SCHOOL_7, programme_body
from tests.service.fakes import FakeUnitOfWork


@pytest.fixture
def uow() -> FakeUnitOfWork:
    """The sample school's bank and a programme of it, on the fake."""
    fake = FakeUnitOfWork()
    bank = read_bank(SAMPLES / "sample.json").bank
    for name in sorted({p.organisation for p in bank.participants}):
        fake.organisations.add(name, "")
    fake.users.add("curator", "Куратор", UserRole.curator, 3, "hash")
    fake.commit()
    assert fake.organisations.get(3).name == SCHOOL_7  # type: ignore[union-attr]
    rows = [services.ParsedRow(i, p) for i, p in enumerate(bank.participants, 1)]
    services.import_participants(fake, SYSTEM, rows, [], strict=True, conflicts=bank.conflicts)
    services.create_programme(fake, SYSTEM, Programme.model_validate(programme_body("P")), 3)
    return fake
