"""The review desk of a finished run (issue 18): the proposals as a table with search, sort by
any column, filters and pages from the read model; a row opens the full card with its history;
rows are chosen and confirmed, locked or rejected at once after one confirmation that says how
many and which; any decision is undone until the order is issued; a print view. Every action is
a plain form (the page works without JavaScript; `static/app.js` adds the keyboard)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from matcher.labels import label
from matcher.lifecycle import UNDO, UNDO_WORDS, action_word, allows, status_after, status_word
from matcher.messages.plural import plural
from matcher.model import Form as PairForm
from matcher.model import Kind, ProposalStatus
from matcher.reports.common import status_label
from service import runs, services
from service.api.deps import DB_ID_MAX, IdPath
from service.domain import Actor, DecisionAction, StoredRun
from service.i18n import message
from service.repositories import ProposalQuery, ProposalSort
from service.unit_of_work import AbstractUnitOfWork
from service.web.aftermatch import answer_lines, change_choices
from service.web.render import render
from service.web.routes.common import ActorDep, Csrf, PageRoute, UowDep
from service.web.runviews import ended_lines, page_cards, summary_rows
from service.web.session import lang_of, safe_next

router = APIRouter(route_class=PageRoute, include_in_schema=False)

PAGE_SIZE = 50  # rows a page of the table shows: one bulk decision takes a whole page
PRINT_MAX = 2000  # rows the print view shows at most (a district run has about 600)
BULK_ACTIONS = (DecisionAction.confirm, DecisionAction.lock, DecisionAction.reject)

# score bands as curators read scores (0 to 100): (low, high) on the 0..1 scale, high open
BANDS: dict[str, tuple[float, float | None]] = {
    "80": (0.8, None), "60": (0.6, 0.8), "40": (0.4, 0.6), "0": (0.0, 0.4)}
BAND_WORDS = {"80": ("80 и выше", "80 and above"), "60": ("60–79", "60–79"),
              "40": ("40–59", "40–59"), "0": ("ниже 40", "below 40")}
EPSILON = 1e-9

# the table's sortable columns: the order of each, ascending (descending is `-` + it)
COLUMNS = {"people": ProposalSort.mentor, "form": ProposalSort.form, "kind": ProposalSort.kind,
           "score": ProposalSort.score, "status": ProposalSort.status,
           "decided": ProposalSort.decided}
SORTS = {s.value: s for s in ProposalSort}


@dataclass(frozen=True)
class Filters:
    """The table's search, filters, order and page, as the address carries them."""

    q: str = ""
    status: str = ""
    form: str = ""
    kind: str = ""
    school: str = ""
    band: str = ""
    changed: bool = False
    sort: str = ""  # "" is the review order: undecided first, a rerun's changes first
    page: int = 1

    @classmethod
    def parse(cls, q: str, status: str, form: str, kind: str, school: str, band: str,
              changed: str, sort: str, page: int) -> Filters:
        """Unknown values are dropped, not refused: an old bookmark still opens."""
        return cls(
            q=q.strip()[:200], status=status if status in STATUSES else "",
            form=form if form in FORMS else "", kind=kind if kind in KINDS else "",
            school=school.strip()[:300], band=band if band in BANDS else "",
            changed=changed in ("1", "true", "on"),
            sort=sort if sort in SORTS and sort != ProposalSort.review.value else "",
            page=page)

    def query(self, *, offset: int, limit: int) -> ProposalQuery:
        low, high = BANDS[self.band] if self.band else (None, None)
        return ProposalQuery(
            status=ProposalStatus(self.status) if self.status else None,
            form=PairForm(self.form) if self.form else None,
            kind=Kind(self.kind) if self.kind else None, organisation=self.school or None,
            name=self.q or None, score_min=low,
            score_max=None if high is None else high - EPSILON, changed=self.changed,
            sort=SORTS[self.sort] if self.sort else ProposalSort.review,
            offset=offset, limit=limit)

    def params(self, **changes: Any) -> str:
        """The address's query for these filters with `changes` (empty values left out)."""
        values = {**self.__dict__, **changes}
        values["changed"] = "1" if values["changed"] else ""
        if values.get("page") == 1:
            values["page"] = ""
        return urlencode({k: v for k, v in values.items() if v not in ("", None, False)})

    def sort_link(self, column: str) -> tuple[str, str]:
        """The header's link (the other direction when sorted by it) and its `aria-sort`."""
        asc = COLUMNS[column].value
        desc = "-" + asc.removeprefix("-")
        if self.sort == asc:
            return self.params(sort=desc, page=1), "ascending"
        if self.sort == desc:
            return self.params(sort=asc, page=1), "descending"
        first = desc if column in ("score", "decided") else asc
        return self.params(sort=first, page=1), "none"

    @property
    def active(self) -> bool:
        return bool(self.q or self.status or self.form or self.kind or self.school
                    or self.band or self.changed)


STATUSES = frozenset(s.value for s in ProposalStatus)
FORMS = frozenset(f.value for f in PairForm)
KINDS = frozenset(k.value for k in Kind)


def _filters(request: Request, page: int = 1) -> Filters:
    p = request.query_params
    return Filters.parse(p.get("q", ""), p.get("status", ""), p.get("form", ""),
                         p.get("kind", ""), p.get("school", ""), p.get("band", ""),
                         p.get("changed", ""), p.get("sort", ""), page)


def _filters_of(query: str) -> Filters:
    """The table's filters from the query string the bulk form carries (page and order of
    no matter: every row found is chosen)."""
    p = dict(parse_qsl(query, keep_blank_values=True))
    return Filters.parse(p.get("q", ""), p.get("status", ""), p.get("form", ""),
                         p.get("kind", ""), p.get("school", ""), p.get("band", ""),
                         p.get("changed", ""), "", 1)


def _options(stored_programme: Any, organisations: list[str], lang: str) -> dict[str, Any]:
    programme = stored_programme.programme
    return {
        "statuses": [(s.value, status_label(s, lang)) for s in ProposalStatus],
        "forms": [(f.value, label(f, lang)) for f in PairForm if f in programme.forms],
        "kinds": [(k.value, label(k, lang)) for k in Kind if k in programme.kinds],
        "schools": organisations,
        "bands": [(b, ru if lang != "en" else en) for b, (ru, en) in BAND_WORDS.items()],
    }


def table_page(request: Request, uow: AbstractUnitOfWork, actor: Actor, run: StoredRun,
               head: dict[str, Any], page: int) -> Response:
    """The review table of a finished run: one page of rows from the read model."""
    lang = lang_of(request)
    filters = _filters(request, page)
    review = runs.review_page(uow, actor, run, filters.query(
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE))
    counts = review.counts
    pages = max(1, -(-review.total // PAGE_SIZE))
    decided = request.query_params.get("decided", "")
    return render(request, "run_proposals.html", {
        "actor": actor, **head, "rows": summary_rows(review.items, review.marks, lang),
        "counts": [(s.value, status_label(s, lang), counts.get(s.value, 0))
                   for s in ProposalStatus],
        "total": sum(counts.values()), "found": review.total, "f": filters,
        "ended": ended_lines(review.changes.ended, lang), "changes": review.changes,
        "pager": {"page": page, "pages": pages,
                  "prev": filters.params(page=page - 1) if page > 1 else None,
                  "next": filters.params(page=page + 1) if page < pages else None},
        "summary": run.summary or {}, "unmatched": review.unmatched, "tab": "proposals",
        "options": _options(head["stored"], review.organisations, lang),
        "columns": {c: filters.sort_link(c) for c in COLUMNS},
        "bulk_actions": [(a.value, action_word(a, "ru").capitalize(),
                          action_word(a, "en").capitalize()) for a in BULK_ACTIONS],
        "notice": _notice(decided, lang), "filter": filters.status,
        "back": f"/runs/{run.id}" + (f"?{filters.params(page=page)}" if filters.params(
            page=page) else ""),
        "may_decide": head["newer"] is None and actor.can_write(run.organisation_id)})


def _notice(decided: str, lang: str) -> str:
    """«Подтверждено: 50» after a bulk decision (the address carries action and count)."""
    action, _, count = decided.partition(":")
    if action not in {a.value for a in BULK_ACTIONS} or not count.isdigit():
        return ""
    done = status_word(status_after(DecisionAction(action)), lang)
    return f"{done.capitalize()}: {int(count)}"


def _header(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun) -> dict[str, Any]:
    stored = services.get_programme(uow, actor, run.programme_id)
    return {"run": run, "stored": stored, "newer": runs.newer_run(uow, actor, run)}


# --- the print view --------------------------------------------------------------------------


@router.get("/runs/{run_id}/print")
def print_view(request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """Every row that passes the filters, in their order, on plain pages to print."""
    lang = lang_of(request)
    run = runs.get_run(uow, actor, run_id)
    filters = _filters(request)
    found = runs.list_summaries(uow, actor, run_id, filters.query(offset=0, limit=PRINT_MAX))
    marks = {}
    if run.previous_run_id is not None:
        page = runs.search_proposals(uow, actor, run_id, ProposalQuery(
            ids=tuple(s.proposal_id for s in found.items), limit=PRINT_MAX), with_marks=True)
        marks = page.marks
    return render(request, "run_print.html", {
        "actor": actor, **_header(uow, actor, run), "rows": summary_rows(found.items, marks, lang),
        "found": found.total, "f": filters})


# --- the card of one proposal ----------------------------------------------------------------


@router.get("/runs/{run_id}/proposals/{proposal_id}")
def proposal_page(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep,
                  uow: UowDep) -> Response:
    """The full card of a proposal (every reason), its decisions with who and when, and the
    decisions it allows; «undo» while the order is not issued."""
    lang = lang_of(request)
    stored, decisions, people = runs.get_proposal(uow, actor, run_id, proposal_id)
    found = runs.search_proposals(uow, actor, run_id, ProposalQuery(ids=(proposal_id,),
                                                                    limit=1), with_marks=True)
    [card] = page_cards([stored], people, found.marks, lang, reasons=None)
    run = runs.get_run(uow, actor, run_id)
    head = _header(uow, actor, run)
    back = safe_next(request.query_params.get("back") or f"/runs/{run_id}#p-{proposal_id}")
    history = [{"action": UNDO_WORDS[1 if lang == "en" else 0] if str(d.action) == UNDO
                else action_word(DecisionAction(d.action), lang),
                "before": status_word(ProposalStatus(d.status_before), lang),
                "after": status_word(ProposalStatus(d.status_after), lang),
                "reason": d.reason, "actor": d.actor, "at": d.at.strftime("%d.%m.%Y %H:%M")}
               for d in decisions]
    return render(request, "proposal.html", {
        "actor": actor, **head, "c": card, "history": history, "back": back,
        "next_here": f"/runs/{run_id}/proposals/{proposal_id}?{urlencode({'back': back})}",
        "full": True, "tab": "proposals",
        "answers": answer_lines(uow, actor, run, lang),
        "change_choices": change_choices(lang, head["stored"].programme.forms),
        "undo": runs.can_undo(decisions) and head["newer"] is None
        and run.order_issued_at is None})


@router.post("/runs/{run_id}/proposals/{proposal_id}/undo", dependencies=[Csrf])
def undo(request: Request, run_id: IdPath, proposal_id: str, actor: ActorDep, uow: UowDep,
         version: Annotated[int, Form(ge=1, le=DB_ID_MAX)],
         next: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Take back the latest decision on the proposal; back to where the curator was."""
    runs.undo_decision(uow, actor, run_id, proposal_id, version)
    return RedirectResponse(safe_next(next or f"/runs/{run_id}#p-{proposal_id}"),
                            status_code=303)


# --- many rows at once -----------------------------------------------------------------------


def _picked(values: list[str]) -> list[tuple[str, int]]:
    """`["p1:3", ...]` -> `[("p1", 3), ...]`; malformed values are left out."""
    out = []
    for v in values[:runs.BULK_MAX]:
        pid, _, version = v.rpartition(":")
        if pid and version.isdigit() and 0 < int(version) <= DB_ID_MAX:
            out.append((pid[:64], int(version)))
    return out


@router.post("/runs/{run_id}/bulk", dependencies=[Csrf])
def bulk_confirmation(
    request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
    action: Annotated[DecisionAction, Form()],
    pick: Annotated[list[str] | None, Form(max_length=runs.BULK_MAX)] = None,
    reason: Annotated[str, Form(max_length=1000)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
    everything: Annotated[bool, Form()] = False,
    filters: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """The one confirmation of a bulk decision: how many and which, those the decision does
    not apply to set apart; nothing changes until it is confirmed. With `everything`, the
    rows are every row the table's `filters` find, on all its pages (up to `BULK_MAX`)."""
    lang = lang_of(request)
    chosen = dict(_picked(pick or []))
    run = runs.get_run(uow, actor, run_id)
    items = []
    beyond = 0
    if everything:
        wanted = _filters_of(filters).query(offset=0, limit=runs.BULK_MAX)
        found = runs.list_summaries(uow, actor, run_id, wanted)
        chosen = {p.proposal_id: p.version for p in found.items}
        beyond = max(0, found.total - len(found.items))
    if chosen:
        found = runs.list_summaries(uow, actor, run_id, ProposalQuery(
            ids=tuple(chosen), sort=ProposalSort.position, limit=len(chosen)))
        items = summary_rows(found.items, {}, lang)
    # the version the curator saw, not the one stored now: a change meanwhile is refused
    rows = [replace(r, version=chosen[r.id]) for r in items]
    fits = [r for r in rows if allows(r.status, action)]
    skipped = [r for r in rows if not allows(r.status, action)]
    return render(request, "bulk_confirm.html", {
        "actor": actor, **_header(uow, actor, run), "tab": "proposals", "action": action,
        "verb": action_word(action, lang), "fits": fits,
        "title": message("bulk.title", lang, verb=action_word(action, "ru").capitalize(),
                         verb_en=action_word(action, "en").capitalize(),
                         count=plural(len(fits), "предложение"),
                         count_en=f"{len(fits)} proposal{'' if len(fits) == 1 else 's'}"),
        "skipped": skipped,
        "reason": reason.strip(), "back": safe_next(back or f"/runs/{run_id}"),
        "needs_reason": action == DecisionAction.reject, "beyond": beyond})


@router.post("/runs/{run_id}/bulk/apply", dependencies=[Csrf])
def bulk_apply(
    request: Request, run_id: IdPath, actor: ActorDep, uow: UowDep,
    action: Annotated[DecisionAction, Form()],
    pick: Annotated[list[str] | None, Form(max_length=runs.BULK_MAX)] = None,
    reason: Annotated[str, Form(max_length=1000)] = "",
    back: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Apply the confirmed bulk decision: all rows in one transaction, or none."""
    chosen = _picked(pick or [])
    done = runs.decide_many(uow, actor, run_id, chosen, action, reason)
    target = safe_next(back or f"/runs/{run_id}")
    glue = "&" if "?" in target else "?"
    return RedirectResponse(f"{target}{glue}decided={action.value}:{len(done)}",
                            status_code=303)


# --- the order -------------------------------------------------------------------------------


@router.post("/runs/{run_id}/order-issued", dependencies=[Csrf])
def order_issued(run_id: IdPath, actor: ActorDep, uow: UowDep) -> Response:
    """Mark the run's order issued (after the page asked): its decisions stand from now on."""
    runs.issue_order(uow, actor, run_id)
    return RedirectResponse(f"/runs/{run_id}", status_code=303)

