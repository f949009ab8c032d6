"""API schemas of the papers a school files: a pair's or group's personalised programme and
the curator's edit of it, the organisation's real numbers per school year, order settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from matcher.reports.plans import MAX_GOALS, MAX_LINES, MAX_MEETINGS, MAX_TEXT, PlanEdit, PlanLine
from service.schemas.base import DB_ID_MAX, Schema

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1,
                                        max_length=MAX_TEXT,
                                        pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class PlanLineBody(Schema):
    month: date = Field(description="Any day of the month; stored as its first day")
    activity: Text
    meetings: int = Field(ge=0, le=MAX_MEETINGS)


class PlanUpdate(Schema):
    """The curator's goals and plan lines; `version` is the plan's version you read (0 while
    it has never been edited)."""

    version: int = Field(ge=0, le=DB_ID_MAX)
    goals: list[Text] = Field(min_length=1, max_length=MAX_GOALS)
    lines: list[PlanLineBody] = Field(min_length=1, max_length=MAX_LINES)

    def edit(self) -> PlanEdit:
        return PlanEdit(tuple(self.goals), tuple(
            PlanLine(x.month.replace(day=1), x.activity, x.meetings) for x in self.lines))


class PlanLinePublic(BaseModel):
    month: date
    activity: str
    meetings: int


class CompetencyPublic(BaseModel):
    topic: str
    label: str
    level: int


class ResultPublic(BaseModel):
    result: str
    measure: str


class PlanPublic(BaseModel):
    """A personalised programme of one pair or group: generated from the run, with the
    curator's edit (goals, plan lines) in place when there is one."""

    run_id: int
    proposal_id: str
    number: int
    status: str
    draft: bool
    edited: bool
    version: int
    organisation: str
    programme_name: str
    mentor: str
    mentees: list[str]
    start: date
    end: date
    goals: list[str]
    difficulties: list[str]
    competencies: list[CompetencyPublic]
    lines: list[PlanLinePublic]
    results: list[ResultPublic]
    updated_at: datetime | None
    updated_by: str


class PlanList(BaseModel):
    items: list[PlanPublic]
