"""Reminders by e-mail (issue 16, issue 12 item 7): the people the monitoring lists get one
Russian letter each through a real SMTP conversation (a local server started by the test),
with their own link, the surveys and the due dates; a second press the same day sends nothing
again; people with no address and refused letters are reported; addresses stay out of the
audit log."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from matcher.lifecycle import DecisionAction
from matcher.model import Programme
from service import runs, services
from service.domain import SYSTEM, Actor, UserRole
from service.errors import Forbidden, MailFailed, MailOff
from service.mail import MailSettings
from service.repositories import AuditQuery
from service.runs.reminders import greeting_name, send_reminders
from service.runs.surveys import monitoring, surveys_for_link
from tests.api.runs_helpers import programme_body
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import CURATOR
from tests.smtp_server import LocalSmtp

KEY, ALG = "k" * 32, "HS256"
TODAY = date.today()
START = TODAY - timedelta(days=100)
BASE = "https://nastavnik.school7.example"


def at(day: date) -> datetime:
    """The start of `day` (UTC): a link issued "today" is never in the future, whatever the
    hour the suite runs at (a 9 o'clock token failed as not yet valid before 09:00 UTC)."""
    return datetime.combine(day, time(0), tzinfo=UTC)


@pytest.fixture
def followed(uow: FakeUnitOfWork) -> FakeUnitOfWork:
    """Programme M, started 100 days ago, every pair confirmed on its first day and nobody
    has answered: everyone in a pair owes the fit check and the first quality check."""
    body = programme_body("M", start=START.isoformat(),
                          end=(START + timedelta(days=200)).isoformat())
    services.create_programme(uow, SYSTEM, Programme.model_validate(body), 3)
    run = runs.start_run(uow, CURATOR, "M", clock=lambda: at(START))
    runs.execute_run(lambda: uow, run.id, clock=lambda: at(START))
    for stored in runs.list_proposals(uow, CURATOR, run.id).items:
        runs.decide(uow, CURATOR, run.id, stored.pid, DecisionAction.confirm, stored.version,
                    clock=lambda: at(START))
    return uow


def mail(server: LocalSmtp) -> MailSettings:
    return MailSettings(host=server.host, port=server.port, sender="nastavnik@school7.example",
                        starttls=False, sender_name="Наставничество, школа № 7")


def send(uow: FakeUnitOfWork, settings: MailSettings | None, day: date = TODAY,
         actor: Actor = CURATOR) -> runs.reminders.RemindersOutcome:
    return send_reminders(uow, actor, "M", mail=settings, key=KEY, algorithm=ALG, link_days=30,
                          base_url=BASE + "/", clock=lambda: at(day))


def emails(uow: FakeUnitOfWork) -> dict[str, str]:
    return {s.pid: s.participant.email for s in uow.participants.list_for([1, 2, 3])}


def test_one_letter_per_person_with_their_own_link_and_a_second_press_sends_nothing(
        followed: FakeUnitOfWork) -> None:
    uow = followed
    owing = {r.participant for r, _ in monitoring(uow, CURATOR, "M").reminders}
    addresses = emails(uow)
    with_address = {p for p in owing if addresses.get(p)}
    assert with_address and owing - with_address, "the sample has people with and without"
    with LocalSmtp() as server:
        outcome = send(uow, mail(server))
        assert {p.participant_id for p in outcome.sent} == with_address
        assert {p.participant_id for p in outcome.no_address} == owing - with_address
        assert not outcome.failed and not outcome.already_sent
        assert server.sessions == 1 and len(server.letters) == len(with_address)
        by_to = {d.recipients[0]: d for d in server.letters}
        assert set(by_to) == {addresses[p] for p in with_address}
        for person in outcome.sent:
            letter = by_to[addresses[person.participant_id]].message
            name = uow.programmes.get("M").programme.name  # type: ignore[union-attr]
            assert letter["Subject"] == f"Напоминание: анкета программы наставничества «{name}»"
            assert "school7.example" in letter["From"]
            text = letter.get_content()
            assert f"Здравствуйте, {greeting_name(person.name)}!" in text
            assert "«После знакомства», срок ответа — " in text
            assert "«Как идут встречи (1)»" in text
            for _, _, due in person.surveys:
                assert due.strftime("%d.%m.%Y") in text
            [token] = re.findall(re.escape(BASE) + r"/explain/([^/\s]+)/surveys", text)
            mine = surveys_for_link(uow, token, key=KEY, algorithm=ALG)
            assert mine.participant_id == person.participant_id  # their own link
            others = [a for p, a in addresses.items() if a and p != person.participant_id]
            assert not [a for a in others if a in text]

        again = send(uow, mail(server))
        assert not again.sent and len(server.letters) == len(with_address)
        assert {p.participant_id for p in again.already_sent} == with_address
        assert {p.participant_id for p in again.no_address} == owing - with_address
        # the next day the reminders go again (the surveys are still unanswered)
        tomorrow = send(uow, mail(server), TODAY + timedelta(days=1))
        assert {p.participant_id for p in tomorrow.sent} == with_address

    entries, _ = uow.audit.list(AuditQuery(entity="programme", entity_id="M",
                                           action="send_reminders"))
    assert len(entries) == 3
    logged = json.dumps([e.after for e in entries], ensure_ascii=False)
    assert "@" not in logged  # ids and surveys only, never an address
    assert entries[-1].after is not None and {
        s["participant"] for s in entries[-1].after["sent"]} == with_address


def test_a_refused_letter_is_reported_and_tried_again(followed: FakeUnitOfWork) -> None:
    uow = followed
    owing = sorted(r.participant for r, _ in monitoring(uow, CURATOR, "M").reminders
                   if emails(uow).get(r.participant))
    victim = owing[0]
    stored = uow.participants.find(victim)[0]
    services.update_participant(uow, SYSTEM, victim, {"email": "refuse.me@school7.example"},
                                stored.version, organisation_id=stored.organisation_id)
    with LocalSmtp() as server:
        first = send(uow, mail(server))
        assert [p.participant_id for p, _ in first.failed] == [victim]
        assert "550" in first.failed[0][1]
        assert victim not in {p.participant_id for p in first.sent}
        assert len(server.letters) == len(first.sent)
        again = send(uow, mail(server))
        assert [p.participant_id for p, _ in again.failed] == [victim]  # tried again
        assert not again.sent


def test_without_smtp_nothing_is_sent_and_the_server_down_is_an_error(
        followed: FakeUnitOfWork) -> None:
    with pytest.raises(MailOff):
        send(followed, None)
    with LocalSmtp() as server:
        port = server.port
    down = MailSettings(host="127.0.0.1", port=port, sender="n@school7.example",
                        starttls=False)
    with pytest.raises(MailFailed):
        send(followed, down)
    assert followed.audit.list(AuditQuery(action="send_reminders"))[1] == 0


def test_a_viewer_cannot_send(followed: FakeUnitOfWork) -> None:
    viewer = Actor(9, "viewer", UserRole.viewer, 3)
    with LocalSmtp() as server, pytest.raises(Forbidden):
        send(followed, mail(server), actor=viewer)
    assert not server.letters


def test_links_in_letters_start_with_the_public_address_when_it_is_set() -> None:
    from pydantic import ValidationError

    from service.config import Settings

    assert Settings().link_base("http://127.0.0.1:8000/") == "http://127.0.0.1:8000/"
    public = Settings(public_url="https://nastavnik.school.ru")
    assert public.link_base("http://attacker.example/") == "https://nastavnik.school.ru"
    for bad in ("javascript:alert(1)", "https://a.ru/path?x=1", "nastavnik.school.ru"):
        with pytest.raises(ValidationError):
            Settings(public_url=bad)
