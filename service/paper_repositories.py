"""Repository interface of the papers a school files: the curator's edits of the
personalised programmes, the organisation's real numbers per school year and its order
settings. Kept apart from `service.repositories` (the bank and the runs) so each stays short;
`service.db.repositories.papers` implements it, `tests/service/fakes.py` keeps it in memory.
"""

from __future__ import annotations

import abc
import builtins

from service.domain import OrderSettings, SchoolYear, StoredPlan


class PaperRepository(abc.ABC):
    @abc.abstractmethod
    def plan(self, programme_id: str, proposal_id: str) -> StoredPlan | None: ...

    @abc.abstractmethod
    def plans(self, programme_id: str) -> builtins.list[StoredPlan]:
        """Every edited plan of the programme."""

    @abc.abstractmethod
    def save_plan(self, plan: StoredPlan, expected_version: int | None) -> StoredPlan:
        """Add the plan (`expected_version` None: there must be none) or replace the one of
        that version; `VersionConflict` otherwise. Returns it with its new version."""

    @abc.abstractmethod
    def year(self, organisation_id: int, year: int) -> SchoolYear | None: ...

    @abc.abstractmethod
    def years(self, organisation_id: int) -> builtins.list[SchoolYear]:
        """The organisation's school years, newest first."""

    @abc.abstractmethod
    def save_year(self, record: SchoolYear) -> SchoolYear: ...

    @abc.abstractmethod
    def order_settings(self, organisation_id: int) -> OrderSettings | None: ...

    @abc.abstractmethod
    def save_order_settings(self, record: OrderSettings) -> OrderSettings: ...
