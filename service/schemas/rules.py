"""Schemas of "simulate for one person" (issue 17): the request and what each rule does."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field

from matcher.model import PairRule, Tier
from matcher.model.rules import MAX_RULES
from matcher.scoring.simulate import Simulation
from service.schemas.base import Schema


class SimulateRequest(Schema):
    mentee_id: Annotated[str, Field(min_length=1, max_length=200)]
    rules: Annotated[list[PairRule], Field(max_length=MAX_RULES)] | None = Field(
        None, description="Rules to try instead of the stored ones (nothing is saved)")
    k: int = Field(10, ge=1, le=50, description="How many best mentors to list")


class RuleEffectPublic(BaseModel):
    rule: PairRule
    tier: Tier
    text_ru: str
    text_en: str
    keeping: int = Field(description="Mentors (eligible by every other rule) who keep it")
    breaking: list[str] = Field(description="Mentors who break it: excluded if required")


class MentorScore(BaseModel):
    mentor_id: str
    score: float


class SimulationPublic(BaseModel):
    mentee_id: str
    base: int = Field(description="Mentors eligible by every hard rule but the programme's own")
    eligible: int = Field(description="Of those, mentors keeping every required rule")
    effects: list[RuleEffectPublic]
    best: list[MentorScore]
    best_without_rules: list[MentorScore]

    @classmethod
    def of(cls, s: Simulation) -> SimulationPublic:
        return cls(
            mentee_id=s.mentee, base=s.base, eligible=s.eligible,
            effects=[RuleEffectPublic(rule=e.rule, tier=e.rule.tier, text_ru=e.ru, text_en=e.en,
                                      keeping=e.keeping, breaking=list(e.breaking))
                     for e in s.effects],
            best=[MentorScore(mentor_id=m, score=v) for m, v in s.best],
            best_without_rules=[MentorScore(mentor_id=m, score=v) for m, v in s.best_without])
