"""Errors the service functions raise on purpose. Only `service.api.errors` maps them to HTTP.

Each error has a stable `code`, the parameters of its message, and optionally a list of field
errors; the texts (Russian first, English on request) are in the catalogue of
`matcher.messages` under the same code, filled in by `service.i18n.message`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

from matcher.bank_io.mapping import MappingStep
from service.i18n import message


@dataclass(frozen=True)
class FieldError:
    """One problem with one field (or one cell of an imported file)."""

    field: str
    message: str
    message_en: str = ""
    row: int | None = None
    value: str | None = None
    severity: str = "error"

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" and self.message_en else self.message


def field_error(
    code: str, field: str, *, value: str | None = None, row: int | None = None, **params: Any
) -> FieldError:
    """A `FieldError` on `field` whose texts are the catalogue's `code` filled with `params`."""
    return FieldError(field=field, message=message(code, "ru", **params),
                      message_en=message(code, "en", **params), row=row, value=value)


class Reason(TypedDict):
    """The `reason` parameter of an error's message, in both languages."""

    reason: str
    reason_en: str


def reason_of(code: str, **params: Any) -> Reason:
    """The `reason` and `reason_en` parameters of an error, from the catalogue's `code`."""
    return {"reason": message(code, "ru", **params), "reason_en": message(code, "en", **params)}


class ServiceError(Exception):
    """Base of the service's errors: a code, message parameters and field errors."""

    code: ClassVar[str] = "service_error"

    def __init__(self, errors: list[FieldError] | None = None, **params: Any) -> None:
        self.params = params
        self.errors = errors or []
        super().__init__(self.message("ru"))

    def message(self, lang: str) -> str:
        return message(self.code, lang, **self.params)


class NotAuthenticated(ServiceError):
    code = "not_authenticated"


class BadCredentials(ServiceError):
    code = "bad_credentials"


class Forbidden(ServiceError):
    code = "forbidden"


class NotFound(ServiceError):
    code = "not_found"


class ProgrammeArchived(ServiceError):
    """A run was asked of an archived programme."""

    code = "programme.archived"


class AlreadyExists(ServiceError):
    code = "already_exists"


class VersionConflict(ServiceError):
    """The caller changed a stale version: someone else saved in between."""

    code = "version_conflict"


class InvalidData(ServiceError):
    """The data break a domain rule; `errors` name the fields."""

    code = "invalid_data"


class MappingNeeded(InvalidData):
    """A questionnaire export whose columns are not our template's and whose mapping the
    organisation has not confirmed yet: `errors` suggest a field per column (field: the
    header, value: the suggested key, "" to leave out) and a topic per unknown answer
    (field "topics"); `step` holds the same with sample answers, for the banks page's form."""

    code = "mapping_needed"

    def __init__(self, errors: list[FieldError] | None = None, *,
                 step: MappingStep | None = None, **params: Any) -> None:
        super().__init__(errors, **params)
        self.step = step


class ConsentAlreadyGiven(ServiceError):
    code = "consent_already_given"


class NoActiveConsent(ServiceError):
    code = "no_active_consent"


class NotEmpty(ServiceError):
    """Deleting something that others still refer to would lose data."""

    code = "not_empty"


class ImportRejected(ServiceError):
    """Strict import with bad rows: nothing was stored; `errors` are the row problems."""

    code = "import_rejected"


class ImportAlreadyUndone(ServiceError):
    """An import is undone once; a second undo would remove what came after."""

    code = "import_undone"


class UnsupportedFile(ServiceError):
    code = "unsupported_file"


class InvalidTransition(ServiceError):
    """A decision that the proposal's current status does not allow."""

    code = "invalid_transition"


class NothingToUndo(ServiceError):
    """A proposal with no decision left to undo."""

    code = "nothing_to_undo"


class OrderIssued(ServiceError):
    """The run's order was issued: its decisions stand."""

    code = "order_issued"


class OrderAlreadyIssued(ServiceError):
    code = "order_already_issued"


class RunNotReady(ServiceError):
    """The run has not finished (or failed), so it has no result yet."""

    code = "run_not_ready"


class RunInProgress(ServiceError):
    """Another run of the programme is queued or running."""

    code = "run_in_progress"


class RunNotActive(ServiceError):
    """The run has ended (done, failed or cancelled): there is nothing to cancel."""

    code = "run_not_active"


class StorageUnavailable(ServiceError):
    """The database could not be reached or dropped the connection (raised by the unit of
    work, so use cases never see the database library's own errors)."""

    code = "storage_unavailable"


class RunSuperseded(ServiceError):
    """Decisions are taken on the programme's latest run only."""

    code = "run_superseded"


class LinkExpired(ServiceError):
    code = "link_expired"


class LinkInvalid(ServiceError):
    code = "link_invalid"


class MailOff(ServiceError):
    """Letters were asked for, but SMTP is not configured."""

    code = "mail.off"


class MailFailed(ServiceError):
    """The mail server could not be reached or refused the sign-in: nothing was sent."""

    code = "mail.unavailable"


class LinkGone(ServiceError):
    """A link that worked once but no longer does: revoked, its person deleted or no longer
    consenting, or its run superseded; `reason`/`reason_en` say which, in plain words (the
    catalogue's `link_gone.*`)."""

    code = "link_gone"


class LinkNotFound(ServiceError):
    """No link of this id belongs to the run."""

    code = "link_not_found"


class TooManyAttempts(ServiceError):
    """Sign-in refused for a while after repeated wrong passwords; `retry_after` seconds."""

    code = "too_many_attempts"

    @property
    def retry_after(self) -> int:
        return int(self.params["retry_after"])


class LastAdmin(ServiceError):
    """The change would leave no active administrator."""

    code = "last_admin"
