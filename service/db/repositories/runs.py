"""SQL repositories of runs (with the job queue's claims and heartbeats) and proposals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, undefer

from matcher.lifecycle import UNDO
from matcher.model import Proposal, ProposalStatus
from service.db.repositories.common import aware, rowcount
from service.db.tables import (
    DecisionRow,
    ProgrammeRow,
    ProposalRow,
    RunRow,
)
from service.domain import (
    Decision,
    DecisionAction,
    RunStage,
    RunStatus,
    StoredProposal,
    StoredRun,
)
from service.errors import NotFound, RunInProgress, VersionConflict
from service.repositories import (
    ProposalRepository,
    RunRepository,
)

_HEAVY = ("bank", "programme", "result", "decisions")


class SqlRunRepository(RunRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    def _to_domain(self, row: RunRow, pid: str, *, full: bool = False) -> StoredRun:
        heavy = {k: getattr(row, k) for k in _HEAVY} if full else {}
        return StoredRun(
            id=row.id, programme_id=pid, organisation_id=row.organisation_id,
            status=RunStatus(row.status), stage=RunStage(row.stage), progress=row.progress,
            created_at=aware(row.created_at), created_by=row.created_by,
            created_by_id=row.created_by_id, previous_run_id=row.previous_run_id,
            bank_version=row.bank_version, error=row.error, error_en=row.error_en,
            started_at=None if row.started_at is None else aware(row.started_at),
            finished_at=None if row.finished_at is None else aware(row.finished_at),
            summary=row.summary, worker=row.worker,
            heartbeat_at=None if row.heartbeat_at is None else aware(row.heartbeat_at),
            attempts=row.attempts, job_id=row.job_id, detail=row.detail,
            detail_en=row.detail_en, order_issued_by=row.order_issued_by,
            order_issued_at=None if row.order_issued_at is None else aware(row.order_issued_at),
            **heavy,
        )

    def _select(self, *, full: bool = False) -> Select[RunRow, str]:
        stmt = select(RunRow, ProgrammeRow.pid).join(
            ProgrammeRow, ProgrammeRow.id == RunRow.programme_id)
        if full:
            stmt = stmt.options(*[undefer(getattr(RunRow, k)) for k in _HEAVY])
        return stmt

    def add(self, run: StoredRun) -> StoredRun:
        programme_row_id = self.session.scalar(
            select(ProgrammeRow.id).where(ProgrammeRow.pid == run.programme_id))
        if programme_row_id is None:
            raise NotFound(entity="programme", key=run.programme_id)
        row = RunRow(
            programme_id=programme_row_id, organisation_id=run.organisation_id,
            previous_run_id=run.previous_run_id, status=run.status.value,
            stage=run.stage.value, progress=run.progress, error=run.error,
            error_en=run.error_en, bank_version=run.bank_version, created_at=run.created_at,
            created_by=run.created_by, created_by_id=run.created_by_id,
        )
        try:
            with self.session.begin_nested():  # a savepoint: PostgreSQL keeps the transaction
                self.session.add(row)
                self.session.flush()
        except IntegrityError as exc:  # the unique index: another run is queued or running
            active = self.latest(run.programme_id, frozenset(_ACTIVE))
            raise RunInProgress(key=run.programme_id,
                                run=active.id if active is not None else "?") from exc
        return self._to_domain(row, run.programme_id)

    def get(self, run_id: int, *, full: bool = False) -> StoredRun | None:
        found = self.session.execute(
            self._select(full=full).where(RunRow.id == run_id)).first()
        return None if found is None else self._to_domain(*found, full=full)

    def list_for(self, programme_id: str) -> list[StoredRun]:
        rows = self.session.execute(
            self._select().where(ProgrammeRow.pid == programme_id).order_by(RunRow.id.desc()))
        return [self._to_domain(*r) for r in rows]

    def latest(self, programme_id: str, statuses: frozenset[RunStatus]) -> StoredRun | None:
        found = self.session.execute(
            self._select().where(ProgrammeRow.pid == programme_id)
            .where(RunRow.status.in_([s.value for s in statuses]))
            .order_by(RunRow.id.desc()).limit(1)
        ).first()
        return None if found is None else self._to_domain(*found)

    def count_for(self, programme_id: str) -> int:
        return int(self.session.scalar(
            select(func.count(RunRow.id)).join(ProgrammeRow, ProgrammeRow.id == RunRow.programme_id)
            .where(ProgrammeRow.pid == programme_id)) or 0)

    def _update(self, run_id: int, *statuses: RunStatus, **values: Any) -> int:
        """Update the run if it is in one of `statuses` (any when none); rows changed."""
        stmt = update(RunRow).where(RunRow.id == run_id)
        if statuses:
            stmt = stmt.where(RunRow.status.in_([s.value for s in statuses]))
        return rowcount(self.session.execute(stmt.values(**values)))

    def _update_one(self, run_id: int, *statuses: RunStatus, **values: Any) -> None:
        if self._update(run_id, *statuses, **values) != 1:
            raise NotFound(entity="run", key=str(run_id))

    def issue_order(self, run_id: int, at: datetime, by: str) -> None:
        self._update_one(run_id, RunStatus.done, order_issued_at=at, order_issued_by=by)

    def set_progress(self, run_id: int, stage: RunStage, progress: float) -> None:
        self._update_one(run_id, *_ACTIVE, stage=stage.value, progress=progress)

    def set_detail(self, run_id: int, detail: str, detail_en: str) -> None:
        self._update_one(run_id, *_ACTIVE, detail=detail, detail_en=detail_en)

    def start(self, run_id: int, at: datetime, bank: dict[str, Any], programme: dict[str, Any],
              bank_version: str, decisions: dict[str, str]) -> None:
        self._update_one(run_id, *_ACTIVE, status=RunStatus.running.value,
                         stage=RunStage.loading.value, started_at=at, bank=bank,
                         programme=programme, bank_version=bank_version, decisions=decisions)

    def finish(self, run_id: int, at: datetime, result: dict[str, Any],
               summary: dict[str, Any]) -> None:
        self._update_one(run_id, RunStatus.running, status=RunStatus.done.value,
                         stage=RunStage.done.value, progress=1.0, finished_at=at, result=result,
                         summary=summary, detail="", detail_en="")

    def fail(self, run_id: int, at: datetime, error: str, error_en: str) -> bool:
        if self.session.get(RunRow, run_id) is None:
            raise NotFound(entity="run", key=str(run_id))
        return self._update(run_id, *_ACTIVE, status=RunStatus.failed.value,
                            stage=RunStage.failed.value, finished_at=at, error=error,
                            error_en=error_en) == 1

    def unfinished(self) -> list[StoredRun]:
        rows = self.session.execute(self._select().where(
            RunRow.status.in_([RunStatus.queued.value, RunStatus.running.value])))
        return [self._to_domain(*r) for r in rows]

    def with_snapshot(self) -> list[int]:
        return list(self.session.scalars(
            select(RunRow.id).where(RunRow.started_at.is_not(None)).order_by(RunRow.id)))

    def replace_bank(self, run_id: int, bank: dict[str, Any]) -> None:
        self._update(run_id, bank=bank)
    def claim(self, run_id: int, worker: str, at: datetime, stale_before: datetime) -> bool:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        stmt = update(RunRow).where(RunRow.id == run_id).where(or_(
            RunRow.status == RunStatus.queued.value,
            and_(RunRow.status == RunStatus.running.value, last < stale_before),
        )).values(status=RunStatus.running.value, worker=worker, heartbeat_at=at,
                  attempts=RunRow.attempts + 1)
        return rowcount(self.session.execute(stmt)) == 1

    def beat(self, run_id: int, worker: str, at: datetime) -> bool:
        stmt = update(RunRow).where(RunRow.id == run_id, RunRow.worker == worker,
                                    RunRow.status == RunStatus.running.value
                                    ).values(heartbeat_at=at)
        return rowcount(self.session.execute(stmt)) == 1

    def stalled(self, stale_before: datetime) -> list[StoredRun]:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        rows = self.session.execute(self._select().where(
            RunRow.status == RunStatus.running.value, last < stale_before).order_by(RunRow.id))
        return [self._to_domain(*r) for r in rows]

    def requeue(self, run_id: int, stale_before: datetime) -> bool:
        last = func.coalesce(RunRow.heartbeat_at, RunRow.started_at, RunRow.created_at)
        stmt = update(RunRow).where(
            RunRow.id == run_id, RunRow.status == RunStatus.running.value, last < stale_before,
        ).values(status=RunStatus.queued.value, stage=RunStage.queued.value, progress=0.0,
                 worker="", detail="", detail_en="")
        return rowcount(self.session.execute(stmt)) == 1

    def set_job(self, run_id: int, job_id: int) -> None:
        self._update(run_id, job_id=job_id)


_ACTIVE = (RunStatus.queued, RunStatus.running)


class SqlProposalRepository(ProposalRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: ProposalRow) -> StoredProposal:
        return StoredProposal(run_id=row.run_id, proposal=Proposal.model_validate(row.data),
                              version=row.version, updated_at=aware(row.updated_at),
                              updated_by=row.updated_by)

    def add_all(self, run_id: int, proposals: list[Proposal], at: datetime) -> None:
        self.session.add_all([
            ProposalRow(run_id=run_id, proposal_id=p.id, position=i, mentor=p.mentor,
                        status=p.status.value, status_reason=p.status_reason,
                        data=p.model_dump(mode="json"), version=1,
                        updated_at=at, updated_by="")
            for i, p in enumerate(proposals)
        ])
        self.session.flush()

    def _row(self, run_id: int, proposal_id: str) -> ProposalRow | None:
        return self.session.scalars(select(ProposalRow).where(
            ProposalRow.run_id == run_id, ProposalRow.proposal_id == proposal_id)).first()

    def get(self, run_id: int, proposal_id: str) -> StoredProposal | None:
        row = self._row(run_id, proposal_id)
        return None if row is None else self._to_domain(row)

    def list_for(self, run_id: int, status: ProposalStatus | None = None
                 ) -> list[StoredProposal]:
        stmt = select(ProposalRow).where(ProposalRow.run_id == run_id)
        if status is not None:
            stmt = stmt.where(ProposalRow.status == status.value)
        rows = self.session.scalars(stmt.order_by(ProposalRow.position))
        return [self._to_domain(r) for r in rows]

    def update(self, stored: StoredProposal, proposal: Proposal, expected_version: int,
               at: datetime, by: str) -> StoredProposal:
        result = self.session.execute(
            update(ProposalRow)
            .where(ProposalRow.run_id == stored.run_id)
            .where(ProposalRow.proposal_id == stored.pid)
            .where(ProposalRow.version == expected_version)
            .values(status=proposal.status.value, status_reason=proposal.status_reason,
                    data=proposal.model_dump(mode="json"),
                    version=expected_version + 1, updated_at=at, updated_by=by)
        )
        if rowcount(result) != 1:
            actual = self.session.scalar(select(ProposalRow.version).where(
                ProposalRow.run_id == stored.run_id, ProposalRow.proposal_id == stored.pid))
            if actual is None:
                raise NotFound(entity="proposal", key=stored.pid)
            raise VersionConflict(entity="proposal", key=stored.pid, expected=expected_version,
                                  actual=actual)
        return StoredProposal(stored.run_id, proposal, expected_version + 1, at, by)

    def add_decision(self, decision: Decision) -> Decision:
        row_id = self.session.scalar(select(ProposalRow.id).where(
            ProposalRow.run_id == decision.run_id,
            ProposalRow.proposal_id == decision.proposal_id))
        if row_id is None:
            raise NotFound(entity="proposal", key=decision.proposal_id)
        row = DecisionRow(
            proposal_row_id=row_id, run_id=decision.run_id, proposal_id=decision.proposal_id,
            action=str(decision.action), status_before=decision.status_before,
            status_after=decision.status_after, reason=decision.reason, at=decision.at,
            actor=decision.actor, actor_id=decision.actor_id,
        )
        self.session.add(row)
        self.session.flush()
        return replace(decision, id=row.id)

    def decisions(self, run_id: int, proposal_id: str | None = None) -> list[Decision]:
        stmt = select(DecisionRow).where(DecisionRow.run_id == run_id)
        if proposal_id is not None:
            stmt = stmt.where(DecisionRow.proposal_id == proposal_id)
        return [
            Decision(id=r.id, run_id=r.run_id, proposal_id=r.proposal_id,
                     action=UNDO if r.action == UNDO else DecisionAction(r.action),
                     status_before=r.status_before,
                     status_after=r.status_after, reason=r.reason, at=aware(r.at),
                     actor=r.actor, actor_id=r.actor_id)
            for r in self.session.scalars(stmt.order_by(DecisionRow.id))
        ]
