"""The fake and the SQLAlchemy repositories keep one contract, so unit tests on the fake
mean something; and two writers racing on one version cannot both win."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from matcher.model import Programme, Proposal, ProposalStatus
from service.db import migrate
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Decision, DecisionAction, RunStage, RunStatus, StoredRun
from service.errors import AlreadyExists, NotFound, VersionConflict
from service.repositories import ParticipantQuery
from service.unit_of_work import AbstractUnitOfWork
from tests.factories import person
from tests.service.fakes import FakeUnitOfWork

AT = datetime(2026, 1, 1, tzinfo=UTC)


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
        elkina = person("T1", full_name="Ёлкина Анна", subjects=("Математика", "Физика"))
        uow.participants.add(elkina, org.id, AT)
        uow.participants.add(person("T2", full_name="Петров Олег"), org.id, AT)
        uow.commit()
    return org.id


def test_versions_and_errors(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        updated = uow.participants.update(person("T1", full_name="Ёлкина А."), org_id, 1,
                                          AT)
        assert updated.version == 2
        with pytest.raises(VersionConflict):
            uow.participants.update(person("T1", full_name="Другое"), org_id, 1, AT)
        with pytest.raises(NotFound):
            uow.participants.delete(org_id, "NOPE", 1)
        uow.commit()
    with make_uow() as uow:
        stored = uow.participants.get(org_id, "T1")
        assert stored is not None and (stored.version, stored.participant.full_name) == (
            2, "Ёлкина А.")
        with pytest.raises(AlreadyExists):
            uow.participants.add(person("T2", full_name="Дубль"), org_id, AT)


def test_uncommitted_work_is_rolled_back(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        uow.participants.add(person("T3", full_name="Новый"), org_id, AT)
        uow.organisations.bump_bank_version(org_id)
    with make_uow() as uow:
        assert uow.participants.get(org_id, "T3") is None
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
        a, b = first.participants.get(org_id, "T1"), second.participants.get(org_id, "T1")
        assert a is not None and b is not None and a.version == b.version == 1
        second.session.commit()  # end the reader's snapshot, as a new request would
        first.participants.update(person("T1", full_name="от первого"), org_id, a.version,
                                  AT)
        first.commit()
        with pytest.raises(VersionConflict):
            second.participants.update(person("T1", full_name="от второго"), org_id,
                                       b.version, AT)
    with SqlAlchemyUnitOfWork(factory) as uow:
        kept = uow.participants.get(org_id, "T1")
        assert kept is not None and kept.participant.full_name == "от первого"
    engine.dispose()


def test_conflicts_contract(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        stored = uow.conflicts.add(org_id, "T2", "T1", "note", AT, "curator")
        assert (stored.a, stored.b) == ("T1", "T2")  # in the order the participants were added
        assert uow.conflicts.find(org_id, "T2", "T1") == stored == uow.conflicts.get(stored.id)
        with pytest.raises(NotFound):
            uow.conflicts.add(org_id, "T1", "NOPE", "", AT, "curator")
        uow.commit()
    with make_uow() as uow:
        assert [c.id for c in uow.conflicts.list_for([org_id])] == [stored.id]
        assert uow.conflicts.list_for([org_id + 1]) == []
        uow.conflicts.delete(stored.id)
        uow.commit()
    with make_uow() as uow:
        assert uow.conflicts.find(org_id, "T1", "T2") is None


def test_runs_and_proposals_contract(make_uow: Callable[[], AbstractUnitOfWork]) -> None:
    org_id = seeded(make_uow)
    with make_uow() as uow:
        uow.programmes.add(Programme(id="P", start=date(2026, 9, 1), end=date(2027, 5, 31)),
                           org_id, AT)
        run = uow.runs.add(StoredRun(id=0, programme_id="P", organisation_id=org_id,
                                     status=RunStatus.queued, stage=RunStage.queued,
                                     progress=0.0, created_at=AT, created_by="c",
                                     created_by_id=None))
        uow.runs.start(run.id, AT, {"participants": []}, {"id": "P"}, f"{org_id}:0", {})
        uow.runs.finish(run.id, AT, {"r": 1}, {"proposals": 1})
        proposal = Proposal(id="X", mentor="T1", mentees=("T2",), form="teacher_teacher",
                            kind="individual", score=0.5)
        uow.proposals.add_all(run.id, [proposal], AT)
        uow.commit()
    with make_uow() as uow:
        light, full = uow.runs.get(run.id), uow.runs.get(run.id, full=True)
        assert light is not None and full is not None
        assert light.bank is None and full.result == {"r": 1} and full.bank_version == (
            f"{org_id}:0")
        assert uow.runs.latest("P", frozenset({RunStatus.done})) == light
        assert uow.runs.latest("P", frozenset({RunStatus.queued})) is None
        assert uow.runs.count_for("P") == 1 and uow.runs.unfinished() == []
        stored = uow.proposals.get(run.id, "X")
        assert stored is not None and stored.version == 1
        confirmed = proposal.model_copy(update={"status": ProposalStatus.confirmed})
        after = uow.proposals.update(stored, confirmed, 1, AT, "c")
        assert after.version == 2
        with pytest.raises(VersionConflict):
            uow.proposals.update(stored, confirmed, 1, AT, "c")
        assert [p.pid for p in uow.proposals.list_for(run.id, ProposalStatus.confirmed)] == ["X"]
        assert uow.proposals.list_for(run.id, ProposalStatus.proposed) == []
        decision = uow.proposals.add_decision(Decision(
            run_id=run.id, proposal_id="X", action=DecisionAction.confirm,
            status_before="proposed", status_after="confirmed", reason="", at=AT, actor="c"))
        assert decision.id is not None
        assert uow.proposals.decisions(run.id, "X") == [decision]
