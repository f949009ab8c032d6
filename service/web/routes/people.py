"""The person page of a bank: every field, add and edit (the form's cells are read as a bank
file's row is), consents given and revoked with their dates, wishes, conflicts, and the
person's history (imports, edits, pairs) from the audit log and the runs. Plain forms and
links: usable from the keyboard, no script needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.bank_io.columns import BY_KEY
from matcher.bank_io.merge import field_changes
from matcher.messages import message
from matcher.model import ConsentKind, Participant, WishLevel
from matcher.reports.common import active_proposals
from service import runs, services
from service.api.deps import IdPath, IdQuery
from service.domain import Actor, AuditEntry, RunStatus, StoredParticipant
from service.errors import InvalidData, ServiceError
from service.unit_of_work import AbstractUnitOfWork
from service.web.render import render
from service.web.routes.banks import field_label
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.session import lang_of

router = APIRouter(route_class=PageRoute, include_in_schema=False)

LONG_TEXT = frozenset({"experience_text", "difficulties_text"})
RECENT_RUNS = 20  # the pairs shown are those of the latest runs of each programme


async def form_cells(request: Request) -> dict[str, str]:
    """The person form's cells (every field is a text box, as a spreadsheet cell)."""
    form = await request.form()
    return {k: v for k, v in form.items() if k in services.FORM_KEYS and isinstance(v, str)}


CellsDep = Annotated[dict[str, str], Depends(form_cells)]


def person_url(pid: str, organisation_id: int | None = None) -> str:
    url = f"/banks/people/{quote(pid, safe='')}"
    return url if organisation_id is None else f"{url}?organisation_id={organisation_id}"


@dataclass(frozen=True)
class HistoryLine:
    at: str
    actor: str
    action: str
    fields: str


@dataclass(frozen=True)
class PairLine:
    programme: str
    run_id: int
    day: str
    as_mentor: bool
    others: str
    status: str


def _state(json: dict[str, Any] | None) -> Participant | None:
    if json is None:
        return None
    try:
        return Participant.model_validate({k: v for k, v in json.items()
                                           if not k.startswith("_")})
    except ValueError:  # a pseudonymised or older record: shown without its fields
        return None


def history_lines(entries: list[AuditEntry], lang: str) -> list[HistoryLine]:
    out = []
    for e in entries:
        code = f"history.{e.action}"
        try:
            action = message(code, "en" if lang == "en" else "ru")
        except KeyError:
            action = e.action
        before, after = _state(e.before), _state(e.after)
        fields = ""
        if before is not None and after is not None:
            fields = ", ".join(field_label(k) for k, _, _ in field_changes(before, after))
        out.append(HistoryLine(e.at.strftime("%d.%m.%Y %H:%M"), e.actor, action, fields))
    return out


def pair_lines(uow: AbstractUnitOfWork, actor: Actor, pid: str) -> list[PairLine]:
    """The person's pairs and groups in the finished runs of the actor's programmes."""
    out: list[PairLine] = []
    for programme in services.list_programmes(uow, actor):
        done = [r for r in runs.list_runs(uow, actor, programme.pid)
                if r.status == RunStatus.done][:RECENT_RUNS]
        for run in done:
            try:
                result = runs.run_result(uow, actor, run.id)
            except ServiceError:
                continue
            for p in active_proposals(result):
                if pid != p.mentor and pid not in p.mentees:
                    continue
                others = [p.mentor] if pid != p.mentor else list(p.mentees)
                out.append(PairLine(programme.programme.name or programme.pid, run.id,
                                    run.created_at.strftime("%d.%m.%Y"), pid == p.mentor,
                                    ", ".join(others), p.status.value))
    return out


def _person_page(
    request: Request, actor: Actor, uow: AbstractUnitOfWork, pid: str,
    organisation_id: int | None, *, error: str = "", errors: list[tuple[str, str]] | None = None,
    status: int = 200, cells: dict[str, str] | None = None,
) -> Response:
    lang = lang_of(request)
    stored, entries = services.participant_history(uow, actor, pid, organisation_id)
    _, events = services.consent_history(uow, actor, pid, stored.organisation_id)
    conflicts = [c for c in services.list_conflicts(uow, actor, stored.organisation_id)
                 if pid in (c.a, c.b)]
    context = {
        "actor": actor, "stored": stored, "p": stored.participant,
        "cells": cells or services.person_cells(
            stored.participant, services.bank_topics(uow, actor, stored.organisation_id)),
        "columns": [BY_KEY[k] for k in services.FORM_KEYS], "long_text": LONG_TEXT,
        "events": events, "conflicts": conflicts, "history": history_lines(entries, lang),
        "pairs": pair_lines(uow, actor, pid), "consent_kinds": list(ConsentKind),
        "wish_levels": list(WishLevel), "today": date.today().isoformat(),
        "url": person_url(pid, organisation_id), "base": person_url(pid),
        "qs": "" if organisation_id is None else f"?organisation_id={organisation_id}",
        "can_write": actor.can_write(
            stored.organisation_id), "error": error, "errors": errors or [],
    }
    return render(request, "person.html", context, status=status)


def _invalid(exc: InvalidData, lang: str) -> list[tuple[str, str]]:
    return [(e.field, e.text(lang)) for e in exc.errors]


def _back(pid: str, organisation_id: int | None, anchor: str = "") -> Response:
    return RedirectResponse(person_url(pid, organisation_id) + anchor, status_code=303)


@router.get("/banks/people/new")
def new_person_page(request: Request, actor: ActorDep, uow: UowDep) -> Response:
    services.require_import(actor)  # viewers do not add people
    return _form_page(request, actor, uow, services.person_cells(None))


def _form_page(request: Request, actor: Actor, uow: AbstractUnitOfWork, cells: dict[str, str],
               errors: list[tuple[str, str]] | None = None, status: int = 200) -> Response:
    if not cells.get("organisation") and actor.organisation_id is not None:
        cells = {**cells, "organisation": services.get_organisation(
            uow, actor, actor.organisation_id).name}
    return render(request, "person_new.html", {
        "actor": actor, "cells": cells, "columns": [BY_KEY[k] for k in services.FORM_KEYS],
        "long_text": LONG_TEXT, "errors": errors or []}, status=status)


@router.post("/banks/people", dependencies=[Csrf])
def create_person(request: Request, actor: ActorDep, uow: UowDep, cells: CellsDep) -> Response:
    try:
        stored = services.create_person(uow, actor, cells)
    except InvalidData as exc:
        return _form_page(request, actor, uow, cells, _invalid(exc, lang_of(request)), 422)
    return _back(stored.pid, None if actor.organisation_id else stored.organisation_id)


@router.get("/banks/people/{pid}")
def person_page(request: Request, actor: ActorDep, uow: UowDep, pid: str,
                organisation_id: IdQuery = None) -> Response:
    return _person_page(request, actor, uow, pid, organisation_id)


@router.post("/banks/people/{pid}", dependencies=[Csrf])
def edit_person(
    request: Request, actor: ActorDep, uow: UowDep, pid: str, cells: CellsDep,
    version: Annotated[int, Form(ge=1)], organisation_id: IdQuery = None,
) -> Response:
    """Save the edit form; a refusal (a bad cell, someone saved in between) is shown on the
    page with the curator's input kept."""
    lang = lang_of(request)
    try:
        services.edit_person(uow, actor, pid, cells, version, organisation_id=organisation_id)
    except InvalidData as exc:
        return _person_page(request, actor, uow, pid, organisation_id, cells=cells,
                            errors=_invalid(exc, lang), status=422)
    except ServiceError as exc:
        return _person_page(request, actor, uow, pid, organisation_id, cells=cells,
                            error=exc.message(lang), status=409)
    return _back(pid, organisation_id)


def _act(request: Request, actor: Actor, uow: AbstractUnitOfWork, pid: str,
         organisation_id: int | None, anchor: str, action: Any) -> Response:
    """Run one change of the page; show its refusal on the page, else go back to it."""
    lang = lang_of(request)
    try:
        action()
    except InvalidData as exc:
        return _person_page(request, actor, uow, pid, organisation_id,
                            errors=_invalid(exc, lang), status=422)
    except ServiceError as exc:
        return _person_page(request, actor, uow, pid, organisation_id,
                            error=exc.message(lang), status=409)
    return _back(pid, organisation_id, anchor)


@router.post("/banks/people/{pid}/consents", dependencies=[Csrf])
def give_consent(
    request: Request, actor: ActorDep, uow: UowDep, pid: str,
    kind: Annotated[ConsentKind, Form()], given: Annotated[date, Form()],
    note: Annotated[str, Form(max_length=500)] = "", organisation_id: IdQuery = None,
) -> Response:
    return _act(request, actor, uow, pid, organisation_id, "#consents",
                lambda: services.give_consent(uow, actor, pid, kind, given, note,
                                              organisation_id=organisation_id))


@router.post("/banks/people/{pid}/consents/{kind}/revoke", dependencies=[Csrf])
def revoke_consent(
    request: Request, actor: ActorDep, uow: UowDep, pid: str, kind: ConsentKind,
    revoked: Annotated[date, Form()], note: Annotated[str, Form(max_length=500)] = "",
    organisation_id: IdQuery = None,
) -> Response:
    return _act(request, actor, uow, pid, organisation_id, "#consents",
                lambda: services.revoke_consent(uow, actor, pid, kind, revoked, note,
                                                organisation_id=organisation_id))


@router.post("/banks/people/{pid}/wishes", dependencies=[Csrf])
def set_wish(
    request: Request, actor: ActorDep, uow: UowDep, pid: str,
    target: Annotated[str, Form(min_length=1, max_length=64)],
    level: Annotated[WishLevel, Form()], rank: Annotated[str, Form(max_length=3)] = "",
    organisation_id: IdQuery = None,
) -> Response:
    place = int(rank) if rank.strip().isdigit() and int(rank) >= 1 else None
    return _act(request, actor, uow, pid, organisation_id, "#wishes",
                lambda: services.set_wish(uow, actor, pid, target.strip(), level, place,
                                          organisation_id=organisation_id))


@router.post("/banks/people/{pid}/wishes/{target}/delete", dependencies=[Csrf])
def delete_wish(request: Request, actor: ActorDep, uow: UowDep, pid: str, target: str,
                organisation_id: IdQuery = None) -> Response:
    return _act(request, actor, uow, pid, organisation_id, "#wishes",
                lambda: services.delete_wish(uow, actor, pid, target,
                                             organisation_id=organisation_id))


def _owner(uow: AbstractUnitOfWork, actor: Actor, pid: str,
           organisation_id: int | None) -> StoredParticipant:
    return services.get_participant(uow, actor, pid, organisation_id)


@router.post("/banks/people/{pid}/conflicts", dependencies=[Csrf])
def add_conflict(
    request: Request, actor: ActorDep, uow: UowDep, pid: str,
    other: Annotated[str, Form(min_length=1, max_length=64)],
    note: Annotated[str, Form(max_length=500)] = "", organisation_id: IdQuery = None,
) -> Response:
    org = _owner(uow, actor, pid, organisation_id).organisation_id
    return _act(request, actor, uow, pid, organisation_id, "#conflicts",
                lambda: services.add_conflict(uow, actor, org, pid, other.strip(), note))


@router.post("/banks/people/{pid}/conflicts/{conflict_id}/delete", dependencies=[Csrf])
def delete_conflict(request: Request, actor: ActorDep, uow: UowDep, pid: str,
                    conflict_id: IdPath,
                    organisation_id: IdQuery = None) -> Response:
    org = _owner(uow, actor, pid, organisation_id).organisation_id
    return _act(request, actor, uow, pid, organisation_id, "#conflicts",
                lambda: services.delete_conflict(uow, actor, org, conflict_id))
