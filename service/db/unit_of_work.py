"""The SQLAlchemy unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from service.db.access_repositories import SqlLinkRepository, SqlLoginAttemptRepository
from service.db.repositories import (
    SqlAuditRepository,
    SqlConflictRepository,
    SqlConsentEventRepository,
    SqlImportRepository,
    SqlOrganisationRepository,
    SqlPaperRepository,
    SqlParticipantRepository,
    SqlProgrammeRepository,
    SqlProposalRepository,
    SqlRunRepository,
    SqlUserRepository,
)
from service.db.surveys import SqlSurveyRepository
from service.db.views import SqlRunViewRepository
from service.errors import StorageUnavailable
from service.unit_of_work import AbstractUnitOfWork


class SqlAlchemyUnitOfWork(AbstractUnitOfWork):
    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory

    def __enter__(self) -> Self:
        self.session = self.session_factory()
        self.organisations = SqlOrganisationRepository(self.session)
        self.users = SqlUserRepository(self.session)
        self.participants = SqlParticipantRepository(self.session)
        self.consents = SqlConsentEventRepository(self.session)
        self.programmes = SqlProgrammeRepository(self.session)
        self.audit = SqlAuditRepository(self.session)
        self.conflicts = SqlConflictRepository(self.session)
        self.runs = SqlRunRepository(self.session)
        self.proposals = SqlProposalRepository(self.session)
        self.links = SqlLinkRepository(self.session)
        self.login_attempts = SqlLoginAttemptRepository(self.session)
        self.views = SqlRunViewRepository(self.session)
        self.surveys = SqlSurveyRepository(self.session)
        self.imports = SqlImportRepository(self.session)
        self.papers = SqlPaperRepository(self.session)
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            super().__exit__(exc_type, exc, tb)
        finally:
            self.session.close()
        # The database away or locked: a domain error the use cases and the API understand.
        if isinstance(exc, OperationalError | InterfaceError) or (
                isinstance(exc, DBAPIError) and exc.connection_invalidated):
            raise StorageUnavailable() from exc

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
