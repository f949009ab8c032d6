"""Monitoring surveys: the curator's view of a programme's pairs (what is due, whom to remind,
who is at risk, the quality figures) and the participants' answers through their links."""

from __future__ import annotations

from fastapi import APIRouter, status

from service.api.deps import ActorDep, LangDep, SettingsDep, UowDep
from service.runs.surveys import answer_survey, monitoring, surveys_for_link
from service.schemas import ErrorBody
from service.schemas.surveys import (
    MonitoringPublic,
    ParticipantSurveysPublic,
    SurveyAnswerBody,
    SurveyAnswerStored,
)

router = APIRouter(tags=["surveys"])

GONE: dict[int | str, dict[str, object]] = {
    410: {"model": ErrorBody, "description": "The link no longer works; `detail` says why"}}


@router.get("/programmes/{pid}/surveys", response_model=MonitoringPublic)
def programme_surveys(pid: str, actor: ActorDep, uow: UowDep, lang: LangDep
                      ) -> MonitoringPublic:
    """The followed pairs of the programme's latest finished run with their surveys, the
    at-risk list, whom to remind and the quality figures by form, kind and score band."""
    return MonitoringPublic.of(monitoring(uow, actor, pid), lang)


@router.get("/explanations/{token}/surveys", response_model=ParticipantSurveysPublic,
            responses=GONE)
def link_surveys(token: str, uow: UowDep, settings: SettingsDep) -> ParticipantSurveysPublic:
    """No sign-in: the surveys the link's participant can answer now, about their own pairs."""
    return ParticipantSurveysPublic.of(surveys_for_link(
        uow, token, key=settings.signing_key, algorithm=settings.jwt_algorithm))


@router.post("/explanations/{token}/surveys", response_model=SurveyAnswerStored,
             status_code=status.HTTP_201_CREATED, responses=GONE)
def answer(token: str, body: SurveyAnswerBody, uow: UowDep, settings: SettingsDep
           ) -> SurveyAnswerStored:
    """Answer (or correct an answer to) one open survey about one's own pair."""
    stored = answer_survey(uow, token, body.proposal_id, body.seq, body.answer,
                           key=settings.signing_key, algorithm=settings.jwt_algorithm)
    return SurveyAnswerStored(proposal_id=stored.proposal_id, kind=stored.kind, seq=stored.seq,
                              at=stored.at)
