"""SQL repository of the papers a school files: plan edits, school years, order settings."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from service.db.repositories.common import aware, rowcount
from service.db.tables import OrderSettingsRow, PlanRow, SchoolYearRow
from service.domain import OrderSettings, SchoolYear, StoredPlan
from service.errors import VersionConflict
from service.paper_repositories import PaperRepository


class SqlPaperRepository(PaperRepository):
    def __init__(self, session: Session) -> None:
        self.session = session

    @staticmethod
    def _plan(row: PlanRow) -> StoredPlan:
        return StoredPlan(programme_id=row.programme_id, proposal_id=row.proposal_id,
                          organisation_id=row.organisation_id, data=dict(row.data),
                          version=row.version, updated_at=aware(row.updated_at),
                          updated_by=row.updated_by)

    def _plan_row(self, programme_id: str, proposal_id: str) -> PlanRow | None:
        return self.session.scalars(select(PlanRow).where(
            PlanRow.programme_id == programme_id, PlanRow.proposal_id == proposal_id)).first()

    def plan(self, programme_id: str, proposal_id: str) -> StoredPlan | None:
        row = self._plan_row(programme_id, proposal_id)
        return None if row is None else self._plan(row)

    def plans(self, programme_id: str) -> list[StoredPlan]:
        rows = self.session.scalars(select(PlanRow).where(PlanRow.programme_id == programme_id)
                                    .order_by(PlanRow.proposal_id))
        return [self._plan(r) for r in rows]

    def save_plan(self, plan: StoredPlan, expected_version: int | None) -> StoredPlan:
        key = f"{plan.programme_id}/{plan.proposal_id}"
        current = self._plan_row(plan.programme_id, plan.proposal_id)
        if expected_version is None:
            if current is not None:
                raise VersionConflict(entity="plan", key=key, expected=0,
                                      actual=current.version)
            row = PlanRow(programme_id=plan.programme_id, proposal_id=plan.proposal_id,
                          organisation_id=plan.organisation_id, data=plan.data, version=1,
                          updated_at=plan.updated_at, updated_by=plan.updated_by)
            self.session.add(row)
            self.session.flush()
            return self._plan(row)
        # One conditional UPDATE: two saves of the same version cannot both pass.
        result = self.session.execute(
            update(PlanRow).where(PlanRow.programme_id == plan.programme_id,
                                  PlanRow.proposal_id == plan.proposal_id,
                                  PlanRow.version == expected_version)
            .values(data=plan.data, version=expected_version + 1, updated_at=plan.updated_at,
                    updated_by=plan.updated_by))
        if rowcount(result) != 1:
            raise VersionConflict(entity="plan", key=key, expected=expected_version,
                                  actual=0 if current is None else current.version)
        self.session.expire_all()
        saved = self.plan(plan.programme_id, plan.proposal_id)
        assert saved is not None
        return saved

    @staticmethod
    def _year(row: SchoolYearRow) -> SchoolYear:
        return SchoolYear(organisation_id=row.organisation_id, year=row.year,
                          data=dict(row.data), updated_at=aware(row.updated_at),
                          updated_by=row.updated_by)

    def year(self, organisation_id: int, year: int) -> SchoolYear | None:
        row = self.session.get(SchoolYearRow, (organisation_id, year))
        return None if row is None else self._year(row)

    def years(self, organisation_id: int) -> list[SchoolYear]:
        rows = self.session.scalars(select(SchoolYearRow).where(
            SchoolYearRow.organisation_id == organisation_id).order_by(SchoolYearRow.year.desc()))
        return [self._year(r) for r in rows]

    def save_year(self, record: SchoolYear) -> SchoolYear:
        row = self.session.get(SchoolYearRow, (record.organisation_id, record.year))
        if row is None:
            row = SchoolYearRow(organisation_id=record.organisation_id, year=record.year)
            self.session.add(row)
        row.data, row.updated_at, row.updated_by = record.data, record.updated_at, \
            record.updated_by
        self.session.flush()
        return self._year(row)

    def order_settings(self, organisation_id: int) -> OrderSettings | None:
        row = self.session.get(OrderSettingsRow, organisation_id)
        return None if row is None else OrderSettings(
            organisation_id=row.organisation_id, data=dict(row.data),
            updated_at=aware(row.updated_at), updated_by=row.updated_by)

    def save_order_settings(self, record: OrderSettings) -> OrderSettings:
        row = self.session.get(OrderSettingsRow, record.organisation_id)
        if row is None:
            row = OrderSettingsRow(organisation_id=record.organisation_id)
            self.session.add(row)
        row.data, row.updated_at, row.updated_by = record.data, record.updated_at, \
            record.updated_by
        self.session.flush()
        return record
