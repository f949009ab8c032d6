"""After the match: what participants answered through their links, the alternates each run keeps
per mentee, and the recorded changes of pairs (ended, replaced, extended, form changed,
declined, an alternate proposed). The interface and its records; `service.db.aftermatch`
implements it."""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from matcher.aftermatch import AnswerKind, ChangeKind, Ground, Initiator
from matcher.model import Proposal
from matcher.solver.alternates import Alternate


@dataclass(frozen=True)
class StoredAnswer:
    """One answer a participant gave through their link: accept or decline a pair (with an
    optional reason), or their wishes after the acquaintance meeting (`answer` None)."""

    run_id: int
    proposal_id: str
    participant_id: str
    answer: AnswerKind | None
    at: datetime
    reason: str = ""
    wishes: tuple[dict[str, Any], ...] = ()  # {"target", "level", "rank"}
    link_id: int | None = None
    id: int = 0


@dataclass(frozen=True)
class PairChange:
    """A recorded change of a pair: what, on which ground, on whose initiative, by whom."""

    run_id: int
    proposal_id: str
    change: ChangeKind
    ground: Ground
    initiator: Initiator
    mentor: str
    mentees: tuple[str, ...]
    at: datetime
    actor: str
    note: str = ""
    new_proposal_id: str = ""
    extended_until: date | None = None
    new_form: str = ""
    new_kind: str = ""
    actor_id: int | None = None
    id: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class AfterMatchRepository(abc.ABC):
    @abc.abstractmethod
    def add_answer(self, answer: StoredAnswer) -> StoredAnswer: ...

    @abc.abstractmethod
    def answers(self, run_id: int, proposal_id: str | None = None,
                participant_id: str | None = None) -> list[StoredAnswer]:
        """Answers of the run (of one proposal, of one person), oldest first."""

    @abc.abstractmethod
    def forget(self, participant_id: str) -> int:
        """Delete a participant's answers (a deleted person); how many went. The changes of
        pairs stay: they are what the orders on changes were made from."""

    @abc.abstractmethod
    def set_alternates(self, run_id: int, alternates: list[Alternate]) -> None: ...

    @abc.abstractmethod
    def alternates(self, run_id: int, mentee: str) -> list[Alternate]:
        """The run's alternates for the mentee, best first."""

    @abc.abstractmethod
    def append_proposal(self, run_id: int, proposal: Proposal, at: datetime, by: str) -> int:
        """Add a proposal to a finished run after its others (an alternate proposed in place
        of a pair that went); its position in the run."""

    @abc.abstractmethod
    def add_change(self, change: PairChange) -> PairChange: ...

    @abc.abstractmethod
    def changes(self, run_ids: list[int]) -> list[PairChange]:
        """Changes recorded on these runs, oldest first."""
