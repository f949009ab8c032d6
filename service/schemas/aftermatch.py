"""Schemas of what happens after the match: a participant's answer through their link, the
alternates of a proposal, the changes of a pair and the order on changes."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from matcher.aftermatch import AnswerKind, ChangeKind, Ground, Initiator
from matcher.model import Form, Kind, WishLevel
from service.schemas.base import DB_ID_MAX, Schema


class WishIn(Schema):
    target: str = Field(max_length=64, description="A person of your own pair")
    level: WishLevel
    rank: int | None = Field(None, ge=1, le=DB_ID_MAX, description="1 is your first choice")


class AnswerBody(Schema):
    """Accept or decline one of your pairs (optional reason), and/or your wishes after the
    acquaintance meeting about the people of that pair."""

    proposal_id: str = Field(max_length=64)
    answer: AnswerKind | None = None
    reason: str = Field("", max_length=1000)
    wishes: list[WishIn] = Field(default_factory=list, max_length=20)


class AnswerPublic(BaseModel):
    participant_id: str
    proposal_id: str
    answer: AnswerKind | None
    reason: str
    wishes: list[dict[str, object]]
    at: datetime


class AnswerOutcomePublic(BaseModel):
    answer: AnswerPublic
    freed: bool = Field(description="The pair was freed (declined) and alternates proposed")
    next_step: str = Field(description="What happens next, in your language")


class ProposalAnswers(BaseModel):
    """What the participants answered on a proposal, oldest first, with their names."""

    proposal_id: str
    answers: list[AnswerPublic]
    names: dict[str, str]


class AlternatePublic(BaseModel):
    mentee: str
    mentor: str
    mentor_name: str
    rank: int
    score: float
    form: Form
    kind: Kind
    coverage_cost: int = Field(description="Unmatched mentees who would lose their only place")
    available: bool = Field(description="A place left and the pair not refused, as of now")


class ChangeBody(Schema):
    version: int = Field(ge=1, le=DB_ID_MAX, description="The proposal's version you read")
    change: ChangeKind
    ground: Ground
    initiator: Initiator
    note: str = Field("", max_length=1000)
    extended_until: date | None = None
    new_form: Form | None = None
    new_kind: Kind | None = None


class PairChangePublic(BaseModel):
    proposal_id: str
    change: ChangeKind
    ground: Ground
    initiator: Initiator
    mentor: str
    mentees: list[str]
    note: str
    new_proposal_id: str
    extended_until: date | None
    new_form: str
    new_kind: str
    at: datetime
    actor: str


class OrderPointPublic(BaseModel):
    number: int
    change: ChangeKind
    text: str
    mentor: str
    mentees: list[str]
    ground: Ground
    initiator: Initiator
    at: date


class OrderOnChangesPublic(BaseModel):
    title: str
    preamble: str
    organisation: str
    programme_name: str
    points: list[OrderPointPublic]
