"""An organisation's papers settings: its real numbers and own targets per school year (the
denominators and targets of the coverage report) and its order settings (regulations cited,
number, director, curator). Readers of the organisation read them; its curator changes them.
"""

from __future__ import annotations

from matcher.reports.order import OrderSettings as OrderDefaults
from matcher.reports.order import settings_from_json, settings_to_json
from matcher.reports.targets import SchoolYearNumbers, numbers_from_json, numbers_to_json
from service.domain import Actor, OrderSettings, SchoolYear
from service.services.common import (
    Clock,
    record,
    require_read,
    require_write,
    stored_organisation,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork


def list_school_years(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int
                      ) -> list[tuple[SchoolYearNumbers, SchoolYear]]:
    """The organisation's recorded school years, newest first, with who recorded each."""
    require_read(actor, organisation_id)
    with uow:
        stored_organisation(uow, organisation_id)
        return [(numbers_from_json(y.data), y) for y in uow.papers.years(organisation_id)]


def save_school_year(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int,
                     numbers: SchoolYearNumbers, *, clock: Clock = utcnow) -> SchoolYear:
    """Record (or correct) the organisation's real numbers and own targets for a school year."""
    require_write(actor, organisation_id)
    at = clock()
    with uow:
        stored_organisation(uow, organisation_id)
        before = uow.papers.year(organisation_id, numbers.year)
        saved = uow.papers.save_year(SchoolYear(organisation_id, numbers.year,
                                                numbers_to_json(numbers), at, actor.login))
        record(uow, actor, "save", "school_year", f"{organisation_id}/{numbers.year}",
               organisation_id, None if before is None else before.data, saved.data, at)
        uow.commit()
    return saved


def school_year_numbers(uow: AbstractUnitOfWork, organisation_id: int | None, year: int
                        ) -> SchoolYearNumbers | None:
    """The numbers a report uses (inside the caller's unit of work; access checked there)."""
    if organisation_id is None:
        return None
    stored = uow.papers.year(organisation_id, year)
    return None if stored is None else numbers_from_json(stored.data)


def order_settings(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int
                   ) -> OrderDefaults:
    """The organisation's order settings (empty ones until its curator saves some)."""
    require_read(actor, organisation_id)
    with uow:
        stored_organisation(uow, organisation_id)
        stored = uow.papers.order_settings(organisation_id)
    return OrderDefaults() if stored is None else settings_from_json(stored.data)


def save_order_settings(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int,
                        settings: OrderDefaults, *, clock: Clock = utcnow) -> OrderDefaults:
    require_write(actor, organisation_id)
    at = clock()
    with uow:
        stored_organisation(uow, organisation_id)
        before = uow.papers.order_settings(organisation_id)
        uow.papers.save_order_settings(OrderSettings(
            organisation_id, settings_to_json(settings), at, actor.login))
        record(uow, actor, "save", "order_settings", str(organisation_id), organisation_id,
               None if before is None else before.data, settings_to_json(settings), at)
        uow.commit()
    return settings
