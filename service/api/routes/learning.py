"""Learning from outcomes: what a programme's judged pairs suggest for its weights."""

from __future__ import annotations

from fastapi import APIRouter

from service.api.deps import ActorDep, LangDep, UowDep
from service.runs.learning import learning_for, verdict_text
from service.schemas.learning import LearningPublic

router = APIRouter(prefix="/programmes", tags=["programmes"])


@router.get("/{pid}/learning", response_model=LearningPublic)
def programme_learning(pid: str, actor: ActorDep, uow: UowDep, lang: LangDep) -> LearningPublic:
    """Which score components went with good pairs and, past the minimum amount of data and
    only where they rank held-out pairs better, the weights they suggest (never applied)."""
    view = learning_for(uow, actor, pid)
    return LearningPublic.of(view, verdict_text(view, lang))
