"""Participants' explanations: the curator creates signed, expiring links, one per person, and
can revoke one or all; a link opens, without signing in, only that person's own explanation of
the run, and answers 410 with the reason once it no longer works."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, status

from service import runs
from service.api.deps import ActorDep, IdPath, LangDep, SettingsDep, UowDep
from service.domain import StoredLink
from service.schemas import (
    ErrorBody,
    ExplanationPublic,
    LinkPublic,
    LinkRecordPublic,
    LinkRevoke,
    LinksCreate,
    LinksRevoked,
)

router = APIRouter(tags=["explanations"])


@router.post("/runs/{run_id}/links", response_model=list[LinkPublic],
             status_code=status.HTTP_201_CREATED)
def create_links(run_id: IdPath, actor: ActorDep, uow: UowDep, settings: SettingsDep,
                 request: Request, body: Annotated[LinksCreate | None, Body()] = None
                 ) -> list[LinkPublic]:
    """One link per participant (everyone the run concerns unless `participants` is given),
    valid `days` days (the service default otherwise)."""
    body = body or LinksCreate()
    links = runs.create_links(uow, actor, run_id, body.participants,
                              key=settings.signing_key, algorithm=settings.jwt_algorithm,
                              days=body.days or settings.explanation_link_days)
    return [LinkPublic(id=link.id, participant_id=link.participant_id, name=link.name,
                       token=link.token,
                       url=request.app.url_path_for("read_explanation", token=link.token),
                       expires_at=link.expires_at) for link in links]


def _record(link: StoredLink) -> LinkRecordPublic:
    return LinkRecordPublic(
        id=link.id, participant_id=link.participant_id, created_at=link.created_at,
        created_by=link.created_by, expires_at=link.expires_at, revoked_at=link.revoked_at,
        revoked_by=link.revoked_by, reason=link.reason)


@router.get("/runs/{run_id}/links", response_model=list[LinkRecordPublic])
def list_links(run_id: IdPath, actor: ActorDep, uow: UowDep) -> list[LinkRecordPublic]:
    """The run's links, revoked ones too, without their tokens."""
    return [_record(link) for link in runs.list_links(uow, actor, run_id)]


@router.post("/runs/{run_id}/links/revoke-all", response_model=LinksRevoked)
def revoke_all_links(run_id: IdPath, actor: ActorDep, uow: UowDep,
                     body: Annotated[LinkRevoke | None, Body()] = None) -> LinksRevoked:
    """Revoke every link of the run that still works."""
    reason = body.reason if body is not None else ""
    return LinksRevoked(revoked=runs.revoke_links(uow, actor, run_id, reason))


@router.delete("/runs/{run_id}/links/{link_id}", response_model=LinkRecordPublic)
def revoke_link(run_id: IdPath, link_id: IdPath, actor: ActorDep, uow: UowDep,
                body: Annotated[LinkRevoke | None, Body()] = None) -> LinkRecordPublic:
    """Revoke one link: it answers 410 from now on."""
    reason = body.reason if body is not None else ""
    return _record(runs.revoke_link(uow, actor, run_id, link_id, reason))


@router.get(
    "/explanations/{token}",
    response_model=ExplanationPublic,
    responses={404: {"model": ErrorBody, "description": "The link is not valid"},
               410: {"model": ErrorBody,
                     "description": "The link has expired or no longer works (revoked, its "
                                    "person deleted or no longer consenting, its run "
                                    "superseded); `detail` says why"}},
)
def read_explanation(
    token: str,
    uow: UowDep,
    settings: SettingsDep,
    header_lang: LangDep,
    lang: Annotated[Literal["ru", "en"] | None, Query(description="Russian by default")] = None,
) -> ExplanationPublic:
    """No sign-in: the link itself is the permission, and it shows nothing about others."""
    public = runs.explanation_for_link(uow, token, key=settings.signing_key,
                                       algorithm=settings.jwt_algorithm,
                                       lang=lang or header_lang)
    e = public.explanation
    return ExplanationPublic.model_validate({
        **e.as_dict(), "programme_name": public.programme_name,
        "period_start": public.period[0], "period_end": public.period[1],
        "run_created_at": public.run_created_at, "text": e.as_text(),
    })
