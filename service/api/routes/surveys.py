"""Monitoring surveys: the curator's view of a programme's pairs (what is due, whom to remind,
who is at risk, the quality figures) and the participants' answers through their links."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from service.api.deps import ActorDep, LangDep, SettingsDep, UowDep
from service.runs.reminders import send_reminders
from service.runs.surveys import answer_survey, monitoring, surveys_for_link
from service.schemas import ErrorBody
from service.schemas.surveys import (
    MonitoringPublic,
    ParticipantSurveysPublic,
    RemindersSentPublic,
    SurveyAnswerBody,
    SurveyAnswerStored,
)

router = APIRouter(tags=["surveys"])

GONE: dict[int | str, dict[str, object]] = {
    410: {"model": ErrorBody, "description": "The link no longer works; `detail` says why"}}


@router.get("/programmes/{pid:path}/surveys", response_model=MonitoringPublic)
def programme_surveys(pid: str, actor: ActorDep, uow: UowDep, lang: LangDep
                      ) -> MonitoringPublic:
    """The followed pairs of the programme's latest finished run with their surveys, the
    at-risk list, whom to remind and the quality figures by form, kind and score band."""
    return MonitoringPublic.of(monitoring(uow, actor, pid), lang)


@router.post("/programmes/{pid:path}/surveys/reminders/send",
             response_model=RemindersSentPublic,
             responses={409: {"model": ErrorBody, "description": "SMTP is not configured"},
                        503: {"model": ErrorBody, "description": "The mail server is down"}})
def send_survey_reminders(pid: str, request: Request, actor: ActorDep, uow: UowDep,
                          settings: SettingsDep) -> RemindersSentPublic:
    """One letter per person the monitoring lists as owing a survey and whose e-mail the bank
    keeps: their own new link, the surveys and the due dates. A second call the same day
    sends nothing again to whom it reached; people with no address are listed."""
    return RemindersSentPublic.of(send_reminders(
        uow, actor, pid, mail=settings.mail, key=settings.signing_key,
        algorithm=settings.jwt_algorithm, link_days=settings.explanation_link_days,
        base_url=settings.link_base(str(request.base_url))))


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
