"""API schemas of the papers a school files: a pair's or group's personalised programme and
the curator's edit of it, the organisation's real numbers per school year, order settings."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, model_validator

from matcher.messages import domain_error
from matcher.reports.order import MAX_SETTING, OrderSettings
from matcher.reports.plans import MAX_GOALS, MAX_LINES, MAX_MEETINGS, MAX_TEXT, PlanEdit, PlanLine
from matcher.reports.targets import (
    MAX_PEOPLE,
    Headcount,
    SchoolYearNumbers,
    school_year_text,
)
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


# --- an organisation's real numbers per school year ------------------------------------------

People = Annotated[int, Field(ge=0, le=MAX_PEOPLE)]
Target = Annotated[float | None, Field(ge=0, le=1, description="A share in [0, 1]; null: the "
                                                               "preset's (seed 002's table)")]


class SchoolYearBody(Schema):
    """The organisation's real numbers for a school year (students by level of education) and
    its own targets, if any."""

    teachers: People
    young_specialists: People = 0
    students_primary: People = Field(0, description="Grades 1–4")
    students_basic: People = Field(0, description="Grades 5–9")
    students_secondary: People = Field(0, description="Grades 10–11")
    students_college: People = 0
    target_teachers: Target = None
    target_students: Target = None

    @model_validator(mode="after")
    def _young_among_teachers(self) -> SchoolYearBody:
        if self.young_specialists > self.teachers:
            raise domain_error("year.involved_exceeds", involved=self.young_specialists,
                               total=self.teachers)
        return self

    def numbers(self, year: int) -> SchoolYearNumbers:
        head = Headcount(**self.model_dump(exclude={"target_teachers", "target_students"}))
        return SchoolYearNumbers(year, head, self.target_teachers, self.target_students)


class SchoolYearPublic(BaseModel):
    year: int = Field(description="The year the school year starts in: 2026 is 2026/2027")
    title: str
    teachers: int
    young_specialists: int
    students_primary: int
    students_basic: int
    students_secondary: int
    students_college: int
    students: int
    target_teachers: float | None
    target_students: float | None
    target_teachers_used: float | None = Field(description="Own, else the preset's")
    target_students_used: float | None
    updated_at: datetime
    updated_by: str

    @classmethod
    def of(cls, n: SchoolYearNumbers, updated_at: datetime, updated_by: str
           ) -> SchoolYearPublic:
        h = n.headcount
        return cls(year=n.year, title=school_year_text(n.year), teachers=h.teachers,
                   young_specialists=h.young_specialists, students_primary=h.students_primary,
                   students_basic=h.students_basic, students_secondary=h.students_secondary,
                   students_college=h.students_college, students=h.students,
                   target_teachers=n.target_teachers, target_students=n.target_students,
                   target_teachers_used=n.target("teachers")[0],
                   target_students_used=n.target("students")[0],
                   updated_at=updated_at, updated_by=updated_by)


# --- order settings ------------------------------------------------------------------------

Setting = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_SETTING,
                                           pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$")]


class OrderSettingsBody(Schema):
    """What the organisation's orders say unless filled in before download. Regulations as
    the preamble cites them, in the instrumental case: «Положением о системе наставничества
    педагогических работников МБОУ СОШ № 3»."""

    number: Setting = ""
    order_date: date | None = None
    director: Setting = Field("", description="The director's full name")
    curator: Setting = Field("", description="The curator's full name")
    curator_position: Setting = ""
    regulation_teachers: Setting = ""
    regulation_students: Setting = ""

    def settings(self) -> OrderSettings:
        return OrderSettings(**self.model_dump())

    @classmethod
    def of(cls, s: OrderSettings) -> OrderSettingsBody:
        return cls(**{name: getattr(s, name) for name in s.__dataclass_fields__})
