"""The proposal lifecycle, defined once: the states a proposal may be in, the curator's
decisions, which decision each state allows and where it leads, which decisions need a
reason, and the word for every state and decision in Russian and English.

The service's `decide` use case and its error messages, the review pages and the reports all
read it, so a page never offers a decision the service would refuse and a status is called
the same everywhere («проект» for a proposal the curator has not decided yet). An undo
(`UNDO`, `undo_target`) takes back the latest decision not yet undone.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Final, Literal

from matcher.model import ProposalStatus

__all__ = [
    "ACTION_WORDS",
    "REASON_REQUIRED",
    "STATUS_WORDS",
    "TRANSITIONS",
    "UNDO",
    "UNDO_WORDS",
    "DecisionAction",
    "ProposalStatus",
    "RecordedAction",
    "action_word",
    "actions_from",
    "allows",
    "needs_reason",
    "status_after",
    "status_word",
    "undo_target",
]


class DecisionAction(StrEnum):
    """What the curator does with a proposal."""

    confirm = "confirm"
    reject = "reject"
    lock = "lock"
    end = "end"


# What each decision does: the statuses it may start from, and the status it leads to.
TRANSITIONS: dict[DecisionAction, tuple[frozenset[ProposalStatus], ProposalStatus]] = {
    DecisionAction.confirm: (frozenset({ProposalStatus.proposed}), ProposalStatus.confirmed),
    DecisionAction.reject: (frozenset({ProposalStatus.proposed, ProposalStatus.confirmed}),
                            ProposalStatus.rejected),
    DecisionAction.lock: (frozenset({ProposalStatus.proposed, ProposalStatus.confirmed}),
                          ProposalStatus.locked),
    DecisionAction.end: (frozenset({ProposalStatus.confirmed, ProposalStatus.locked}),
                         ProposalStatus.ended),
}

# Rejecting and ending a pair are recorded with the curator's reason.
REASON_REQUIRED = frozenset({DecisionAction.reject, DecisionAction.end})

# status -> (Russian, English), as pages, reports, the order and error messages show it
STATUS_WORDS: dict[ProposalStatus, tuple[str, str]] = {
    ProposalStatus.proposed: ("проект", "proposed"),
    ProposalStatus.confirmed: ("подтверждено", "confirmed"),
    ProposalStatus.locked: ("закреплено", "locked"),
    ProposalStatus.rejected: ("отклонено", "rejected"),
    ProposalStatus.ended: ("завершено", "ended"),
}

# decision -> (Russian, English), the verb as it reads inside a sentence
ACTION_WORDS: dict[DecisionAction, tuple[str, str]] = {
    DecisionAction.confirm: ("подтвердить", "confirm"),
    DecisionAction.reject: ("отклонить", "reject"),
    DecisionAction.lock: ("закрепить", "lock"),
    DecisionAction.end: ("завершить", "end"),
}


def allows(status: ProposalStatus, action: DecisionAction) -> bool:
    """Whether a proposal in `status` may take `action`."""
    return status in TRANSITIONS[action][0]


def status_after(action: DecisionAction) -> ProposalStatus:
    """The status a proposal is in once `action` is taken."""
    return TRANSITIONS[action][1]


def actions_from(status: ProposalStatus) -> tuple[DecisionAction, ...]:
    """The decisions a proposal in `status` allows, in the order of `DecisionAction`."""
    return tuple(a for a in DecisionAction if allows(status, a))


def needs_reason(action: DecisionAction) -> bool:
    return action in REASON_REQUIRED


def status_word(status: ProposalStatus, lang: str = "ru") -> str:
    """The status in Russian (default) or English."""
    ru, en = STATUS_WORDS[status]
    return en if lang == "en" else ru


def action_word(action: DecisionAction, lang: str = "ru") -> str:
    """The decision's verb in Russian (default) or English, in lower case."""
    ru, en = ACTION_WORDS[action]
    return en if lang == "en" else ru


# Undoing a decision is recorded like a decision, with its own action word: it is not one of
# the curator's decisions (no status leads to it, none needs a reason) but it moves a proposal
# back to where the latest decision not yet undone found it, until the order is issued.
UNDO: Final = "undo"
RecordedAction = DecisionAction | Literal["undo"]
UNDO_WORDS: Final = ("отменить решение", "undo the decision")


def undo_target(history: Iterable[tuple[str, str]]) -> ProposalStatus | None:
    """The status an undo returns a proposal to, from its decisions oldest first as
    (action, status before): each undo takes back the latest decision not yet undone, so
    undoing again walks further back. None when nothing is left to undo."""
    stack: list[str] = []
    for action, before in history:
        if action == UNDO:
            if stack:
                stack.pop()
        else:
            stack.append(before)
    return ProposalStatus(stack[-1]) if stack else None
