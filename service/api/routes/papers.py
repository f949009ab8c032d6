"""An organisation's papers settings: its real numbers and own targets per school year (the
coverage report's denominators and targets) and its order settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from matcher.reports.targets import FIRST_YEAR, LAST_YEAR
from service import services
from service.api.deps import ActorDep, IdPath, UowDep
from service.schemas.papers import OrderSettingsBody, SchoolYearBody, SchoolYearPublic

router = APIRouter(prefix="/organisations/{organisation_id}", tags=["organisations"])
YearPath = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR,
                               description="The year the school year starts in")]


@router.get("/school-years", response_model=list[SchoolYearPublic])
def list_school_years(organisation_id: IdPath, actor: ActorDep, uow: UowDep
                      ) -> list[SchoolYearPublic]:
    """The organisation's real numbers and targets by school year, newest first."""
    return [SchoolYearPublic.of(n, y.updated_at, y.updated_by)
            for n, y in services.list_school_years(uow, actor, organisation_id)]


@router.put("/school-years/{year}", response_model=SchoolYearPublic)
def save_school_year(organisation_id: IdPath, year: YearPath, body: SchoolYearBody,
                     actor: ActorDep, uow: UowDep) -> SchoolYearPublic:
    """Record or correct the numbers of one school year; the reports of programmes starting
    in it divide by them."""
    numbers = body.numbers(year)
    saved = services.save_school_year(uow, actor, organisation_id, numbers)
    return SchoolYearPublic.of(numbers, saved.updated_at, saved.updated_by)


@router.get("/order-settings", response_model=OrderSettingsBody)
def read_order_settings(organisation_id: IdPath, actor: ActorDep, uow: UowDep
                        ) -> OrderSettingsBody:
    return OrderSettingsBody.of(services.order_settings(uow, actor, organisation_id))


@router.put("/order-settings", response_model=OrderSettingsBody)
def save_order_settings(organisation_id: IdPath, body: OrderSettingsBody, actor: ActorDep,
                        uow: UowDep) -> OrderSettingsBody:
    """The regulations cited, the number, date, director and curator the organisation's orders
    carry unless the download fills them in."""
    return OrderSettingsBody.of(
        services.save_order_settings(uow, actor, organisation_id, body.settings()))
