"""The read model of finished runs on SQLAlchemy: people, proposal facts, unmatched mentees and
a rerun's changes as rows, so a page of proposals is one indexed query joined on the proposal
rows (status, version), never a parse of the run's stored JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, insert, or_, select, update
from sqlalchemy.orm import Session

from matcher.model import ProposalStatus, Reason
from service.db.repositories import SqlProposalRepository
from service.db.repositories.common import aware
from service.db.tables import (
    ProposalFactsRow,
    ProposalRow,
    RunEndedRow,
    RunPersonRow,
    RunUnmatchedRow,
)
from service.domain import (
    EndedEntry,
    MenteeTop,
    ProposalFacts,
    ProposalMark,
    ProposalSummary,
    RunPerson,
    UnmatchedEntry,
)
from service.repositories import (
    ProposalQuery,
    ProposalSlice,
    ProposalSort,
    RunViewRepository,
    SummarySlice,
    fold,
)

# The review page's order of statuses: what still needs a decision comes first.
REVIEW_ORDER = {ProposalStatus.proposed: 0, ProposalStatus.confirmed: 1,
                ProposalStatus.locked: 2, ProposalStatus.rejected: 3, ProposalStatus.ended: 4}


MARKS = ("kept", "changed", "new")


def folded(values: tuple[str, ...] | list[str]) -> str:
    """`("Иванов И.", "Школа № 7")` -> `"|иванов и.|школа № 7|"`: whole values for LIKE."""
    return "|" + "|".join(fold(v) for v in values) + "|" if values else ""


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _reason(data: Any) -> Reason | None:
    return None if not data else Reason.model_validate(data)


def status_rank() -> ColumnElement[int]:
    """The review order of a proposal's status as a number (undecided first)."""
    return case({s.value: n for s, n in REVIEW_ORDER.items()},
                value=ProposalRow.status, else_=len(REVIEW_ORDER))


def sort_key(sort: ProposalSort) -> ColumnElement[Any] | None:
    """The column a keyset cursor of this order compares (None: the position alone)."""
    name = sort.value.removeprefix("-")
    keys: dict[str, ColumnElement[Any]] = {
        "score": ProposalFactsRow.score.expression,
        "mentor": ProposalFactsRow.mentor_name.expression,
        "form": ProposalFactsRow.form.expression,
        "kind": ProposalFactsRow.kind.expression,
        "status": status_rank(),
        "decided": ProposalRow.updated_at.expression}
    return keys.get(name) if sort != ProposalSort.review else None


class SqlRunViewRepository(RunViewRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def write(self, run_id: int, people: list[RunPerson], facts: list[ProposalFacts],
              unmatched: list[UnmatchedEntry]) -> None:
        if people:
            self.session.execute(insert(RunPersonRow), [
                {"run_id": run_id, "pid": p.pid, "full_name": p.full_name, "role": p.role,
                 "organisation": p.organisation} for p in people])
        if facts:
            self.session.execute(insert(ProposalFactsRow), [
                {"run_id": run_id, "proposal_id": f.proposal_id, "position": f.position,
                 "form": f.form, "kind": f.kind, "score": f.score,
                 "mentor_name": f.mentor_name, "names_folded": folded(f.names),
                 "organisations_folded": folded(f.organisations),
                 "mark": f.mark.mark if f.mark else "",
                 "mark_reason": f.mark.reason.model_dump() if f.mark and f.mark.reason else None,
                 "mark_before": f.mark.before if f.mark else "",
                 "summary": {"mentor": f.mentor, "mentees": list(f.mentees),
                             "mentee_names": list(f.names[1:]), "topics": list(f.topics),
                             "top": [[e, score, [list(r) for r in reasons]]
                                     for e, score, reasons in f.top]}}
                for f in facts])
        if unmatched:
            self.session.execute(insert(RunUnmatchedRow), [
                {"run_id": run_id, "position": i, "mentee": u.mentee, "full_name": u.full_name,
                 "role": u.role, "reasons": [r.model_dump() for r in u.reasons],
                 "suggestions": [s.model_dump() for s in u.suggestions]}
                for i, u in enumerate(unmatched)])

    def write_changes(self, run_id: int, marks: dict[str, ProposalMark],
                      ended: list[EndedEntry]) -> None:
        for pid, m in marks.items():
            self.session.execute(
                update(ProposalFactsRow)
                .where(ProposalFactsRow.run_id == run_id, ProposalFactsRow.proposal_id == pid)
                .values(mark=m.mark, mark_before=m.before,
                        mark_reason=m.reason.model_dump() if m.reason else None))
        if ended:
            self.session.execute(insert(RunEndedRow), [
                {"run_id": run_id, "position": i, "proposal_id": e.proposal_id,
                 "names": e.names, "reason": e.reason.model_dump(), "was": e.was}
                for i, e in enumerate(ended)])

    def has_changes(self, run_id: int) -> bool:
        marked = self.session.scalar(select(ProposalFactsRow.id).where(
            ProposalFactsRow.run_id == run_id, ProposalFactsRow.mark != "").limit(1))
        if marked is not None:
            return True
        return self.session.scalar(
            select(RunEndedRow.id).where(RunEndedRow.run_id == run_id).limit(1)) is not None

    def _filtered(self, stmt: Select[Any], run_id: int, q: ProposalQuery) -> Select[Any]:
        stmt = stmt.join(ProposalFactsRow, and_(
            ProposalFactsRow.run_id == ProposalRow.run_id,
            ProposalFactsRow.proposal_id == ProposalRow.proposal_id,
        )).where(ProposalRow.run_id == run_id)
        if q.status is not None:
            stmt = stmt.where(ProposalRow.status == q.status.value)
        if q.form is not None:
            stmt = stmt.where(ProposalFactsRow.form == q.form.value)
        if q.kind is not None:
            stmt = stmt.where(ProposalFactsRow.kind == q.kind.value)
        if q.organisation:
            stmt = stmt.where(ProposalFactsRow.organisations_folded.like(
                _like(f"|{fold(q.organisation)}|"), escape="\\"))
        if q.name and fold(q.name):
            stmt = stmt.where(ProposalFactsRow.names_folded.like(_like(fold(q.name)),
                                                                 escape="\\"))
        if q.score_min is not None:
            stmt = stmt.where(ProposalFactsRow.score >= q.score_min)
        if q.score_max is not None:
            stmt = stmt.where(ProposalFactsRow.score <= q.score_max)
        if q.ids is not None:
            stmt = stmt.where(ProposalRow.proposal_id.in_(q.ids))
        if q.changed:
            stmt = stmt.where(ProposalFactsRow.mark.in_(("changed", "new")))
        return stmt

    @staticmethod
    def _ordered(stmt: Select[Any], q: ProposalQuery) -> Select[Any]:
        position = ProposalFactsRow.position
        if q.sort == ProposalSort.review:
            return stmt.order_by(status_rank(),
                                 case((ProposalFactsRow.mark == "changed", 0), else_=1),
                                 case((ProposalFactsRow.mark == "new", 0), else_=1),
                                 ProposalFactsRow.score.desc(), ProposalRow.proposal_id)
        key = sort_key(q.sort)
        if q.after is not None:
            value, last = q.after
            if q.sort in (ProposalSort.decided, ProposalSort.decided_desc) \
                    and isinstance(value, str):
                value = datetime.fromisoformat(value)  # type: ignore[assignment]
            if key is None:
                stmt = stmt.where(position > last)
            elif q.sort.descending:
                stmt = stmt.where(or_(key < value, and_(key == value, position > last)))
            else:
                stmt = stmt.where(or_(key > value, and_(key == value, position > last)))
        if key is None:
            return stmt.order_by(position)
        return stmt.order_by(key.desc() if q.sort.descending else key, position)

    def _page(self, run_id: int, query: ProposalQuery, *columns: Any
              ) -> tuple[list[Any], int, tuple[float | str, int] | None]:
        """The page's rows (`columns`, then the position and the sort key), how many pass the
        filters, and the last row's keyset."""
        total = int(self.session.scalar(self._filtered(
            select(func.count(ProposalRow.id)), run_id, query)) or 0)
        if not total:
            return [], 0, None
        key = sort_key(query.sort)
        stmt: Select[Any] = select(*columns, ProposalFactsRow.position, (
            ProposalFactsRow.position if key is None else key).label("sort_key"))
        stmt = self._ordered(self._filtered(stmt, run_id, query), query)
        if query.after is None and query.offset:
            stmt = stmt.offset(query.offset)
        rows: list[Any] = list(self.session.execute(stmt.limit(query.limit)).all())
        last: tuple[float | str, int] | None = None
        if rows:
            value = rows[-1][-1]
            last = (aware(value).isoformat() if isinstance(value, datetime) else value,
                    rows[-1][-2])
        return rows, total, last

    def search(self, run_id: int, query: ProposalQuery) -> ProposalSlice:
        rows, total, last = self._page(run_id, query, ProposalRow)
        return ProposalSlice([SqlProposalRepository._to_domain(r[0]) for r in rows], total, last)

    def summaries(self, run_id: int, query: ProposalQuery) -> SummarySlice:
        rows, total, last = self._page(
            run_id, query, ProposalRow.proposal_id, ProposalFactsRow.summary,
            ProposalFactsRow.mentor_name, ProposalFactsRow.form, ProposalFactsRow.kind,
            ProposalFactsRow.score, ProposalRow.status, ProposalRow.status_reason,
            ProposalRow.version, ProposalRow.updated_at, ProposalRow.updated_by)
        items = []
        for pid, summary, mentor_name, form, kind, score, status, reason, version, at, by, \
                *_ in rows:
            s = summary or {}
            items.append(ProposalSummary(
                run_id=run_id, proposal_id=pid, mentor=s.get("mentor", ""),
                mentor_name=mentor_name, mentees=tuple(s.get("mentees", ())),
                mentee_names=tuple(s.get("mentee_names", ())), form=form, kind=kind,
                topics=tuple(s.get("topics", ())), score=score, status=status,
                status_reason=reason, version=version, updated_at=aware(at), updated_by=by,
                top=_top(s.get("top", ()))))
        return SummarySlice(items, total, last)

    def counts(self, run_id: int) -> dict[str, int]:
        found = dict(self.session.execute(
            select(ProposalRow.status, func.count(ProposalRow.id))
            .where(ProposalRow.run_id == run_id).group_by(ProposalRow.status)).all())
        return {s.value: int(found.get(s.value, 0)) for s in ProposalStatus}

    def mark_counts(self, run_id: int) -> dict[str, int]:
        found = dict(self.session.execute(
            select(ProposalFactsRow.mark, func.count(ProposalFactsRow.id))
            .where(ProposalFactsRow.run_id == run_id).group_by(ProposalFactsRow.mark)).all())
        return {m: int(found.get(m, 0)) for m in MARKS}

    def marks(self, run_id: int, proposal_ids: list[str]) -> dict[str, ProposalMark]:
        rows = self.session.execute(
            select(ProposalFactsRow.proposal_id, ProposalFactsRow.mark,
                   ProposalFactsRow.mark_reason, ProposalFactsRow.mark_before)
            .where(ProposalFactsRow.run_id == run_id, ProposalFactsRow.mark != "",
                   ProposalFactsRow.proposal_id.in_(proposal_ids)))
        return {pid: ProposalMark(mark, _reason(reason), before)
                for pid, mark, reason, before in rows}

    def organisations(self, run_id: int) -> list[str]:
        return sorted(o for o in self.session.scalars(
            select(RunPersonRow.organisation).where(RunPersonRow.run_id == run_id).distinct())
            if o)

    def people(self, run_id: int, pids: list[str]) -> dict[str, RunPerson]:
        rows = self.session.scalars(select(RunPersonRow).where(
            RunPersonRow.run_id == run_id, RunPersonRow.pid.in_(sorted(set(pids)))))
        return {r.pid: RunPerson(r.pid, r.full_name, r.role, r.organisation) for r in rows}

    def unmatched(self, run_id: int, offset: int = 0, limit: int | None = None
                  ) -> tuple[list[UnmatchedEntry], int]:
        total = int(self.session.scalar(select(func.count(RunUnmatchedRow.id)).where(
            RunUnmatchedRow.run_id == run_id)) or 0)
        stmt = (select(RunUnmatchedRow).where(RunUnmatchedRow.run_id == run_id)
                .order_by(RunUnmatchedRow.position).offset(offset))
        if limit is not None:
            stmt = stmt.limit(limit)
        items = [UnmatchedEntry(
            r.mentee, r.full_name, r.role,
            tuple(Reason.model_validate(x) for x in r.reasons),
            tuple(Reason.model_validate(x) for x in r.suggestions),
        ) for r in self.session.scalars(stmt)]
        return items, total

    def ended(self, run_id: int) -> list[EndedEntry]:
        rows = self.session.scalars(select(RunEndedRow).where(RunEndedRow.run_id == run_id)
                                    .order_by(RunEndedRow.position))
        return [EndedEntry(r.proposal_id, r.names, Reason.model_validate(r.reason), r.was)
                for r in rows]


def _top(stored: Any) -> tuple[MenteeTop, ...]:
    """The stored top reasons as tuples (JSON keeps them as lists)."""
    return tuple((str(e), float(score), tuple((str(n), float(v), str(ru), str(en))
                                              for n, v, ru, en in reasons))
                 for e, score, reasons in stored)
