"""Learning from outcomes in the service (issue 16): which pairs count, whose outcomes are used,
and that nothing is suggested before there is enough to go on."""

from __future__ import annotations

import pytest

from matcher.learning import MIN_PAIRS, Verdict
from matcher.model import Programme, ProposalStatus
from service import services
from service.domain import SYSTEM, Decision
from service.errors import Forbidden
from service.runs.learning import learning_for
from tests.api.runs_helpers import programme_body
from tests.learning_cases import AT, judged, store_run
from tests.service.fakes import FakeUnitOfWork
from tests.service.run_cases import CURATOR, OTHER


def test_before_enough_outcomes_it_says_how_many_more_are_needed(uow: FakeUnitOfWork) -> None:
    store_run(uow, "P", 3, judged(20))
    view = learning_for(uow, CURATOR, "P")
    assert view.advice.verdict is Verdict.too_few and view.advice.pairs == 20
    assert view.needed == MIN_PAIRS - 20 and view.suggested_weights() is None


def test_enough_outcomes_suggest_the_component_that_decided_them(uow: FakeUnitOfWork) -> None:
    store_run(uow, "P", 3, judged(300, driver="shared_interests"))
    view = learning_for(uow, CURATOR, "P")
    assert view.scope == "organisation" and view.advice.verdict is Verdict.suggest
    weights = view.suggested_weights()
    assert weights is not None
    assert max(weights.as_dict(), key=weights.as_dict().__getitem__) == "shared_interests"
    stored = services.get_programme(uow, CURATOR, "P")
    assert stored.programme.weights == Programme.model_validate(
        programme_body("P")).weights  # nothing was changed by asking


def test_a_pair_two_runs_carried_counts_once_with_its_latest_status(uow: FakeUnitOfWork) -> None:
    first = judged(30)
    store_run(uow, "P", 3, first)
    # the rerun carries the same pairs; ten of them are back to "proposed" (not judged now)
    again = [p.model_copy(update={"status": ProposalStatus.proposed}) if i < 10 else p
             for i, p in enumerate(first)]
    store_run(uow, "P", 3, again)
    assert learning_for(uow, CURATOR, "P").advice.pairs == 20


def test_pairs_ended_early_count_as_not_working(uow: FakeUnitOfWork) -> None:
    pairs = [p.model_copy(update={"status": ProposalStatus.ended}) for p in judged(30)]
    run_id = store_run(uow, "P", 3, pairs)
    with uow:  # the end decisions, dated before the programme's end
        for p in pairs:
            uow.proposals.add_decision(Decision(
                run_id, p.id, "end", "confirmed", "ended", "ушёл из школы", AT, "curator"))
        uow.commit()
    advice = learning_for(uow, CURATOR, "P").advice
    assert advice.pairs == 30 and advice.bad == 30


def test_an_organisation_with_few_outcomes_learns_from_the_pool(uow: FakeUnitOfWork) -> None:
    services.create_programme(uow, SYSTEM, Programme.model_validate(programme_body("Q")), 1)
    store_run(uow, "P", 3, judged(10, prefix="A"))
    store_run(uow, "Q", 1, judged(300, prefix="B", driver="format_fit"))
    view = learning_for(uow, CURATOR, "P")
    assert view.scope == "pooled" and view.advice.pairs == 310
    assert view.advice.verdict is Verdict.suggest


def test_another_organisations_curator_cannot_read_it(uow: FakeUnitOfWork) -> None:
    with pytest.raises(Forbidden):
        learning_for(uow, OTHER, "P")
