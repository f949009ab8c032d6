"""The curator's monitoring page (issue 16): the at-risk list, whom to remind and the quality
figures, in Russian, for a programme whose pairs started long enough ago to owe surveys."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from matcher.lifecycle import DecisionAction
from matcher.model.monitoring import SurveyAnswer
from service import runs
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor
from service.runs.surveys import answer_survey
from tests.e2e.server import LOGIN
from tests.smtp_server import LocalSmtp
from tests.web.conftest import Pages


def test_the_page_lists_pairs_at_risk_and_whom_to_remind(signed_in: Pages) -> None:
    assert signed_in.import_sample().status_code == 200
    start = date.today() - timedelta(days=60)
    created = signed_in.create_programme("mon", start=start.isoformat(),
                                         end=(start + timedelta(days=220)).isoformat())
    assert created.status_code in (200, 303), created.text
    run_id = signed_in.run("mon")
    uow = SqlAlchemyUnitOfWork(signed_in.client.app.state.session_factory)
    with uow:
        user = uow.users.get_by_login(LOGIN)
        assert user is not None
    actor = Actor(user.id, user.login, user.role, user.organisation_id)
    items = runs.list_proposals(uow, actor, run_id).items
    assert items, "the sample school gives pairs"
    for stored in items:
        runs.decide(uow, actor, run_id, stored.pid, DecisionAction.confirm, stored.version)
    settings = signed_in.client.app.state.settings
    links = runs.create_links(uow, actor, run_id, None, key=settings.signing_key,
                              algorithm=settings.jwt_algorithm, days=5)
    token = {link.participant_id: link.token for link in links}
    first = items[0].proposal
    answer_survey(uow, token[first.mentor], items[0].pid, 1,
                  SurveyAnswer.model_validate({"kind": "fit", "fit": "bad"}),
                  key=settings.signing_key, algorithm=settings.jwt_algorithm)

    page = signed_in.client.get("/programmes/mon/monitoring")
    assert page.status_code == 200, page.text
    assert "Пары, которым нужна помощь (1)" in page.text
    assert f'data-proposal="{items[0].pid}"' in page.text
    assert "участник ответил, что пара не подходит" in page.text
    assert "Все ответили вовремя." in page.text  # confirmed today: nothing overdue yet
    assert 'data-group="form"' in page.text and "Качество программы" in page.text
    english = signed_in.client.get("/programmes/mon/monitoring",
                                   headers={"accept-language": "en"})
    assert "Pairs that need help (1)" in english.text
    form = signed_in.client.get("/programmes/mon")
    assert 'href="/programmes/mon/monitoring"' in form.text


def test_reminders_are_sent_by_email_after_a_confirmation(signed_in: Pages) -> None:
    """With SMTP configured (a local server started by the test) the page offers «Отправить
    напоминания»; without the confirmation ticked nothing is sent; with it each person with an
    address gets a letter, and the page names who has no address (issue 16, issue 12 item 7)."""
    assert signed_in.import_sample().status_code == 200
    start = date.today() - timedelta(days=60)
    created = signed_in.create_programme("mon", start=start.isoformat(),
                                         end=(start + timedelta(days=220)).isoformat())
    assert created.status_code in (200, 303), created.text
    run_id = signed_in.run("mon")
    uow = SqlAlchemyUnitOfWork(signed_in.client.app.state.session_factory)
    with uow:
        user = uow.users.get_by_login(LOGIN)
        assert user is not None
    actor = Actor(user.id, user.login, user.role, user.organisation_id)
    long_ago = datetime.combine(start, time(9), tzinfo=UTC)
    for stored in runs.list_proposals(uow, actor, run_id).items:
        runs.decide(uow, actor, run_id, stored.pid, DecisionAction.confirm, stored.version,
                    clock=lambda: long_ago)
    page = signed_in.client.get("/programmes/mon/monitoring")
    assert "Кому напомнить об анкете" in page.text and "Все ответили вовремя." not in page.text
    assert "Отправка писем не настроена (SMTP)" in page.text
    assert "Отправить напоминания" not in page.text

    settings = signed_in.client.app.state.settings
    with LocalSmtp() as server:
        settings.smtp_host, settings.smtp_port = server.host, server.port
        settings.smtp_from, settings.smtp_starttls = "nastavnik@school7.example", False
        page = signed_in.client.get("/programmes/mon/monitoring")
        assert "Отправить напоминания" in page.text and 'name="confirm"' in page.text
        unconfirmed = signed_in.post("/programmes/mon/monitoring/reminders")
        assert unconfirmed.status_code == 422 and "Отметьте, что письма можно отправить" in (
            unconfirmed.text)
        assert not server.letters
        done = signed_in.post("/programmes/mon/monitoring/reminders", {"confirm": "yes"})
        assert done.status_code == 200, done.text
        assert server.letters and all(d.recipients[0].endswith("school7.example")
                                      for d in server.letters)
        assert f"Отправлено писем: {len(server.letters)}" in done.text
        assert "Нет адреса электронной почты в банке" in done.text
        again = signed_in.post("/programmes/mon/monitoring/reminders", {"confirm": "yes"})
        assert "Отправлено писем: 0" in again.text and "Сегодня уже получили письмо" in again.text
        assert len(server.letters) == int(re.search(r"Отправлено писем: (\d+)",
                                                    done.text).group(1))
