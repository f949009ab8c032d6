"""Use cases of access on the fake: sign-in locks that double and end, and the retention rule
that pseudonymises deleted people's data after N days and not before."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from service import security, services
from service.domain import SYSTEM, UserRole
from service.errors import BadCredentials, TooManyAttempts
from service.repositories import AuditQuery
from service.services.auth import Throttle, lock_seconds
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import finished_run

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
THROTTLE = Throttle(free_failures=5, address_free_failures=20, base_s=2, max_s=900)


def test_locks_double_with_each_failure_up_to_the_cap() -> None:
    assert [lock_seconds(n, 5, THROTTLE) for n in (0, 4, 5, 6, 7, 12)] == [0, 0, 2, 4, 8, 256]
    assert lock_seconds(40, 5, THROTTLE) == 900


def test_a_lock_refuses_even_the_right_password_and_ends(uow: FakeUnitOfWork) -> None:
    uow.users.add("ann", "Анна", UserRole.viewer, None, security.hash_password("right one 12"))
    uow.commit()
    now = [T0]

    def attempt(password: str) -> None:
        services.authenticate(uow, "ann", password, address="10.0.0.1", throttle=THROTTLE,
                              clock=lambda: now[0])

    for _ in range(5):
        with pytest.raises(BadCredentials):
            attempt("wrong")
    with pytest.raises(TooManyAttempts) as locked:
        attempt("right one 12")
    assert locked.value.retry_after == 2
    now[0] += timedelta(seconds=2)
    with pytest.raises(BadCredentials):
        attempt("wrong")  # the 6th failure: the next wait is 4 s
    now[0] += timedelta(seconds=3)
    with pytest.raises(TooManyAttempts) as again:
        attempt("right one 12")
    assert again.value.retry_after == 1
    now[0] += timedelta(seconds=1)
    assert attempt("right one 12") is None  # lock over: the right password works
    actions = [e.action for e in uow.audit.list(AuditQuery(entity="user"))[0]]
    assert actions.count("login_failed") == 6 and actions.count("login") == 1


def test_purge_pseudonymises_after_n_days_and_not_before(uow: FakeUnitOfWork) -> None:
    run_id = finished_run(uow)
    person = uow.participants.find("T05")[0]
    assert person is not None
    name, email = person.participant.full_name, person.participant.email
    services.delete_participant(uow, SYSTEM, "T05", clock=lambda: T0)

    def names() -> tuple[list[str], list[str]]:
        bank = uow.runs.get(run_id, full=True).bank  # type: ignore[union-attr]
        in_run = [p["full_name"] for p in bank["participants"] if p["id"] == "T05"]
        entries = uow.audit.list(AuditQuery(entity="participant", entity_id="T05"))[0]
        in_log = [s["full_name"] for e in entries for s in (e.before, e.after) if s]
        return in_run, in_log

    early = services.purge_deleted_personal_data(uow, T0 + timedelta(days=29), key="k", days=30)
    assert early.people == () and names() == ([name], [name, name])  # created, deleted
    report = services.purge_deleted_personal_data(uow, T0 + timedelta(days=30), key="k",
                                                  days=30)
    assert report.people == ("T05",) and report.runs == 1 and report.audit_entries == 2
    in_run, in_log = names()
    assert name not in in_run + in_log and set(in_run + in_log) == {in_run[0]}
    assert in_run[0].startswith("P-")
    bank = uow.runs.get(run_id, full=True).bank  # type: ignore[union-attr]
    [snapshot] = [p for p in bank["participants"] if p["id"] == "T05"]
    assert snapshot["birth_year"] % 10 == 0 and snapshot["experience_text"] == ""
    assert snapshot["email"] == "" and email
    entries = uow.audit.list(AuditQuery(entity="participant", entity_id="T05"))[0]
    assert [s.get("email") for e in entries for s in (e.before, e.after) if s] == ["", ""]
    # the others are untouched, the run still reads, and a second purge changes nothing
    assert any(p["full_name"] == uow.participants.find("T01")[0].participant.full_name  # type: ignore[union-attr]
               for p in bank["participants"])
    again = services.purge_deleted_personal_data(uow, T0 + timedelta(days=31), key="k", days=30)
    assert again.runs == 0 and again.audit_entries == 0
