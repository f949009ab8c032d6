"""The SQLAlchemy unit of work: one session, one transaction, every repository on it."""

from __future__ import annotations

from typing import Self

from sqlalchemy.orm import Session, sessionmaker

from service.db.repositories import (
    SqlAuditRepository,
    SqlConflictRepository,
    SqlConsentEventRepository,
    SqlOrganisationRepository,
    SqlParticipantRepository,
    SqlProgrammeRepository,
    SqlProposalRepository,
    SqlRunRepository,
    SqlUserRepository,
)
from service.db.views import SqlRunViewRepository
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
        self.views = SqlRunViewRepository(self.session)
        return super().__enter__()

    def __exit__(self, *args: object) -> None:
        super().__exit__(*args)  # type: ignore[arg-type]
        self.session.close()

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
