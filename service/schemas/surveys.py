"""Monitoring surveys in the API (issue 16): the curator's view of a programme's pairs and a
participant's surveys and answers through their link."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from matcher.messages import message
from matcher.model.monitoring import Monitoring, SurveyAnswer, SurveyKind
from matcher.monitoring import Due, Risk
from service.runs.reminders import RemindedPerson, RemindersOutcome
from service.runs.surveys import MonitoringView, ParticipantSurveys
from service.schemas.base import DB_ID_MAX, Schema


class DuePublic(BaseModel):
    kind: SurveyKind
    seq: int = Field(description="Its number among its kind (the quality checks count 1, 2, …)")
    due: date
    answered_by: list[str] = Field(default_factory=list, description="Participant ids")

    @classmethod
    def of(cls, due: Due, answered_by: list[str] | None = None) -> DuePublic:
        return cls(kind=due.kind, seq=due.seq, due=due.on, answered_by=answered_by or [])


class RiskPublic(BaseModel):
    code: Risk
    text: str


class WatchedPairPublic(BaseModel):
    proposal_id: str
    mentor: str
    mentees: list[str]
    names: dict[str, str]
    form: str
    kind: str
    score: float = Field(description="0–100")
    status: str
    start: date = Field(description="When the pair started (its confirmation, or the "
                                    "programme's start if later)")
    surveys: list[DuePublic]
    risks: list[RiskPublic]


class ReminderPublic(BaseModel):
    participant_id: str
    name: str
    proposal_id: str
    kind: SurveyKind
    seq: int
    due: date
    days_late: int


class QualityRowPublic(BaseModel):
    group: str = Field(description="form, kind or band (the pair's score band, 0–100)")
    key: str
    pairs: int
    answered: int = Field(description="Pairs with at least one answer")
    fit_share: float | None = Field(description="0–100: fit answers that said a good fit")
    mean_quality: float | None = Field(description="1–5")
    mean_satisfaction: float | None = Field(description="1–5")
    goal_share: float | None = Field(description="0–100: request topics reached (partly = half)")


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class MonitoringPublic(BaseModel):
    programme_id: str
    run_id: int | None = Field(description="The latest finished run, whose pairs are followed")
    today: date
    schedule: Monitoring
    pairs: list[WatchedPairPublic]
    at_risk: list[str] = Field(description="Proposal ids of the pairs that need the curator")
    reminders: list[ReminderPublic]
    quality: list[QualityRowPublic]

    @classmethod
    def of(cls, view: MonitoringView, lang: str) -> MonitoringPublic:
        pairs = []
        for p in view.pairs:
            w = p.watch
            answered: dict[tuple[str, int], list[str]] = {}
            for (person, kind, seq) in w.answers:
                answered.setdefault((kind, seq), []).append(person)
            pairs.append(WatchedPairPublic(
                proposal_id=w.proposal_id, mentor=w.mentor, mentees=list(w.mentees),
                names=p.names, form=w.form.value, kind=w.kind.value,
                score=round(100 * w.score, 1), status=p.status.value, start=w.start,
                surveys=[DuePublic.of(d, answered.get(d.key)) for d in p.due],
                risks=[RiskPublic(code=r, text=message(f"monitoring.risk.{r.value}", lang))
                       for r in p.risks]))
        return cls(
            programme_id=view.programme.programme.id,
            run_id=view.run.id if view.run else None, today=view.today,
            schedule=view.programme.programme.monitoring, pairs=pairs,
            at_risk=[p.watch.proposal_id for p in view.at_risk],
            reminders=[ReminderPublic(participant_id=r.participant, name=name,
                                      proposal_id=r.proposal_id, kind=r.due.kind,
                                      seq=r.due.seq, due=r.due.on, days_late=r.days_late)
                       for r, name in view.reminders],
            quality=[QualityRowPublic(
                group=q.group, key=q.key, pairs=q.pairs, answered=q.answered,
                fit_share=_pct(q.fit_share), mean_quality=_round(q.mean_quality),
                mean_satisfaction=_round(q.mean_satisfaction), goal_share=_pct(q.goal_share))
                for q in view.quality])


class OpenSurveyPublic(BaseModel):
    proposal_id: str
    partners: list[str] = Field(description="The names of the people of the pair")
    kind: SurveyKind
    seq: int
    due: date
    topics: list[str] = Field(description="The pair's request topics (goals of the closing "
                                          "survey)")
    answer: SurveyAnswer | None = Field(description="The answer given, if any (it can be "
                                                    "changed)")


class ParticipantSurveysPublic(BaseModel):
    programme: str
    surveys: list[OpenSurveyPublic]
    next_due: date | None = Field(description="When the next survey opens")

    @classmethod
    def of(cls, found: ParticipantSurveys) -> ParticipantSurveysPublic:
        return cls(programme=found.programme_name, next_due=found.next_due, surveys=[
            OpenSurveyPublic(proposal_id=o.proposal_id, partners=list(o.partner_names),
                             kind=o.due.kind, seq=o.due.seq, due=o.due.on,
                             topics=list(o.topics), answer=o.answer) for o in found.open])


class SurveyAnswerBody(Schema):
    proposal_id: str = Field(min_length=1, max_length=64)
    seq: int = Field(1, ge=1, le=DB_ID_MAX)
    answer: SurveyAnswer


class SurveyAnswerStored(BaseModel):
    proposal_id: str
    kind: SurveyKind
    seq: int
    at: datetime


class RemindedPersonPublic(BaseModel):
    participant_id: str
    name: str
    surveys: list[DuePublic] = Field(description="The surveys the letter names")

    @classmethod
    def of(cls, person: RemindedPerson) -> RemindedPersonPublic:
        return cls(participant_id=person.participant_id, name=person.name,
                   surveys=[DuePublic(kind=k, seq=seq, due=due) for k, seq, due in person.surveys])


class RefusedLetterPublic(RemindedPersonPublic):
    reason: str = Field(description="The mail server's answer")


class RemindersSentPublic(BaseModel):
    """What one press of «Отправить напоминания» did; addresses are never echoed."""

    sent: list[RemindedPersonPublic] = Field(description="One letter each, with a new link")
    already_sent: list[RemindedPersonPublic] = Field(
        description="Reminded today already: not sent again")
    no_address: list[RemindedPersonPublic] = Field(
        description="No e-mail in the bank: remind them as the school does")
    failed: list[RefusedLetterPublic] = Field(
        description="Letters the server refused: not counted as sent, tried again next time")

    @classmethod
    def of(cls, outcome: RemindersOutcome) -> RemindersSentPublic:
        return cls(
            sent=[RemindedPersonPublic.of(p) for p in outcome.sent],
            already_sent=[RemindedPersonPublic.of(p) for p in outcome.already_sent],
            no_address=[RemindedPersonPublic.of(p) for p in outcome.no_address],
            failed=[RefusedLetterPublic(**RemindedPersonPublic.of(p).model_dump(), reason=why)
                    for p, why in outcome.failed])
