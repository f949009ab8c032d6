"""What a run produces: proposals with their scores, the unmatched, the solver status."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Self

from pydantic import Field, model_validator

from matcher.base import Frozen as Frozen
from matcher.errors import Violation
from matcher.messages import domain_error
from matcher.messages.reasons import Reason as Reason
from matcher.model.enums import Form, Kind, PersonId, TopicId


class ProposalStatus(StrEnum):
    proposed = "proposed"
    confirmed = "confirmed"
    rejected = "rejected"
    locked = "locked"
    ended = "ended"


KEPT_STATUSES = frozenset({ProposalStatus.confirmed, ProposalStatus.locked})


class ComponentScore(Frozen):
    """One named component of a pair score with its weight and a filled-in reason."""

    name: str
    value: Annotated[float, Field(ge=0, le=1)]
    weight: Annotated[float, Field(ge=0)]
    reason: Reason

    @property
    def contribution(self) -> float:
        return self.value * self.weight


class PairScore(Frozen):
    """The score of one mentor–mentee pair inside a proposal, with its breakdown."""

    mentee: PersonId
    score: Annotated[float, Field(ge=0, le=1)]
    components: tuple[ComponentScore, ...] = ()


class Proposal(Frozen):
    """A suggested pair (one mentee) or group (several) with scores and a status."""

    id: str
    mentor: PersonId
    mentees: tuple[PersonId, ...]
    form: Form
    kind: Kind
    topics: tuple[TopicId, ...] = ()
    # A two-way pair («реверсивное наставничество» teaches both ways): what the mentee brings
    # the mentor in return (method topics), next to `topics`, what the mentor brings.
    return_topics: tuple[TopicId, ...] = ()
    score: Annotated[float, Field(ge=0, le=1)]
    pairs: tuple[PairScore, ...] = ()
    status: ProposalStatus = ProposalStatus.proposed
    status_reason: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if not self.mentees:
            raise domain_error("proposal_empty")
        if len(set(self.mentees)) != len(self.mentees):
            raise domain_error("proposal_repeated_mentee")
        if self.mentor in self.mentees:
            raise domain_error("proposal_self")
        if self.kind != Kind.group and len(self.mentees) > 1:
            raise domain_error("proposal_not_group")
        return self

    @property
    def is_group(self) -> bool:
        return self.kind == Kind.group


class Unmatched(Frozen):
    """A mentee left without (enough) mentors, with reasons and what the curator can do."""

    mentee: PersonId
    reasons: tuple[Reason, ...]
    suggestions: tuple[Reason, ...] = ()


class SolveStatus(StrEnum):
    optimal = "optimal"
    feasible = "feasible"  # stopped by the time limit with a solution and a bound


class RunResult(Frozen):
    """The outcome of one run of a programme over the banks as they were."""

    programme_id: str
    created_at: datetime
    bank_version: str = ""
    seed: int = 0
    solver: str = ""
    status: SolveStatus
    objective: float
    best_bound: float
    gap: Annotated[float, Field(ge=0)] = 0.0
    wall_time_s: Annotated[float, Field(ge=0)] = 0.0
    proposals: tuple[Proposal, ...] = ()
    unmatched: tuple[Unmatched, ...] = ()
    # Named figures of the run (coverage, score total, the score stability cost, ...) and where
    # the bank came from, so `why-not` can reload it.
    metrics: dict[str, float] = Field(default_factory=dict)
    bank_path: str = ""
    # What the independent validator (`matcher.validation.check`) found and let through:
    # warnings only, since a result that breaks a hard rule raises `InvalidResult` instead.
    violations: tuple[Violation, ...] = ()
