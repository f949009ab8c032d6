"""Monitoring a programme's pairs (issue 16): a simulated programme whose participants answer
the surveys through their links, with two early endings, gives the right quality figures,
at-risk list and reminders; answers are refused for someone else's pair and before a survey
opens; and what participants said feeds learning."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time, timedelta

import pytest
from docx import Document

from matcher.lifecycle import DecisionAction
from matcher.model import Form, Kind, Programme
from matcher.model.monitoring import FitAnswer, GoalLevel, SurveyAnswer, SurveyKind
from matcher.monitoring import PairWatch, Risk, quality_table, schedule
from service import runs, services
from service.domain import SYSTEM
from service.errors import InvalidData
from service.runs.learning import collect
from service.runs.surveys import answer_survey, monitoring, surveys_for_link
from tests.api.runs_helpers import programme_body
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import CURATOR

KEY, ALG = "k" * 32, "HS256"
TODAY = date.today()
START = TODAY - timedelta(days=100)


def at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)


@pytest.fixture
def programme(uow: FakeUnitOfWork) -> tuple[FakeUnitOfWork, int, dict[str, str]]:
    """Programme M, started 100 days ago: one run, every pair confirmed on the first day,
    a link for everyone."""
    body = programme_body("M", start=START.isoformat(),
                          end=(START + timedelta(days=200)).isoformat())
    services.create_programme(uow, SYSTEM, Programme.model_validate(body), 3)
    run = runs.start_run(uow, CURATOR, "M", clock=lambda: at(START))
    runs.execute_run(lambda: uow, run.id, clock=lambda: at(START))
    for stored in runs.list_proposals(uow, CURATOR, run.id).items:
        runs.decide(uow, CURATOR, run.id, stored.pid, DecisionAction.confirm, stored.version,
                    clock=lambda: at(START))
    links = runs.create_links(uow, CURATOR, run.id, None, key=KEY, algorithm=ALG, days=30,
                              clock=lambda: datetime.now(UTC))
    return uow, run.id, {link.participant_id: link.token for link in links}


def answer(uow: FakeUnitOfWork, token: str, proposal: str, seq: int, **fields: object) -> None:
    answer_survey(uow, token, proposal, seq, SurveyAnswer.model_validate(fields), key=KEY,
                  algorithm=ALG)


def test_a_simulated_programme(programme: tuple[FakeUnitOfWork, int, dict[str, str]]) -> None:
    uow, run_id, tokens = programme
    pairs = runs.list_proposals(uow, CURATOR, run_id).items
    assert len(pairs) >= 6, "the sample school should give at least six pairs or groups"
    good, no_fit, low, silent, ended_a, ended_b = pairs[:6]
    # Fit check (due 14 days after the start): both sides of "good" and of "low" answer.
    for stored in (good, low, ended_a):
        for person in (stored.proposal.mentor, *stored.proposal.mentees):
            answer(uow, tokens[person], stored.pid, 1, kind="fit", fit="good", met=True)
    answer(uow, tokens[no_fit.proposal.mentees[0]], no_fit.pid, 1, kind="fit", fit="bad",
           met=True, comment="разные ожидания")
    # First quality check (week 6): "good" rates 5 with 3 meetings, "low" rates 1.
    for person in (good.proposal.mentor, *good.proposal.mentees):
        answer(uow, tokens[person], good.pid, 1, kind="quality", quality=5, meetings=3)
    answer(uow, tokens[low.proposal.mentor], low.pid, 1, kind="quality", quality=1, meetings=0)
    # Two early endings, on the regulation's grounds (the curator ends them).
    for stored in (ended_a, ended_b):
        fresh = runs.get_proposal(uow, CURATOR, run_id, stored.pid)[0]
        runs.decide(uow, CURATOR, run_id, stored.pid, DecisionAction.end, fresh.version,
                    reason="перевод наставляемого в другую организацию",
                    clock=lambda: at(START + timedelta(days=50)))

    view = monitoring(uow, CURATOR, "M")
    risky = {p.watch.proposal_id: p.risks for p in view.at_risk}
    assert Risk.not_a_fit in risky[no_fit.pid]
    assert {Risk.low_quality, Risk.no_meeting} <= set(risky[low.pid])
    assert Risk.no_answer in risky[silent.pid] and silent.pid != good.pid
    assert ended_a.pid not in risky and ended_b.pid not in risky  # ended: not followed
    # "good" answered everything due so far except the second quality check (week 12)
    plan = services.get_programme(uow, CURATOR, "M").programme.monitoring
    due_now = [d for d in schedule(START, START + timedelta(days=200), plan)
               if (TODAY - d.on).days >= plan.remind_after_days]
    assert [(d.kind, d.seq) for d in due_now] == [(SurveyKind.fit, 1), (SurveyKind.quality, 1),
                                                  (SurveyKind.quality, 2)]
    good_people = {good.proposal.mentor, *good.proposal.mentees}
    owed = {(r.participant, r.due.kind, r.due.seq) for r, _ in view.reminders
            if r.participant in good_people}
    assert owed == {(p, SurveyKind.quality, 2) for p in good_people}
    assert Risk.no_answer in risky[good.pid]  # the week-12 check is a week overdue

    by = {(q.group, q.key): q for q in view.quality}
    expected: dict[str, list[int]] = {}  # form -> [fit answers, of them "good"]
    for stored, said in ((good, "good"), (low, "good"), (ended_a, "good"), (no_fit, "bad")):
        people = 1 if stored is no_fit else 1 + len(stored.proposal.mentees)
        row = expected.setdefault(stored.proposal.form.value, [0, 0])
        row[0] += people
        row[1] += people if said == "good" else 0
    for form, (answers, said_good) in expected.items():
        assert (by[("form", form)].fit_answers, by[("form", form)].fit_good) == (
            answers, said_good)
    total = sum(q.pairs for q in view.quality if q.group == "kind")
    assert total == len(view.pairs) and total == len(runs.list_proposals(uow, CURATOR,
                                                                          run_id).items)
    qualities = sorted(x for q in view.quality if q.group == "kind" for x in q.quality)
    assert qualities == [1, 5, 5]

    # The order on changes lists the two pairs ended early, with the ground given.
    _, order = runs.order_docx(uow, runs.run_context(uow, CURATOR, run_id), kind="changes")
    text = "\n".join(cell.text for table in Document(io.BytesIO(order)).tables
                     for row in table.rows for cell in row.cells)
    people = runs.run_context(uow, CURATOR, run_id).bank.by_id
    for stored in (ended_a, ended_b):
        assert people[stored.proposal.mentees[0]].full_name.split()[0] in text
    assert "перевод наставляемого в другую организацию" in text

    # What participants said decides the learning label: "no_fit" and "low" count as bad
    # although the curator confirmed them.
    outcomes = collect(uow, [services.get_programme(uow, CURATOR, "M")])
    assert outcomes.n_bad >= 2 + 2  # two said-bad pairs and two ended early


def test_answers_are_refused_for_another_pair_and_before_a_survey_opens(
        programme: tuple[FakeUnitOfWork, int, dict[str, str]]) -> None:
    uow, run_id, tokens = programme
    first, second = runs.list_proposals(uow, CURATOR, run_id).items[:2]
    outsider = tokens[second.proposal.mentor]
    with pytest.raises(InvalidData) as refused:
        answer(uow, outsider, first.pid, 1, kind="fit", fit="good", met=True)
    assert refused.value.errors[0].field == "proposal_id"
    mine = tokens[first.proposal.mentor]
    with pytest.raises(InvalidData) as early:
        answer(uow, mine, first.pid, 1, kind="closing", satisfaction=5)
    assert "откроется" in early.value.errors[0].message
    with pytest.raises(InvalidData) as missing:
        answer(uow, mine, first.pid, 1, kind="quality", quality=4)
    assert missing.value.errors[0].field == "meetings"
    with pytest.raises(InvalidData):
        answer(uow, mine, first.pid, 1, kind="fit", fit="good", goals={"nonsense": "reached"})


def test_the_participant_sees_only_their_own_open_surveys_and_can_correct_an_answer(
        programme: tuple[FakeUnitOfWork, int, dict[str, str]]) -> None:
    uow, run_id, tokens = programme
    first = runs.list_proposals(uow, CURATOR, run_id).items[0]
    token = tokens[first.proposal.mentees[0]]
    found = surveys_for_link(uow, token, key=KEY, algorithm=ALG)
    assert {o.proposal_id for o in found.open} == {first.pid}
    assert [(o.due.kind, o.due.seq) for o in found.open] == [
        (SurveyKind.fit, 1), (SurveyKind.quality, 1), (SurveyKind.quality, 2)]
    assert found.next_due is not None and found.next_due > TODAY
    answer(uow, token, first.pid, 1, kind="fit", fit="deciding", met=True)
    answer(uow, token, first.pid, 1, kind="fit", fit="good", met=True)
    again = surveys_for_link(uow, token, key=KEY, algorithm=ALG)
    fit = next(o for o in again.open if o.due.kind == SurveyKind.fit)
    assert fit.answer is not None and fit.answer.fit == FitAnswer.good
    assert len(uow.surveys.rows) == 1


def test_goal_levels_count_toward_the_goal_share() -> None:
    watch = PairWatch("1", "M", ("E",), Form.teacher_teacher, Kind.individual, 0.9, TODAY, {
        ("E", "closing", 1): SurveyAnswer(kind=SurveyKind.closing, satisfaction=4, goals={
            "a": GoalLevel.reached, "b": GoalLevel.partly, "c": GoalLevel.not_reached})})
    row = quality_table([watch])[0]
    assert row.goal_share == pytest.approx(0.5) and row.mean_satisfaction == 4
