"""The proposal lifecycle is defined once: every state and decision has its words, the pages
offer exactly the decisions the service accepts, and a status reads the same everywhere."""

from __future__ import annotations

import pytest

from matcher.lifecycle import (
    ACTION_WORDS,
    STATUS_WORDS,
    TRANSITIONS,
    DecisionAction,
    ProposalStatus,
    actions_from,
    allows,
    needs_reason,
    status_after,
    status_word,
)
from matcher.reports.common import status_label


def test_every_state_and_decision_has_words_in_both_languages() -> None:
    assert set(STATUS_WORDS) == set(ProposalStatus)
    assert set(ACTION_WORDS) == set(DecisionAction) == set(TRANSITIONS)
    for ru, en in [*STATUS_WORDS.values(), *ACTION_WORDS.values()]:
        assert ru and en and ru != en


def test_the_transitions_as_the_curator_knows_them() -> None:
    assert actions_from(ProposalStatus.proposed) == (
        DecisionAction.confirm, DecisionAction.reject, DecisionAction.lock)
    assert actions_from(ProposalStatus.confirmed) == (
        DecisionAction.reject, DecisionAction.lock, DecisionAction.end)
    assert actions_from(ProposalStatus.locked) == (DecisionAction.end,)
    assert actions_from(ProposalStatus.rejected) == ()
    assert actions_from(ProposalStatus.ended) == ()
    assert {a for a in DecisionAction if needs_reason(a)} == {
        DecisionAction.reject, DecisionAction.end}


@pytest.mark.parametrize("action", list(DecisionAction))
def test_no_decision_leads_back_to_where_it_may_start(action: DecisionAction) -> None:
    assert not allows(status_after(action), action)


def test_a_status_reads_the_same_on_pages_reports_and_errors() -> None:
    for status in ProposalStatus:
        for lang in ("ru", "en"):
            assert status_label(status, lang) == status_word(status, lang)
    assert status_word(ProposalStatus.proposed) == "проект"



def test_undo_takes_back_the_latest_decision_not_yet_undone() -> None:
    from matcher.lifecycle import UNDO, undo_target

    history = [("confirm", "proposed"), ("lock", "confirmed"), ("end", "locked")]
    assert undo_target(history) == ProposalStatus.locked
    assert undo_target([*history, (UNDO, "ended")]) == ProposalStatus.confirmed
    assert undo_target([*history, (UNDO, "ended"), (UNDO, "locked")]) == (
        ProposalStatus.proposed)
    assert undo_target([("reject", "proposed"), (UNDO, "rejected")]) is None
    assert undo_target([]) is None
    # a decision after an undo is undone first
    assert undo_target([("confirm", "proposed"), (UNDO, "confirmed"),
                        ("reject", "proposed")]) == ProposalStatus.proposed
