"""The curator's monitoring page (issue 16): the at-risk list, whom to remind and the quality
figures, in Russian, for a programme whose pairs started long enough ago to owe surveys."""

from __future__ import annotations

from datetime import date, timedelta

from matcher.lifecycle import DecisionAction
from matcher.model.monitoring import SurveyAnswer
from service import runs
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import Actor
from service.runs.surveys import answer_survey
from tests.e2e.server import LOGIN
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
