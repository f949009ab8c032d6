"""Monitoring a programme's pairs by questionnaire (001 stage 6, 000, 002): when each survey is
due and what a participant answers. The seeds ask for satisfaction and before/after measures;
platforms ask "good fit?" after the first meeting and a short quality check every few weeks."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from matcher.base import Frozen
from matcher.model.enums import TopicId


class SurveyKind(StrEnum):
    fit = "fit"  # after the acquaintance meeting: do we fit?
    quality = "quality"  # every few weeks: how is it going, how many meetings
    closing = "closing"  # near the end: goals reached per request topic, satisfaction


class FitAnswer(StrEnum):
    good = "good"  # a good fit
    deciding = "deciding"  # still deciding
    bad = "bad"  # not a good fit


class GoalLevel(StrEnum):
    reached = "reached"
    partly = "partly"
    not_reached = "not_reached"


class Monitoring(Frozen):
    """When a programme's surveys fall due, counted from the day a pair starts (its
    confirmation, or the programme's start if later). `quality_every_weeks` 0 turns the
    quality checks off; `remind_after_days` is how long an unanswered survey waits before the
    participant is listed for a reminder."""

    fit_after_days: Annotated[int, Field(ge=1, le=90)] = 14
    quality_every_weeks: Annotated[int, Field(ge=0, le=26)] = 6
    closing_before_end_days: Annotated[int, Field(ge=0, le=90)] = 14
    remind_after_days: Annotated[int, Field(ge=1, le=60)] = 7
    low_quality: Annotated[int, Field(ge=1, le=5)] = 2  # a quality at or below it is a risk


Score = Annotated[int, Field(ge=1, le=5)]


class SurveyAnswer(Frozen):
    """One participant's answer to one survey about one pair; the fields of its kind only."""

    kind: SurveyKind
    fit: FitAnswer | None = None
    met: bool | None = None  # fit: have we had the acquaintance meeting
    quality: Score | None = None  # quality: how useful the meetings are, 1–5
    meetings: Annotated[int, Field(ge=0, le=200)] | None = None  # quality: meetings since last
    satisfaction: Score | None = None  # closing: 1–5
    goals: dict[TopicId, GoalLevel] = Field(default_factory=dict, max_length=50)  # closing
    comment: str = Field("", max_length=1000)
