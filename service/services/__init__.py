"""Use cases of the service, one module per resource. Each takes a unit of work, the acting
user and plain values, checks access and domain rules, writes through the repositories,
records the change in the audit log and commits. Errors are domain errors (`service.errors`);
HTTP is not known here.

What the modules share is in `service.services.common`. The public use cases are importable
from this package, so routes and tests call `services.create_participant(...)`.
"""

from __future__ import annotations

from service.repositories import AuditQuery, ParticipantQuery
from service.services.audit import read_audit
from service.services.auth import Throttle, actor_for, authenticate, logout
from service.services.common import Clock, field_errors, invalid, utcnow
from service.services.conflicts import add_conflict, delete_conflict, list_conflicts
from service.services.consents import consent_history, give_consent, revoke_consent
from service.services.form_mappings import remember_mapping, remembered_mapping
from service.services.import_jobs import get_import_job, run_import_job, start_import_job
from service.services.import_undo import list_imports, undo_import
from service.services.imports import (
    BankSnapshot,
    Change,
    FieldChange,
    ImportReport,
    ParsedRow,
    PersonChange,
    import_field_errors,
    import_participants,
    load_bank,
    merge_consents,
    require_import,
)
from service.services.organisations import (
    add_partner,
    create_organisation,
    delete_organisation,
    get_organisation,
    list_organisations,
    list_partners,
    remove_partner,
    update_organisation,
)
from service.services.papers import (
    list_school_years,
    order_settings,
    save_order_settings,
    save_school_year,
    school_year_numbers,
)
from service.services.participants import (
    FIXED_PARTICIPANT_FIELDS,
    create_participant,
    delete_participant,
    get_participant,
    search_participants,
    update_participant,
)
from service.services.people import (
    FORM_KEYS,
    bank_topics,
    create_person,
    edit_person,
    participant_history,
    person_cells,
)
from service.services.programmes import (
    archive_programme,
    code_from_name,
    create_programme,
    delete_programme,
    get_programme,
    list_programmes,
    programme_errors,
    update_programme,
    validate_programme,
)
from service.services.retention import PurgeReport, purge_deleted_personal_data
from service.services.users import (
    MIN_PASSWORD_LENGTH,
    UserChanges,
    create_user,
    get_user,
    list_users,
    update_user,
)
from service.services.wishes import delete_wish, set_wish

__all__ = [
    "FIXED_PARTICIPANT_FIELDS",
    "FORM_KEYS",
    "MIN_PASSWORD_LENGTH",
    "AuditQuery",
    "BankSnapshot",
    "Change",
    "Clock",
    "FieldChange",
    "ImportReport",
    "ParsedRow",
    "ParticipantQuery",
    "PersonChange",
    "PurgeReport",
    "Throttle",
    "UserChanges",
    "actor_for",
    "add_conflict",
    "add_partner",
    "archive_programme",
    "authenticate",
    "bank_topics",
    "code_from_name",
    "consent_history",
    "create_organisation",
    "create_participant",
    "create_person",
    "create_programme",
    "create_user",
    "delete_conflict",
    "delete_organisation",
    "delete_participant",
    "delete_programme",
    "delete_wish",
    "edit_person",
    "field_errors",
    "get_import_job",
    "get_organisation",
    "get_participant",
    "get_programme",
    "get_user",
    "give_consent",
    "import_field_errors",
    "import_participants",
    "invalid",
    "list_conflicts",
    "list_imports",
    "list_organisations",
    "list_partners",
    "list_programmes",
    "list_school_years",
    "list_users",
    "load_bank",
    "logout",
    "merge_consents",
    "order_settings",
    "participant_history",
    "person_cells",
    "programme_errors",
    "purge_deleted_personal_data",
    "read_audit",
    "remember_mapping",
    "remembered_mapping",
    "remove_partner",
    "require_import",
    "revoke_consent",
    "run_import_job",
    "save_order_settings",
    "save_school_year",
    "school_year_numbers",
    "search_participants",
    "set_wish",
    "start_import_job",
    "undo_import",
    "update_organisation",
    "update_participant",
    "update_programme",
    "update_user",
    "utcnow",
    "validate_programme",
]
