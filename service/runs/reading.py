"""Reading runs: one run, a programme's runs, a finished run's result and its proposals.

Lists, counts and single proposals read the run's read model (rows written when it finished,
`service.runs.readmodel`), never its stored JSON; `run_context` loads the JSON for what needs
all of it (documents, the report, why-not).
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field

from matcher.model import ProposalStatus, RunResult
from service.domain import (
    Actor,
    Decision,
    EndedEntry,
    ProposalMark,
    ProposalSummary,
    RunPerson,
    StoredProposal,
    StoredRun,
    UnmatchedEntry,
)
from service.errors import NotFound, field_error
from service.repositories import ProposalQuery, ProposalSort
from service.runs.common import (
    NOT_FAILED,
    RunContext,
    context_of,
    require_done,
    stored_run,
)
from service.runs.readmodel import ensure_changes
from service.services.common import invalid, require_read, stored_programme
from service.unit_of_work import AbstractUnitOfWork


def get_run(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> StoredRun:
    with uow:
        run = stored_run(uow, run_id)
    require_read(actor, run.organisation_id)
    return run


def list_runs(uow: AbstractUnitOfWork, actor: Actor, programme_id: str) -> list[StoredRun]:
    """The programme's runs, newest first."""
    with uow:
        programme = stored_programme(uow, programme_id)
        require_read(actor, programme.organisation_id)
        return uow.runs.list_for(programme_id)


def run_context(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunContext:
    """A finished run the actor may read, with its bank, programme and current result."""
    with uow:
        run = stored_run(uow, run_id, full=True)
        require_read(actor, run.organisation_id)
        return context_of(uow, run)


def run_result(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> RunResult:
    return run_context(uow, actor, run_id).result


@dataclass(frozen=True)
class ProposalPage:
    """A page of a run's proposals with their people as the run read them, how many pass the
    filters, and the cursor of the next page (None when this page is the last)."""

    items: list[StoredProposal]
    total: int
    people: dict[str, RunPerson]
    marks: dict[str, ProposalMark]
    next_cursor: str | None = None


def encode_cursor(sort: ProposalSort, key: tuple[float | str, int]) -> str:
    """An opaque cursor: the order and the last row's sort value and position."""
    raw = json.dumps([sort.value, key[0], key[1]], ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: ProposalSort) -> tuple[float | str, int]:
    """The keyset a cursor stands for; 422 if it is not one of ours or of another order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        order, value, position = json.loads(raw)
        if order != sort.value or not isinstance(position, int) or isinstance(value, bool) \
                or not isinstance(value, int | float | str):
            raise ValueError(order)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise invalid([field_error("field.cursor_invalid", "cursor",
                                   value=cursor[:100])]) from None
    return value, position


def _finished(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> StoredRun:
    run = stored_run(uow, run_id)
    require_read(actor, run.organisation_id)
    require_done(run)
    return run


def _people_of(uow: AbstractUnitOfWork, run_id: int, rows: list[StoredProposal]
               ) -> dict[str, RunPerson]:
    pids = [x for r in rows for x in (r.proposal.mentor, *r.proposal.mentees)]
    return uow.views.people(run_id, pids) if pids else {}


def search_proposals(uow: AbstractUnitOfWork, actor: Actor, run_id: int, query: ProposalQuery,
                     *, with_marks: bool = False) -> ProposalPage:
    """A page of the finished run's proposals that pass the filters, in the query's order;
    `with_marks`: a rerun's marks too (stored the first time they are asked for)."""
    run = get_run(uow, actor, run_id)
    require_done(run)
    if with_marks:
        ensure_changes(uow, run)
    with uow:
        found = uow.views.search(run_id, query)
        people = _people_of(uow, run_id, found.items)
        marks = uow.views.marks(run_id, [r.pid for r in found.items]) if with_marks else {}
    cursor = _next_cursor(query, len(found.items), found.total, found.last)
    return ProposalPage(found.items, found.total, people, marks, cursor)


@dataclass(frozen=True)
class SummaryPage:
    """A page of a run's proposals as a list shows them, how many pass the filters, and the
    cursor of the next page (None when this page is the last)."""

    items: list[ProposalSummary]
    total: int
    next_cursor: str | None = None


def _next_cursor(query: ProposalQuery, count: int, total: int,
                 last: tuple[float | str, int] | None) -> str | None:
    """The cursor of the page after this one of `count` rows; None when this is the last."""
    if last is None or count < query.limit:
        return None
    if query.after is None and query.offset + count >= total:
        return None
    return encode_cursor(query.sort, last)


def list_summaries(uow: AbstractUnitOfWork, actor: Actor, run_id: int, query: ProposalQuery
                   ) -> SummaryPage:
    """A page of the finished run's proposals that pass the filters, as a list shows them:
    the rows' list fields and current status, no score breakdown (one proposal has it)."""
    with uow:
        _finished(uow, actor, run_id)
        found = uow.views.summaries(run_id, query)
    return SummaryPage(found.items, found.total,
                       _next_cursor(query, len(found.items), found.total, found.last))


def proposal_counts(uow: AbstractUnitOfWork, actor: Actor, run_id: int) -> dict[str, int]:
    """The finished run's proposals by status value."""
    with uow:
        _finished(uow, actor, run_id)
        return uow.views.counts(run_id)


def list_proposals(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, status: ProposalStatus | None = None
) -> ProposalPage:
    """Every proposal of the run (of one status if given), in the solver's order."""
    total = sum(proposal_counts(uow, actor, run_id).values())
    return search_proposals(uow, actor, run_id,
                            ProposalQuery(status=status, limit=max(total, 1)))


def get_proposal(
    uow: AbstractUnitOfWork, actor: Actor, run_id: int, proposal_id: str
) -> tuple[StoredProposal, list[Decision], dict[str, RunPerson]]:
    """One proposal with its decisions, oldest first, and its people as the run read them."""
    with uow:
        _finished(uow, actor, run_id)
        stored = uow.proposals.get(run_id, proposal_id)
        if stored is None:
            raise NotFound(entity="proposal", key=proposal_id)
        decisions = uow.proposals.decisions(run_id, proposal_id)
        return stored, decisions, _people_of(uow, run_id, [stored])


def proposal_people(uow: AbstractUnitOfWork, run_id: int, stored: StoredProposal
                    ) -> dict[str, RunPerson]:
    """The people of one proposal as the run read them (after a decision, for its answer)."""
    with uow:
        return _people_of(uow, run_id, [stored])


def list_unmatched(uow: AbstractUnitOfWork, actor: Actor, run_id: int, offset: int = 0,
                   limit: int | None = None) -> tuple[list[UnmatchedEntry], int]:
    """A page of the mentees the finished run left without (enough) mentors, and how many."""
    with uow:
        _finished(uow, actor, run_id)
        return uow.views.unmatched(run_id, offset, limit)


@dataclass(frozen=True)
class RunChanges:
    """A rerun against the run it started from, as counts and the proposals it ended."""

    previous_run_id: int | None
    counts: dict[str, int]  # kept, changed, new
    ended: list[EndedEntry]


def run_changes(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun) -> RunChanges:
    """What a rerun kept, changed, added and ended (stored the first time it is asked for)."""
    ensure_changes(uow, run)
    with uow:
        _finished(uow, actor, run.id)
        if run.previous_run_id is None:
            return RunChanges(None, {}, [])
        return RunChanges(run.previous_run_id, uow.views.mark_counts(run.id),
                          uow.views.ended(run.id))


@dataclass(frozen=True)
class ReviewPage:
    """What a finished run's review page shows, read in one transaction from the rows: one page
    of proposals as cards show them (with their stored top reasons), their people and rerun
    marks, the counts by status, the rerun's changes and how many mentees are unmatched."""

    items: list[ProposalSummary]
    total: int  # that pass the filter
    people: dict[str, RunPerson]
    marks: dict[str, ProposalMark]
    counts: dict[str, int]
    changes: RunChanges
    unmatched: int
    organisations: list[str] = field(default_factory=list)  # of the run's people, to filter by


def review_page(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun, query: ProposalQuery
                ) -> ReviewPage:
    """The review page of `run` (read by the caller with `get_run`): its access is checked
    once and every list, count and mark comes from indexed rows, never the stored JSON."""
    require_read(actor, run.organisation_id)
    require_done(run)
    ensure_changes(uow, run)
    with uow:
        found = uow.views.summaries(run.id, query)
        pids = [x for s in found.items for x in (s.mentor, *s.mentees)]
        people = uow.views.people(run.id, pids) if pids else {}
        marks = uow.views.marks(run.id, [s.proposal_id for s in found.items])
        counts = uow.views.counts(run.id)
        changes = (RunChanges(None, {}, []) if run.previous_run_id is None else
                   RunChanges(run.previous_run_id, uow.views.mark_counts(run.id),
                              uow.views.ended(run.id)))
        _, unmatched = uow.views.unmatched(run.id, 0, 0)
        organisations = uow.views.organisations(run.id)
    return ReviewPage(found.items, found.total, people, marks, counts, changes, unmatched,
                      organisations)


def newer_run(uow: AbstractUnitOfWork, actor: Actor, run: StoredRun) -> StoredRun | None:
    """The programme's newest run after `run` that has not failed (decisions are taken on it),
    or None: one indexed row, not the programme's whole history."""
    require_read(actor, run.organisation_id)
    with uow:
        latest = uow.runs.latest(run.programme_id, NOT_FAILED)
    return latest if latest is not None and latest.id > run.id else None
