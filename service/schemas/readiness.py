"""The readiness check of a programme before a run (`GET /programmes/{id}/readiness`)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from matcher.labels import label
from matcher.model import ConsentKind, Form, Kind
from matcher.solver.readiness import Readiness, Supply
from matcher.topics import taxonomy


class SupplyPublic(BaseModel):
    key: str = Field(description="A form, a kind or a topic id")
    label: str = Field(description="Its name in the request's language")
    mentees: int = Field(description="Mentees (with their consents) who accept it")
    mentors: int = Field(description="Mentors (with their consents) who offer it")
    places: int = Field(description="Those mentors' places, in mentees")
    short: int = Field(description="Mentees more than places")


class LeftOutPublic(BaseModel):
    participant_id: str
    name: str
    as_mentor: bool
    missing: list[ConsentKind]
    missing_text: str = Field(description="The missing consents in words")


class AdvicePublic(BaseModel):
    code: str
    text: str


class ReadinessPublic(BaseModel):
    programme_id: str
    mentees: int
    mentors: int
    places: int
    ready_mentees: int
    ready_mentors: int
    allowed_pairs: int
    coverage_bound: int = Field(description=(
        "At most this many mentees can get a mentor: the maximum flow from the mentors' "
        "places to the mentees over the pairs the hard rules allow (an upper bound; groups "
        "that must share a topic and the goal may cover fewer)"))
    coverage_bound_percent: int
    without_mentor: list[str] = Field(description="Mentees no allowed pair reaches")
    by_form: list[SupplyPublic]
    by_kind: list[SupplyPublic]
    by_topic: list[SupplyPublic]
    left_out: list[LeftOutPublic]
    advice: list[AdvicePublic] = Field(description="What would raise the coverage, most first")

    @classmethod
    def of(cls, pid: str, r: Readiness, lang: str) -> ReadinessPublic:
        return cls(
            programme_id=pid, mentees=r.mentees, mentors=r.mentors, places=r.places,
            ready_mentees=r.ready_mentees, ready_mentors=r.ready_mentors,
            allowed_pairs=r.allowed_pairs, coverage_bound=r.coverage_bound,
            coverage_bound_percent=round(r.coverage_share * 100),
            without_mentor=list(r.without_mentor),
            by_form=[supply(s, label(Form(s.key), lang)) for s in r.by_form],
            by_kind=[supply(s, label(Kind(s.key), lang)) for s in r.by_kind],
            by_topic=[supply(s, topic_name(s.key, lang)) for s in r.by_topic],
            left_out=[LeftOutPublic(participant_id=x.person, name=x.name, as_mentor=x.as_mentor,
                                    missing=list(x.missing),
                                    missing_text=", ".join(label(k, lang) for k in x.missing))
                      for x in r.left_out],
            advice=[AdvicePublic(code=a.code, text=a.text(lang)) for a in r.advice])


def supply(s: Supply, name: str) -> SupplyPublic:
    return SupplyPublic(key=s.key, label=name, mentees=s.mentees, mentors=s.mentors,
                        places=s.places, short=s.short)


def topic_name(tid: str, lang: str) -> str:
    tax = taxonomy()
    return tax.by_id[tid].label(lang) if tid in tax.by_id else tid
