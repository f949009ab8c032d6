"""SQLAlchemy repository of what happens after the match (`service.aftermatch_repositories`):
participants' answers, the alternates each run keeps, the recorded changes of pairs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from matcher.aftermatch import AnswerKind, ChangeKind, Ground, Initiator
from matcher.model import Form, Kind, Proposal
from matcher.solver.alternates import Alternate
from service.aftermatch_repositories import AfterMatchRepository, PairChange, StoredAnswer
from service.db.repositories.common import aware
from service.db.tables import AlternateRow, AnswerRow, PairChangeRow, ProposalRow


class SqlAfterMatchRepository(AfterMatchRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _answer(row: AnswerRow) -> StoredAnswer:
        return StoredAnswer(
            run_id=row.run_id, proposal_id=row.proposal_id, participant_id=row.participant_id,
            answer=AnswerKind(row.answer) if row.answer else None, at=aware(row.at),
            reason=row.reason, wishes=tuple(row.wishes or ()), link_id=row.link_id, id=row.id)

    def add_answer(self, answer: StoredAnswer) -> StoredAnswer:
        row = AnswerRow(run_id=answer.run_id, proposal_id=answer.proposal_id,
                        participant_id=answer.participant_id, link_id=answer.link_id,
                        answer=answer.answer.value if answer.answer else "",
                        reason=answer.reason, wishes=list(answer.wishes), at=answer.at)
        self.session.add(row)
        self.session.flush()
        return self._answer(row)

    def answers(self, run_id: int, proposal_id: str | None = None,
                participant_id: str | None = None) -> list[StoredAnswer]:
        stmt = select(AnswerRow).where(AnswerRow.run_id == run_id)
        if proposal_id is not None:
            stmt = stmt.where(AnswerRow.proposal_id == proposal_id)
        if participant_id is not None:
            stmt = stmt.where(AnswerRow.participant_id == participant_id)
        return [self._answer(r) for r in self.session.scalars(stmt.order_by(AnswerRow.id))]

    def forget(self, participant_id: str) -> int:
        result = self.session.execute(delete(AnswerRow).where(
            AnswerRow.participant_id == participant_id))
        return int(getattr(result, "rowcount", 0) or 0)

    def set_alternates(self, run_id: int, alternates: list[Alternate]) -> None:
        self.session.execute(delete(AlternateRow).where(AlternateRow.run_id == run_id))
        if alternates:
            self.session.execute(insert(AlternateRow), [
                {"run_id": run_id, "mentee": a.mentee, "rank": a.rank, "mentor": a.mentor,
                 "score": a.score, "form": a.form.value, "kind": a.kind.value,
                 "coverage_cost": a.coverage_cost} for a in alternates])

    def alternates(self, run_id: int, mentee: str) -> list[Alternate]:
        rows = self.session.scalars(select(AlternateRow).where(
            AlternateRow.run_id == run_id, AlternateRow.mentee == mentee
        ).order_by(AlternateRow.rank))
        return [Alternate(r.mentee, r.mentor, r.rank, r.score, Form(r.form), Kind(r.kind),
                          r.coverage_cost) for r in rows]

    def append_proposal(self, run_id: int, proposal: Proposal, at: datetime, by: str) -> int:
        last = self.session.scalar(select(func.max(ProposalRow.position)).where(
            ProposalRow.run_id == run_id))
        position = 0 if last is None else last + 1
        self.session.add(ProposalRow(
            run_id=run_id, proposal_id=proposal.id, position=position, mentor=proposal.mentor,
            status=proposal.status.value, status_reason=proposal.status_reason,
            data=proposal.model_dump(mode="json"), version=1, updated_at=at, updated_by=by))
        self.session.flush()
        return position

    @staticmethod
    def _change(row: PairChangeRow) -> PairChange:
        return PairChange(
            run_id=row.run_id, proposal_id=row.proposal_id, change=ChangeKind(row.change),
            ground=Ground(row.ground), initiator=Initiator(row.initiator), mentor=row.mentor,
            mentees=tuple(row.mentees), at=aware(row.at), actor=row.actor, note=row.note,
            new_proposal_id=row.new_proposal_id, extended_until=row.extended_until,
            new_form=row.new_form, new_kind=row.new_kind, actor_id=row.actor_id, id=row.id)

    def add_change(self, change: PairChange) -> PairChange:
        row = PairChangeRow(
            run_id=change.run_id, proposal_id=change.proposal_id, change=change.change.value,
            ground=change.ground.value, initiator=change.initiator.value, mentor=change.mentor,
            mentees=list(change.mentees), note=change.note,
            new_proposal_id=change.new_proposal_id, extended_until=change.extended_until,
            new_form=change.new_form, new_kind=change.new_kind, at=change.at,
            actor=change.actor, actor_id=change.actor_id)
        self.session.add(row)
        self.session.flush()
        return self._change(row)

    def changes(self, run_ids: list[int]) -> list[PairChange]:
        if not run_ids:
            return []
        rows = self.session.scalars(select(PairChangeRow).where(
            PairChangeRow.run_id.in_(run_ids)).order_by(PairChangeRow.id))
        return [self._change(r) for r in rows]
