"""The curator's page actions after the match: change a confirmed or locked pair on a ground
of the regulation (end, replace, extend, change form), and the alternates kept for a pair."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.aftermatch import ChangeKind, Ground, Initiator
from matcher.model import Form as PairForm
from service.api.deps import DB_ID_MAX, IdPath
from service.runs import changes as change_cases
from service.runs.alternates import list_alternates
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep

router = APIRouter(route_class=PageRoute, include_in_schema=False)

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@router.post("/runs/{run_id}/pair-change/{proposal_id}", dependencies=[Csrf])
def change_pair(
    run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep,
    version: Annotated[int, Form(ge=1, le=DB_ID_MAX)], change: Annotated[ChangeKind, Form()],
    ground: Annotated[Ground, Form()], initiator: Annotated[Initiator, Form()],
    note: Annotated[str, Form(max_length=1000)] = "",
    extended_until: Annotated[str, Form(max_length=10)] = "",
    new_form: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """End, replace, extend or change the form of a confirmed or locked pair, on a ground of
    the regulation; back to the run, where a replacement shows as a new proposal."""
    try:
        until = date.fromisoformat(extended_until) if DAY.fullmatch(extended_until) else None
    except ValueError:
        until = None
    form = PairForm(new_form) if new_form in PairForm.__members__ else None
    change_cases.change_pair(uow, actor, run_id, proposal_id, change, ground=ground,
                             initiator=initiator, expected_version=version, note=note,
                             extended_until=until, new_form=form)
    return RedirectResponse(f"/runs/{run_id}#p-{proposal_id}", status_code=303)


@router.get("/runs/{run_id}/proposals/{proposal_id}/alternates")
def alternates_fragment(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep,
                        uow: UowDep) -> Response:
    """The mentors kept as alternates for the proposal's mentees, on demand: a fragment for
    the card's htmx link (without JavaScript the link opens the same list)."""
    views = list_alternates(uow, actor, run_id, proposal_id)
    return render(request, "_alternates.html", {"alternates": views, "actor": actor})
