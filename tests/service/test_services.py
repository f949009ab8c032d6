"""The use cases on the in-memory unit of work: access rules, versions, consents, import."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from matcher.errors import RowProblem
from matcher.model import Consent, ConsentKind, Programme, WishLevel
from service import services
from service.domain import SYSTEM, Actor, UserRole
from service.errors import (
    AlreadyExists,
    ConsentAlreadyGiven,
    Forbidden,
    ImportRejected,
    InvalidData,
    NoActiveConsent,
    NotEmpty,
    NotFound,
    VersionConflict,
)
from service.repositories import ParticipantQuery
from tests.factories import pending_mentee as person
from tests.service.fakes import FakeUnitOfWork

SCHOOL_A, SCHOOL_B = "Школа А", "Школа Б"
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def clock() -> datetime:
    return NOW


@pytest.fixture
def uow() -> FakeUnitOfWork:
    fake = FakeUnitOfWork()
    fake.organisations.add(SCHOOL_A, "")
    fake.organisations.add(SCHOOL_B, "")
    fake.commit()
    return fake


CURATOR_A = Actor(10, "curator_a", UserRole.curator, 1)
CURATOR_B = Actor(11, "curator_b", UserRole.curator, 2)
VIEWER_A = Actor(12, "viewer_a", UserRole.viewer, 1)


def test_create_records_audit_bumps_the_bank_and_commits(uow: FakeUnitOfWork) -> None:
    stored = services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A), clock=clock)
    assert (stored.version, stored.organisation_id) == (1, 1)
    assert uow.commits == 2
    assert uow.organisations.get(1).bank_version == 1  # type: ignore[union-attr]
    [entry] = uow.audit.rows
    assert (entry.actor, entry.action, entry.entity_id, entry.at) == (
        "curator_a", "create", "T1", NOW)
    assert entry.before is None and entry.after is not None and entry.after["_version"] == 1
    assert [(e.kind, e.action) for e in uow.consents.rows] == [
        (ConsentKind.personal_data, "given")]


def test_access_rules(uow: FakeUnitOfWork) -> None:
    with pytest.raises(Forbidden):
        services.create_participant(uow, CURATOR_B, person("T1", SCHOOL_A))
    with pytest.raises(Forbidden):
        services.create_participant(uow, VIEWER_A, person("T1", SCHOOL_A))
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    with pytest.raises(NotFound):  # ids are per organisation: B's bank has no T1
        services.get_participant(uow, CURATOR_B, "T1")
    with pytest.raises(Forbidden):  # and A's bank is not B's to read
        services.get_participant(uow, CURATOR_B, "T1", organisation_id=1)
    assert services.get_participant(uow, VIEWER_A, "T1").pid == "T1"
    items, total = services.search_participants(uow, CURATOR_B, ParticipantQuery())
    assert (items, total) == ([], 0)
    with pytest.raises(Forbidden):
        services.search_participants(uow, CURATOR_B, ParticipantQuery(organisation_id=1))
    with pytest.raises(Forbidden):
        services.read_audit(uow, CURATOR_A, services.AuditQuery())


def test_a_stale_version_is_refused_and_nothing_changes(uow: FakeUnitOfWork) -> None:
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    services.update_participant(uow, CURATOR_A, "T1", {"site": "первый"}, 1)
    commits = uow.commits
    with pytest.raises(VersionConflict) as caught:
        services.update_participant(uow, CURATOR_A, "T1", {"site": "второй"}, 1)
    assert caught.value.params == {"entity": "participant", "key": "T1", "expected": 1,
                                   "actual": 2}
    assert uow.commits == commits
    assert uow.participants.find("T1")[0].participant.site == "первый"  # type: ignore[union-attr]


def test_update_errors_name_fields(uow: FakeUnitOfWork) -> None:
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    with pytest.raises(InvalidData) as caught:
        services.update_participant(uow, CURATOR_A, "T1", {"birth_year": 1000}, 1)
    assert [e.field for e in caught.value.errors] == ["birth_year"]
    assert caught.value.errors[0].message == "значение должно быть не меньше 1930"
    with pytest.raises(InvalidData) as fixed:
        services.update_participant(uow, CURATOR_A, "T1", {"wishes": [], "id": "X"}, 1)
    assert [e.field for e in fixed.value.errors] == ["id", "wishes"]


def test_consents_are_events_reflected_into_the_participant(uow: FakeUnitOfWork) -> None:
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    kind = ConsentKind.participation
    after, _ = services.give_consent(uow, CURATOR_A, "T1", kind, date(2025, 9, 10), clock=clock)
    assert after.participant.consent_active(kind, date(2025, 12, 1))
    with pytest.raises(ConsentAlreadyGiven):
        services.give_consent(uow, CURATOR_A, "T1", kind, date(2025, 9, 11), clock=clock)
    after, event = services.revoke_consent(uow, CURATOR_A, "T1", kind, date(2025, 12, 1),
                                           clock=clock)
    assert not after.participant.consent_active(kind, date(2025, 12, 2))
    assert (event.action, event.on_date, event.recorded_at) == ("revoked", date(2025, 12, 1), NOW)
    with pytest.raises(NoActiveConsent):
        services.revoke_consent(uow, CURATOR_A, "T1", kind, date(2025, 12, 2), clock=clock)
    # given again after the revocation: a new consent, the old one stays in the record
    after, _ = services.give_consent(uow, CURATOR_A, "T1", kind, date(2026, 1, 10), clock=clock)
    assert len([c for c in after.participant.consents if c.kind == kind]) == 2
    _, history = services.consent_history(uow, VIEWER_A, "T1")
    assert [e.action for e in history] == ["given", "given", "revoked", "given"]


def test_wishes(uow: FakeUnitOfWork) -> None:
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    services.create_participant(uow, CURATOR_A, person("T2", SCHOOL_A))
    after = services.set_wish(uow, CURATOR_A, "T1", "T2", WishLevel.no)
    assert after.participant.wish_about("T2").level == WishLevel.no  # type: ignore[union-attr]
    after = services.delete_wish(uow, CURATOR_A, "T1", "T2")
    assert after.participant.wishes == () and after.version == 3


def test_organisation_with_people_is_kept(uow: FakeUnitOfWork) -> None:
    services.create_participant(uow, CURATOR_A, person("T1", SCHOOL_A))
    with pytest.raises(NotEmpty):
        services.delete_organisation(uow, SYSTEM, 1)
    services.delete_organisation(uow, SYSTEM, 2)
    assert [o.name for o in services.list_organisations(uow, SYSTEM)] == [SCHOOL_A]


def test_curator_programmes_cover_their_school_only(uow: FakeUnitOfWork) -> None:
    plain = Programme(id="P1", start=date(2025, 9, 1), end=date(2026, 5, 31))
    stored = services.create_programme(uow, CURATOR_A, plain)
    assert (stored.programme.organisations, stored.organisation_id) == ((SCHOOL_A,), 1)
    with pytest.raises(Forbidden):
        services.create_programme(uow, CURATOR_A, plain.model_copy(
            update={"id": "P2", "organisations": (SCHOOL_B,)}))
    with pytest.raises(AlreadyExists):
        services.create_programme(uow, CURATOR_A, plain)


def test_strict_import_with_an_error_stores_nothing(uow: FakeUnitOfWork) -> None:
    rows = [services.ParsedRow(1, person("T1", SCHOOL_A)),
            services.ParsedRow(2, person("B1", SCHOOL_B))]
    bad = [RowProblem(3, "birth_year", "1800", "слишком рано", participant="T3")]
    with pytest.raises(ImportRejected) as caught:
        services.import_participants(uow, CURATOR_A, rows, bad, strict=True)
    assert [(e.row, e.field) for e in caught.value.errors] == [
        (3, "birth_year"), (2, "organisation")]
    assert uow.participants.count() == 0 and uow.audit.rows == []
    report = services.import_participants(uow, CURATOR_A, rows, bad, strict=False)
    assert (report.created, len(report.errors)) == (["T1"], 2)
    assert uow.organisations.get(1).bank_version == 1  # type: ignore[union-attr]


def test_merge_consents_keeps_what_is_stored() -> None:
    pd = Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1))
    part = Consent(kind=ConsentKind.participation, given=date(2025, 9, 2))
    revoked_pd = Consent(kind=ConsentKind.personal_data, given=date(2025, 9, 1),
                         revoked=date(2025, 10, 1))
    merged, added, revoked = services.merge_consents((pd, part), (revoked_pd,))
    assert set(merged) == {revoked_pd, part} and added == [] and revoked == [revoked_pd]
    # an older file without the revocation does not undo it
    merged, added, revoked = services.merge_consents((revoked_pd,), (pd,))
    assert merged == (revoked_pd,) and added == revoked == []
