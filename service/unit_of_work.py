"""The unit of work: one transaction over every repository, committed only on purpose.

Use cases write `with uow: ...; uow.commit()`; leaving the block without a commit rolls back,
so an error half-way stores nothing.
"""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self

from service.paper_repositories import PaperRepository
from service.repositories import (
    AuditRepository,
    ConflictRepository,
    ConsentEventRepository,
    ImportRepository,
    LinkRepository,
    LoginAttemptRepository,
    OrganisationRepository,
    ParticipantRepository,
    ProgrammeRepository,
    ProposalRepository,
    RunRepository,
    RunViewRepository,
    UserRepository,
)
from service.survey_repositories import SurveyRepository


class AbstractUnitOfWork(abc.ABC):
    organisations: OrganisationRepository
    users: UserRepository
    participants: ParticipantRepository
    consents: ConsentEventRepository
    programmes: ProgrammeRepository
    audit: AuditRepository
    conflicts: ConflictRepository
    runs: RunRepository
    proposals: ProposalRepository
    links: LinkRepository
    login_attempts: LoginAttemptRepository
    views: RunViewRepository  # the read model of finished runs
    surveys: SurveyRepository  # monitoring survey answers of the pairs
    imports: ImportRepository  # applied bank files, for undo
    papers: PaperRepository  # plan edits, school years, order settings

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.rollback()

    @abc.abstractmethod
    def commit(self) -> None: ...

    @abc.abstractmethod
    def rollback(self) -> None: ...
