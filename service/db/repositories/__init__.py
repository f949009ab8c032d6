"""SQLAlchemy implementations of the repositories (service.repositories), one module per group
of resources; every repository is importable from here.
"""

from service.db.repositories.imports import SqlImportRepository
from service.db.repositories.papers import SqlPaperRepository
from service.db.repositories.people import (
    SqlConsentEventRepository,
    SqlOrganisationRepository,
    SqlParticipantRepository,
    SqlUserRepository,
)
from service.db.repositories.programmes import (
    SqlAuditRepository,
    SqlConflictRepository,
    SqlProgrammeRepository,
)
from service.db.repositories.runs import (
    SqlProposalRepository,
    SqlRunRepository,
)

__all__ = [
    "SqlAuditRepository",
    "SqlConflictRepository",
    "SqlConsentEventRepository",
    "SqlImportRepository",
    "SqlOrganisationRepository",
    "SqlPaperRepository",
    "SqlParticipantRepository",
    "SqlProgrammeRepository",
    "SqlProposalRepository",
    "SqlRunRepository",
    "SqlUserRepository",
]
