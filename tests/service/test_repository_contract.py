"""The fake and the SQLAlchemy repositories keep one contract, so unit tests on the fake
mean something; and two writers racing on one version cannot both win."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from matcher.model import Participant
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.errors import AlreadyExists, NotFound, VersionConflict
from service.repositories import ParticipantQuery
from service.unit_of_work import AbstractUnitOfWork
from tests.service.fakes import FakeUnitOfWork

AT = datetime(2026, 1, 1, tzinfo=UTC)


def person(pid: str, name: str, subjects: tuple[str, ...] = ()) -> Participant:
    return Participant(id=pid, full_name=name, role="teacher", organisation="Школа",
                       birth_year=1990, subjects=subjects)


@pytest.fixture(params=["fake", "sqlite"])
def make_uow(request: pytest.FixtureRequest,
             tmp_path: Path) -> Iterator[Callable[[], AbstractUnitOfWork]]:
    if request.param == "fake":
        fake = FakeUnitOfWork()
        yield lambda: fake
        return
    url = f"sqlite:///{tmp_path / 'contract.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    yield lambda: SqlAlchemyUnitOfWork(factory)
    engine.dispose()


def seeded(make_uow: Callable[[], AbstractUnitOfWork]) -> int:
    with make_uow() as uow:
        org = uow.organisations.add("Школа", "")
        uow.participants.add(person("T1", "Ёлкина Анна", ("Математика", "Физика")), org.id, AT)
        uow.participants.add(person("T2", "Петров Олег"), org.id, AT)
        uow.commit()
    return org.id


def test_versions_and_errors(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        updated = uow.participants.update(person("T1", "Ёлкина А."), org_id, 1, AT)
        assert updated.version == 2
        with pytest.raises(VersionConflict):
            uow.participants.update(person("T1", "Другое"), org_id, 1, AT)
        with pytest.raises(NotFound):
            uow.participants.delete("NOPE", 1)
        uow.commit()
    with make_uow() as uow:
        stored = uow.participants.get("T1")
        assert stored is not None and (stored.version, stored.participant.full_name) == (
            2, "Ёлкина А.")
        with pytest.raises(AlreadyExists):
            uow.participants.add(person("T2", "Дубль"), org_id, AT)


def test_uncommitted_work_is_rolled_back(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        uow.participants.add(person("T3", "Новый"), org_id, AT)
        uow.organisations.bump_bank_version(org_id)
    with make_uow() as uow:
        assert uow.participants.get("T3") is None
        assert uow.organisations.get(org_id).bank_version == 0  # type: ignore[union-attr]


def test_search_semantics(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    seeded(make_uow)
    with make_uow() as uow:
        def ids(**kw: object) -> list[str]:
            return [s.pid for s in uow.participants.search(ParticipantQuery(**kw))[0]]

        assert ids(name="елкина") == ["T1"]
        assert ids(subject="ФИЗИКА") == ["T1"]
        assert ids(subject="физ") == []
        assert ids(limit=1, offset=1) == ["T2"]
        assert uow.participants.search(ParticipantQuery(limit=1))[1] == 2


def test_two_writers_on_one_version_cannot_both_win(tmp_path: Path) -> None:
    """Both units of work read version 1 before either writes: the second write must fail
    in the database itself (no in-Python check could see the other transaction)."""
    url = f"sqlite:///{tmp_path / 'race.db'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    factory = make_session_factory(engine)
    org_id = seeded(lambda: SqlAlchemyUnitOfWork(factory))
    first, second = SqlAlchemyUnitOfWork(factory), SqlAlchemyUnitOfWork(factory)
    with first, second:
        a, b = first.participants.get("T1"), second.participants.get("T1")
        assert a is not None and b is not None and a.version == b.version == 1
        second.session.commit()  # end the reader's snapshot, as a new request would
        first.participants.update(person("T1", "от первого"), org_id, a.version, AT)
        first.commit()
        with pytest.raises(VersionConflict):
            second.participants.update(person("T1", "от второго"), org_id, b.version, AT)
    with SqlAlchemyUnitOfWork(factory) as uow:
        kept = uow.participants.get("T1")
        assert kept is not None and kept.participant.full_name == "от первого"
    engine.dispose()
