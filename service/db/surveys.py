"""Monitoring survey answers in SQL (`SurveyRepository` over `service.db.tables.SurveyRow`)."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matcher.model.monitoring import SurveyAnswer, SurveyKind
from service.db.repositories.common import rowcount
from service.db.tables import SurveyRow
from service.survey_repositories import StoredSurvey, SurveyRepository


class SqlSurveyRepository(SurveyRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _to_domain(row: SurveyRow) -> StoredSurvey:
        return StoredSurvey(row.programme_id, row.pair, row.participant_id, SurveyKind(row.kind),
                            row.seq, SurveyAnswer.model_validate(row.data), row.at,
                            row.run_id or 0, row.proposal_id, row.id)

    def put(self, survey: StoredSurvey) -> StoredSurvey:
        row = self.session.scalar(select(SurveyRow).where(
            SurveyRow.programme_id == survey.programme_id, SurveyRow.pair == survey.pair,
            SurveyRow.participant_id == survey.participant_id,
            SurveyRow.kind == survey.kind.value, SurveyRow.seq == survey.seq))
        if row is None:
            row = SurveyRow(programme_id=survey.programme_id, pair=survey.pair,
                            participant_id=survey.participant_id, kind=survey.kind.value,
                            seq=survey.seq)
            self.session.add(row)
        row.data = survey.answer.model_dump(mode="json")
        row.at, row.run_id, row.proposal_id = survey.at, survey.run_id, survey.proposal_id
        self.session.flush()
        return self._to_domain(row)

    def list_for(self, programme_id: str) -> list[StoredSurvey]:
        rows = self.session.scalars(select(SurveyRow).where(
            SurveyRow.programme_id == programme_id).order_by(SurveyRow.at, SurveyRow.id))
        return [self._to_domain(r) for r in rows]

    def forget(self, participant_id: str) -> int:
        return rowcount(self.session.execute(
            delete(SurveyRow).where(SurveyRow.participant_id == participant_id)))
