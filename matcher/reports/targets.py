"""The organisation's real numbers per school year and the target indicators they are measured
against.

A bank holds only the volunteers and the people with a request, so its head count is no
denominator for the regulations' indicators («доля педагогов, вовлечённых в наставничество»,
«охват обучающихся»): the organisation records its real numbers of teachers, young
specialists and students by level of education for each school year, and the report divides
by them.

Targets are indexed by year. The preset is the table of seed 002 («Целевые показатели»:
students at least 10% in 2021 up to 50% in 2025, teachers at least 10% in 2020 up to 60% in
2024); a year after the table's last keeps its last value, a year before its first has no
target. A school year is named by the year it starts in (2026 is 2026/2027) and takes the
target of the calendar year it ends in, when its results are counted: 2023/2024 is measured
against «не менее 60 % в 2024 году» for teachers. An organisation may set its own targets for
a school year instead.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from matcher.reports.common import Audience

TargetSource = Literal["organisation", "preset", "programme"]

# Seed 002 (ГБОУ школа № 644), «Целевые показатели»: calendar year -> minimum share.
PRESET_002: dict[Audience, dict[int, float]] = {
    "students": {2021: 0.10, 2022: 0.20, 2023: 0.30, 2024: 0.40, 2025: 0.50},
    "teachers": {2020: 0.10, 2021: 0.20, 2022: 0.30, 2023: 0.50, 2024: 0.60},
}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # the school years the numbers may be recorded for
MAX_PEOPLE = 1_000_000  # more than any organisation: a bound on what a request may carry


def school_year_of(day: date) -> int:
    """The school year a day falls in, by the year it starts: 15.10.2026 and 31.05.2027 are
    both in 2026 (2026/2027); a school year starts on 1 September."""
    return day.year if day.month >= 9 else day.year - 1


def school_year_text(year: int) -> str:
    """«2026/2027»"""
    return f"{year}/{year + 1}"


def preset_target(audience: Audience, school_year: int) -> float | None:
    """The preset's target for a school year (see the module's docstring), None before the
    table begins."""
    table = PRESET_002[audience]
    measured = school_year + 1
    past = [y for y in table if y <= measured]
    return table[max(past)] if past else None


@dataclass(frozen=True)
class Headcount:
    """An organisation's real numbers for one school year. Students by level of education:
    primary (grades 1–4), basic (5–9), secondary (10–11) and college students."""

    teachers: int = 0
    young_specialists: int = 0
    students_primary: int = 0
    students_basic: int = 0
    students_secondary: int = 0
    students_college: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not 0 <= value <= MAX_PEOPLE:
                raise ValueError(f"{f.name}={value} is not between 0 and {MAX_PEOPLE}")
        if self.young_specialists > self.teachers:
            raise ValueError("there cannot be more young specialists than teachers")

    @property
    def students(self) -> int:
        return (self.students_primary + self.students_basic + self.students_secondary
                + self.students_college)

    def total(self, audience: Audience) -> int:
        return self.teachers if audience == "teachers" else self.students

    def __add__(self, other: Headcount) -> Headcount:
        return Headcount(**{f.name: getattr(self, f.name) + getattr(other, f.name)
                            for f in fields(self)})


@dataclass(frozen=True)
class SchoolYearNumbers:
    """One school year of an organisation: its real numbers and, if it set them, its own
    targets (shares in [0, 1]); a target left unset comes from the preset."""

    year: int
    headcount: Headcount
    target_teachers: float | None = None
    target_students: float | None = None

    def __post_init__(self) -> None:
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(f"school year {self.year} is not between {FIRST_YEAR} and "
                             f"{LAST_YEAR}")
        for t in (self.target_teachers, self.target_students):
            if t is not None and not 0 <= t <= 1:
                raise ValueError(f"target {t} is not a share in [0, 1]")

    def target(self, audience: Audience) -> tuple[float | None, TargetSource]:
        own = self.target_teachers if audience == "teachers" else self.target_students
        if own is not None:
            return own, "organisation"
        return preset_target(audience, self.year), "preset"


def numbers_to_json(n: SchoolYearNumbers) -> dict[str, object]:
    return {"year": n.year, "headcount": {f.name: getattr(n.headcount, f.name)
                                          for f in fields(n.headcount)},
            "target_teachers": n.target_teachers, "target_students": n.target_students}


def numbers_from_json(data: dict[str, object]) -> SchoolYearNumbers:
    head = data.get("headcount", {})
    if not isinstance(head, dict):
        raise ValueError("headcount is an object")
    known = {f.name for f in fields(Headcount)}
    tt, ts = data.get("target_teachers"), data.get("target_students")
    return SchoolYearNumbers(
        year=int(str(data["year"])),
        headcount=Headcount(**{k: int(v) for k, v in head.items() if k in known}),
        target_teachers=None if tt is None else float(str(tt)),
        target_students=None if ts is None else float(str(ts)))
