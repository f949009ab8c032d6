"""Monitoring surveys as stored: one participant's answer to one survey about one pair. The
interface and its record; `service.db.surveys` implements it.

Answers belong to the pair, not to a run: a rerun carries a confirmed pair into a new run
under a new proposal id, and its monitoring goes on, so a pair is keyed by its mentor and
mentees (`pair_key`) within its programme."""

from __future__ import annotations

import abc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from matcher.model.monitoring import SurveyAnswer, SurveyKind


def pair_key(mentor: str, mentees: Iterable[str]) -> str:
    """The pair's identity across reruns: its mentor and its mentees."""
    return f"{mentor}|{','.join(sorted(mentees))}"


@dataclass(frozen=True)
class StoredSurvey:
    programme_id: str
    pair: str  # `pair_key`
    participant_id: str
    kind: SurveyKind
    seq: int
    answer: SurveyAnswer
    at: datetime
    run_id: int  # the run whose link it came through
    proposal_id: str
    id: int = 0


class SurveyRepository(abc.ABC):
    @abc.abstractmethod
    def put(self, survey: StoredSurvey) -> StoredSurvey:
        """Store the answer, replacing the participant's earlier answer to the same survey."""

    @abc.abstractmethod
    def list_for(self, programme_id: str) -> list[StoredSurvey]:
        """Every answer of the programme's pairs, oldest first."""

    @abc.abstractmethod
    def forget(self, participant_id: str) -> int:
        """Delete a participant's answers (a deleted person, retention); how many went."""
