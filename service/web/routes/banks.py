"""The banks of mentors and mentees: filters, and the import of a bank file with a report
next to each bad row."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

from matcher.errors import UnreadableFile
from matcher.model import Role
from service import services
from service.bank_files import read_upload
from service.domain import Actor
from service.errors import ImportRejected, UnsupportedFile
from service.i18n import message
from service.repositories import ParticipantQuery
from service.unit_of_work import AbstractUnitOfWork
from service.web import matched
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep, is_htmx
from service.web.session import lang_of, settings_of
from service.web.views import BankFilters, bank_row, filter_rows

router = APIRouter(route_class=PageRoute, include_in_schema=False)


def _page_context(
    request: Request, actor: Actor, uow: AbstractUnitOfWork, f: BankFilters
) -> dict[str, Any]:
    settings = settings_of(request)
    query = ParticipantQuery(name=f.q or None, role=Role(f.role) if f.role in set(Role) else None,
                             subject=f.subject or None, is_mentor=f.is_mentor,
                             is_mentee=f.is_mentee, limit=settings.max_page_size)
    items, total = services.search_participants(uow, actor, query)
    everyone, _ = services.search_participants(
        uow, actor, ParticipantQuery(limit=settings.max_page_size))
    latest = matched.matched_ids(uow, actor)
    today = date.today()
    rows = filter_rows([bank_row(s.participant, today, latest) for s in items], f)
    subjects = sorted({s for p in everyone for s in p.participant.subjects})
    return {
        "filters": f, "rows": rows, "total": total, "shown": len(rows),
        "truncated": total > len(items), "roles": list(Role), "subjects": subjects,
        "has_run": latest is not None,
        "counts": {
            "mentors": sum(p.participant.mentor is not None for p in everyone),
            "mentees": sum(p.participant.mentee is not None for p in everyone),
        },
    }


@router.get("/banks")
def banks_page(
    request: Request, actor: ActorDep, uow: UowDep, side: str = "all", q: str = "",
    role: str = "", subject: str = "", consent: str = "", matched: str = "",
) -> Response:
    f = BankFilters.of(side, q, role, subject, consent, matched)
    context = {"actor": actor, **_page_context(request, actor, uow, f)}
    if is_htmx(request) and request.headers.get("HX-Target") == "bank-table":
        return render(request, "_bank_table.html", context)
    return render(request, "banks.html", context)


@router.post("/banks/import", dependencies=[Csrf])
def import_bank(
    request: Request,
    actor: ActorDep,
    uow: UowDep,
    file: Annotated[UploadFile, File()],
    strict: Annotated[bool, Form()] = False,
) -> Response:
    """Import a JSON, CSV or XLSX bank with the same use case as the API; the page then shows
    what was created and updated, and one line per bad row with its column and message."""
    settings = settings_of(request)
    lang = lang_of(request)
    services.require_import(actor)  # before the upload is read, let alone parsed
    outcome: dict[str, Any] = {"filename": file.filename or ""}
    content = file.file.read(settings.max_upload_bytes + 1)
    status = 200
    if len(content) > settings.max_upload_bytes:
        too_large = message("input.file_too_large", lang, max=settings.max_upload_bytes)
        outcome["error"] = too_large[:1].upper() + too_large[1:]  # a sentence on its own
        status = 422
    else:
        try:
            parsed = read_upload(file.filename or "", content, settings.file_limits)
            report = services.import_participants(uow, actor, parsed.rows, parsed.problems,
                                                  strict=strict)
            outcome.update(report=report, rows_read=parsed.rows_read,
                           problems=sorted(report.problems,
                                           key=lambda p: (p.row or 10**9, p.participant)))
        except ImportRejected as exc:
            outcome.update(error=exc.message(lang), rejected=[
                {"row": e.row, "column": e.field, "value": e.value, "message": e.text(lang),
                 "severity": e.severity} for e in exc.errors])
            status = 422
        except UnsupportedFile as exc:
            outcome["error"] = exc.message(lang)
            status = 415
        except UnreadableFile as exc:
            outcome["error"] = str(exc)
            status = 422
    context = {"actor": actor, "import": outcome,
               **_page_context(request, actor, uow, BankFilters())}
    return render(request, "banks.html", context, status=status)
