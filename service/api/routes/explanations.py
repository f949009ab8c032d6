"""Participants' explanations: the curator creates signed, expiring links, one per person;
a link opens, without signing in, only that person's own explanation of the run."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Request, status

from service import runs
from service.api.deps import ActorDep, IdPath, LangDep, SettingsDep, UowDep
from service.schemas import ErrorBody, ExplanationPublic, LinkPublic, LinksCreate

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
    return [LinkPublic(participant_id=link.participant_id, name=link.name, token=link.token,
                       url=request.app.url_path_for("read_explanation", token=link.token),
                       expires_at=link.expires_at) for link in links]


@router.get(
    "/explanations/{token}",
    response_model=ExplanationPublic,
    responses={404: {"model": ErrorBody, "description": "The link is not valid"},
               410: {"model": ErrorBody, "description": "The link has expired"}},
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
