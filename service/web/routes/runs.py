"""A programme's runs: start (and rerun) in the background with a progress bar, review the
proposals (confirm, reject with a reason, lock, end; a rerun's changes highlighted), who is
left unmatched, why-not, the report with charts, the documents and the participants' links.
Every action is a use case of `service.runs`; these routes only read forms and render."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from matcher.labels import label
from matcher.model import ProposalStatus, Role
from matcher.reports.common import status_label
from matcher.reports.order import OrderKind
from matcher.reports.views import Share, coverage_view
from service import runs, services
from service.api.deps import DB_ID_MAX, IdPath
from service.domain import Actor, DecisionAction, RunStatus, StoredRun
from service.errors import NotFound, ServiceError
from service.i18n import message
from service.repositories import ProposalQuery
from service.unit_of_work import AbstractUnitOfWork
from service.web.aftermatch import answer_lines, change_choices
from service.web.render import render
from service.web.routes import review
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep, is_htmx
from service.web.rules_summary import rules_summary
from service.web.runviews import (
    ROLES,
    Person,
    charts,
    page_cards,
)
from service.web.session import lang_of, safe_next, settings_of
from service.web.whynot import situation_view, why_not_view

router = APIRouter(route_class=PageRoute, include_in_schema=False)

POLL_SECONDS = 1


def status_text(run: StoredRun, lang: str) -> str:
    ru, en = runs.STATUS_WORDS[run.status.value]
    return en if lang == "en" else ru


def latest_run(uow: AbstractUnitOfWork, actor: Actor, programme_id: str) -> StoredRun | None:
    """The programme's newest run, whatever its status; None before the first run."""
    return next(iter(runs.list_runs(uow, actor, programme_id)), None)


def latest_done(uow: AbstractUnitOfWork, actor: Actor, programme_id: str) -> StoredRun | None:
    return next((r for r in runs.list_runs(uow, actor, programme_id)
                 if r.status == RunStatus.done), None)


# --- starting and following ------------------------------------------------------------------


@router.get("/programmes/{pid:path}/runs")
def runs_page(request: Request, pid: str, actor: ActorDep, uow: UowDep) -> Response:
    stored = services.get_programme(uow, actor, pid)
    history = runs.list_runs(uow, actor, pid)
    return render(request, "runs.html", {"actor": actor, "stored": stored, "runs": history,
                                         "status_text": status_text})


@router.post("/programmes/{pid:path}/runs", dependencies=[Csrf])
def start_run(request: Request, pid: str, actor: ActorDep, uow: UowDep,
              fresh: Annotated[bool, Form()] = False) -> Response:
    """Queue a run (a rerun of the latest finished one unless `fresh`) and follow it."""
    run = runs.start_run(uow, actor, pid, fresh=fresh)
    request.app.state.queue.enqueue(run.id)
    return RedirectResponse(f"/runs/{run.id}", status_code=303)


@router.post("/runs/{run_id}/cancel", dependencies=[Csrf])
def cancel_run(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """Cancel a queued or running run (the page asked to confirm); back to the run, failed
    with «отменён», and the programme may start a new run at once."""
    run = runs.cancel_run(uow, actor, run_id)
    request.app.state.queue.cancel(run)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)


def _run_header(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun) -> dict[str, Any]:
    stored = services.get_programme(uow, actor, run.programme_id)
    return {"run": run, "stored": stored, "newer": runs.newer_run(uow, actor, run)}


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
             page: Annotated[int, Query(ge=1, le=DB_ID_MAX)] = 1) -> Response:
    """A run in progress: its progress bar; a finished one: the review table (one page of
    the proposals from the run's rows, undecided first unless sorted; `review.table_page`)."""
    run = runs.get_run(uow, actor, run_id)
    lang = lang_of(request)
    head = _run_header(uow, actor, run)
    if run.status != RunStatus.done:
        return render(request, "run_progress.html", {
            "actor": actor, **head, "status_text": status_text(run, lang),
            "poll": POLL_SECONDS})
    return review.table_page(request, uow, actor, run, head, page)


@router.get("/runs/{run_id}/proposals/{proposal_id}/reasons")
def proposal_reasons(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep,
                     uow: UowDep) -> Response:
    """Every reason of one proposal, on demand: a fragment for the card's htmx link, or a
    page of its own without JavaScript."""
    stored, _, people = runs.get_proposal(uow, actor, run_id, proposal_id)
    [card] = page_cards([stored], people, {}, lang_of(request), reasons=None)
    if is_htmx(request):
        return render(request, "_proposal_reasons.html", {"c": card})
    run = runs.get_run(uow, actor, run_id)
    return render(request, "proposal_reasons.html", {
        "actor": actor, **_run_header(uow, actor, run), "c": card, "tab": "proposals"})


@router.get("/runs/{run_id}/progress")
def run_progress(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """htmx polling: the progress bar, or a full reload once the run has finished."""
    run = runs.get_run(uow, actor, run_id)
    if run.status in (RunStatus.done, RunStatus.failed) and is_htmx(request):
        return Response(status_code=200, headers={"HX-Redirect": f"/runs/{run_id}"})
    return render(request, "_run_progress_bar.html", {
        "actor": actor, "run": run, "status_text": status_text(run, lang_of(request)),
        "poll": POLL_SECONDS})


def status_counts(counts: dict[str, int], lang: str) -> list[tuple[str, str, int]]:
    return [(s.value, status_label(s, lang), counts.get(s.value, 0)) for s in ProposalStatus]


# --- decisions -----------------------------------------------------------------------------


@router.post("/runs/{run_id}/proposals/{proposal_id}/{action}", dependencies=[Csrf])
def decide(
    request: Request, run_id: IdPath, proposal_id: str, action: DecisionAction, actor: ActorDep,
    uow: UowDep, version: Annotated[int, Form()], reason: Annotated[str, Form()] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Confirm, reject (with a reason), lock or end; htmx gets the updated card back, a plain
    form goes back to `next` (a local address) or to the proposal's row."""
    lang = lang_of(request)
    error = ""
    try:
        runs.decide(uow, actor, run_id, proposal_id, action, version, reason)
    except ServiceError as exc:
        if not is_htmx(request):
            raise
        error = exc.message(lang) + "".join(f" {e.text(lang)}" for e in exc.errors
                                            if e.field == "reason")
    if not is_htmx(request):
        return RedirectResponse(safe_next(next or f"/runs/{run_id}#p-{proposal_id}"),
                                status_code=303)
    found = runs.search_proposals(uow, actor, run_id, ProposalQuery(ids=(proposal_id,), limit=1),
                                  with_marks=True)
    if not found.items:
        raise NotFound(entity="proposal", key=proposal_id)
    [card] = page_cards(found.items, found.people, found.marks, lang)
    counts = runs.proposal_counts(uow, actor, run_id)
    head = _run_header(uow, actor, runs.get_run(uow, actor, run_id))
    return render(request, "_proposal_card.html", {
        "actor": actor, **head, "c": card, "error": error, "just_decided": not error,
        "oob_counts": True, "counts": status_counts(counts, lang), "total": sum(counts.values()),
        "filter": "", "answers": answer_lines(uow, actor, head["run"], lang),
        "change_choices": change_choices(lang, head["stored"].programme.forms)})


# --- unmatched and why-not -------------------------------------------------------------------


@router.get("/runs/{run_id}/unmatched")
def unmatched_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    lang = lang_of(request)
    found, _ = runs.list_unmatched(uow, actor, run_id)
    items = [{"person": Person(u.mentee, u.full_name,
                               label(Role(u.role), lang) if u.role in ROLES else u.role),
              "reasons": [r.text(lang) for r in u.reasons],
              "suggestions": [s.text(lang) for s in u.suggestions]}
             for u in found]
    return render(request, "run_unmatched.html", {
        "actor": actor, **_run_header(uow, actor, runs.get_run(uow, actor, run_id)),
        "items": items, "tab": "unmatched"})


@router.get("/runs/{run_id}/why-not")
def why_not_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
                 mentee: str = "", mentor: str = "") -> Response:
    """Choose a mentee and a mentor; the answer says which rule forbids the pair or what
    forcing it would cost."""
    lang = lang_of(request)
    ctx = runs.run_context(uow, actor, run_id)
    mentors = sorted((p for p in ctx.bank.mentors if ctx.programme.covers(p)),
                     key=lambda p: p.full_name)
    mentees = sorted((p for p in ctx.bank.mentees if ctx.programme.covers(p)),
                     key=lambda p: p.full_name)
    answer = situation = None
    if mentee and mentor:
        result, bank = runs.why_not_pair(
            uow, actor, run_id, mentee, mentor,
            time_limit_s=settings_of(request).why_not_time_limit_s)
        answer = why_not_view(result, bank, lang)
    elif mentee:
        found, bank = runs.mentee_situation_in_run(uow, actor, run_id, mentee)
        situation = situation_view(found, bank, lang)
    context = {"actor": actor, **_run_header(uow, actor, ctx.run), "mentors": mentors,
               "mentees": mentees, "chosen_mentee": mentee, "chosen_mentor": mentor,
               "answer": answer, "situation": situation, "tab": "why-not"}
    if is_htmx(request) and request.headers.get("HX-Target") == "why-not-result":
        if situation is not None:
            return render(request, "_why_not_situation.html", context)
        return render(request, "_why_not_result.html", context)
    return render(request, "run_why_not.html", context)


# --- report and documents --------------------------------------------------------------------


@router.get("/runs/{run_id}/report")
def report_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    lang = lang_of(request)
    ctx = runs.run_context(uow, actor, run_id)
    report = runs.run_report(ctx)
    return render(request, "run_report.html", {
        "actor": actor, **_run_header(uow, actor, ctx.run), "report": report,
        "charts": charts(report, lang), "tab": "report",
        "rules": rules_summary(ctx.programme, ctx.result.metrics, lang),
        "orders": runs.order_choices(ctx, recorded=runs.recorded_changes(uow, ctx, lang)),
        "kinds": ORDER_WORDS,
        "coverage_rows": [[_cell(v) for v in row] for row in coverage_view(report, lang).rows]})


ORDER_WORDS = {"pairs": ("О закреплении наставнических пар/групп",
                         "On assigning mentoring pairs/groups"),
               "mentors": ("О назначении наставников", "On appointing mentors"),
               "changes": ("О внесении изменений в состав пар/групп",
                           "On changes to the pairs/groups")}


def _cell(value: object) -> str:
    """A report cell as the page shows it (the same values as the XLSX and the API)."""
    if isinstance(value, Share):
        return f"{value * 100:.1f} %".replace(".", ",")
    return "—" if value is None else str(value)


def _download(content: bytes | str, filename: str, media_type: str,
              fallback: str | None = None) -> Response:
    """An attachment named `filename`, with `fallback` (ASCII) for clients that cannot read
    a UTF-8 name."""
    body = content.encode("utf-8-sig" if media_type.startswith("text/csv") else "utf-8") \
        if isinstance(content, str) else content
    ascii_name = fallback or filename.encode("ascii", "ignore").decode() or "download"
    return Response(body, media_type=media_type, headers={
        "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; "
                               f"filename*=UTF-8''{quote(filename)}"})


@router.get("/runs/{run_id}/order.docx")
def order(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
          include_proposed: bool = False) -> Response:
    return _order_file(request, run_id, actor, uow, "pairs", include_proposed=include_proposed)


@router.get("/runs/{run_id}/orders/{kind}.docx")
def order_of_kind(
    request: Request, run_id: IdPath, kind: OrderKind, actor: ActorDep, uow: UowDep,
    organisation: Annotated[str | None, Query(max_length=300)] = None,
    include_proposed: bool = False,
    number: Annotated[str, Query(max_length=50)] = "",
    order_date: Annotated[str, Query(max_length=10)] = "",
    director: Annotated[str, Query(max_length=300)] = "",
    curator: Annotated[str, Query(max_length=300)] = "",
) -> Response:
    """One order of one organisation; what the form fills in goes over its settings."""
    try:
        when = date.fromisoformat(order_date) if order_date.strip() else None
    except ValueError:
        when = None
    return _order_file(request, run_id, actor, uow, kind, organisation=organisation,
                       include_proposed=include_proposed, number=number.strip() or None,
                       order_date=when, director=director.strip() or None,
                       curator=curator.strip() or None)


def _order_file(request: Request, run_id: int, actor: Actor, uow: AbstractUnitOfWork,
                kind: OrderKind, **options: Any) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    title, data = runs.order_docx(uow, ctx, kind=kind, lang=lang_of(request), **options)
    return _download(data, title,
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     fallback=f"prikaz-{ctx.programme.id}-{run_id}-{kind}.docx")


@router.get("/runs/{run_id}/report.xlsx")
def report_xlsx(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    return _download(runs.report_xlsx(ctx, lang=lang_of(request)),
                     f"otchet-{ctx.programme.id}-{run_id}.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.get("/runs/{run_id}/export.{fmt}")
def export(request: Request, run_id: IdPath, fmt: str, actor: ActorDep, uow: UowDep) -> Response:
    """The depersonalised export for the regional centre (stable pseudonyms, no names)."""
    if fmt not in ("csv", "json"):
        return render(request, "error.html", {
            "status": 404, "message_ru": message("web.no_such_format", "ru"),
            "message_en": message("web.no_such_format", "en")}, status=404)
    ctx = runs.run_context(uow, actor, run_id)
    text = runs.export_text(ctx, fmt, key=settings_of(request).export_key, lang=lang_of(request))
    runs.record_export(uow, actor, ctx, fmt)
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return _download(text, f"export-{ctx.programme.id}-{run_id}.{fmt}", media)


# --- participants' links ---------------------------------------------------------------------


def _stored_links(uow: AbstractUnitOfWork, actor: Actor, ctx: runs.RunContext) -> list[dict]:
    """The run's stored links with names, for those who may revoke them (else none)."""
    if not actor.can_write(ctx.run.organisation_id):
        return []
    by_id = ctx.bank.by_id
    return [{"id": link.id, "participant": link.participant_id,
             "name": by_id[link.participant_id].full_name if link.participant_id in by_id
             else link.participant_id, "created": link.created_at, "expires": link.expires_at,
             "revoked": link.revoked_at}
            for link in runs.list_links(uow, actor, ctx.run.id)]


@router.get("/runs/{run_id}/links")
def links_page(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    ctx = runs.run_context(uow, actor, run_id)
    return render(request, "run_links.html", {
        "actor": actor, **_run_header(uow, actor, ctx.run), "links": None, "tab": "links",
        "given_links": _stored_links(uow, actor, ctx), "draft": _is_draft(uow, actor, run_id)})


def _is_draft(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> bool:
    """No pair of the run is confirmed or locked yet: links would show draft pairs."""
    counts = runs.proposal_counts(uow, actor, run_id)
    return not (counts.get(ProposalStatus.confirmed.value, 0)
                + counts.get(ProposalStatus.locked.value, 0))


@router.post("/runs/{run_id}/links", dependencies=[Csrf])
def create_links(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """Signed links for everyone the run concerns, each opening only their own explanation."""
    settings = settings_of(request)
    links = runs.create_links(uow, actor, run_id, None, key=settings.signing_key,
                              algorithm=settings.jwt_algorithm,
                              days=settings.explanation_link_days)
    run = runs.get_run(uow, actor, run_id)
    base = settings.link_base(str(request.base_url)).rstrip("/")
    return render(request, "run_links.html", {
        "actor": actor, **_run_header(uow, actor, run), "tab": "links", "given_links": [],
        "links": [{"id": link.participant_id, "name": link.name,
                   "url": f"{base}/explain/{link.token}", "expires": link.expires_at,
                   "link_id": link.id}
                  for link in links]})


@router.post("/runs/{run_id}/links/revoke-all", dependencies=[Csrf])
def revoke_all_links(run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """Revoke every link of the run that still works, then show the links again."""
    runs.revoke_links(uow, actor, run_id)
    return RedirectResponse(f"/runs/{run_id}/links", status_code=303)


@router.post("/runs/{run_id}/links/{link_id}/revoke", dependencies=[Csrf])
def revoke_link(run_id: IdPath, link_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    runs.revoke_link(uow, actor, run_id, link_id)
    return RedirectResponse(f"/runs/{run_id}/links", status_code=303)
