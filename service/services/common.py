"""What the use cases of `service.services` share: access checks, the errors of invalid input,
validation of a participant, the audit record with the JSON of each entity, loading a stored
entity or failing with `NotFound`, the optimistic-locking check, and the consent events and
save that consents, wishes and imports go through.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from matcher.bank_io.cells import read_enum_fields, unknown_topic
from matcher.bank_io.topic_check import check_topics
from matcher.model import Consent, Participant
from matcher.topics import Taxonomy, current_taxonomy, programmes_taxonomy, using_taxonomy
from service.domain import (
    Actor,
    AuditEntry,
    ConsentAction,
    ConsentEvent,
    JsonDict,
    Organisation,
    StoredConflict,
    StoredParticipant,
    StoredProgramme,
    User,
    UserRole,
)
from service.errors import (
    FieldError,
    Forbidden,
    InvalidData,
    NotFound,
    StorageUnavailable,
    VersionConflict,
    field_error,
    reason_of,
)
from service.i18n import field_path, pydantic_message
from service.unit_of_work import AbstractUnitOfWork

Clock = Callable[[], datetime]


def utcnow() -> datetime:
    """The default clock of the use cases (tests pass their own)."""
    return datetime.now(UTC)


# --- access --------------------------------------------------------------------------------------


def forbid(code: str, **params: Any) -> Forbidden:
    """A `Forbidden` whose reason is the catalogue's `code` (`access.*`) in both languages."""
    return Forbidden(**reason_of(code, **params))


def require_read(actor: Actor, organisation_id: int | None) -> None:
    """Refuse unless the actor may read this organisation's data."""
    if not actor.can_read(organisation_id):
        raise forbid("access.other_organisation")


def require_write(actor: Actor, organisation_id: int | None) -> None:
    """Refuse viewers, and anyone who may not change this organisation's data."""
    if actor.role == UserRole.viewer:
        raise forbid("access.viewer_read_only")
    if not actor.can_write(organisation_id):
        raise forbid("access.own_organisation_only")


def require_admin(actor: Actor) -> None:
    """Refuse anyone but an administrator."""
    if not actor.is_admin:
        raise forbid("access.admin_only")


# --- errors of invalid input ---------------------------------------------------------------------


def invalid(errors: list[FieldError]) -> InvalidData:
    """An `InvalidData` whose summary lists the fields, in both languages."""
    summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
    summary_en = "; ".join(f"{e.field}: {e.text('en')}" for e in errors[:5])
    return InvalidData(errors=errors, summary=summary, summary_en=summary_en)


def field_errors(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[FieldError]:
    """Pydantic's errors as field errors with Russian and English texts."""
    out = []
    for err in exc.errors():
        loc = prefix + tuple(err["loc"])
        out.append(FieldError(
            field=field_path(loc) if loc else "body",
            message=pydantic_message(dict(err), "ru"),
            message_en=pydantic_message(dict(err), "en"),
        ))
    return out


def bank_taxonomy(uow: AbstractUnitOfWork, organisation_id: int) -> Taxonomy:
    """The topics a person of this organisation's bank may hold: the built-in ones and the own
    topics of each of the organisation's programmes (archived ones too). A person edited
    without a programme context (the person page, consents, wishes) keeps a topic that an
    import for one of those programmes accepted. Called inside `with uow`."""
    return programmes_taxonomy(s.programme for s in uow.programmes.list(organisation_id))


def validate_participant(data: Mapping[str, Any], topics: Taxonomy | None = None
                         ) -> Participant:
    """A participant from plain data; `InvalidData` naming every bad field otherwise. Topics
    are checked as a bank file's are (`matcher.bank_io.topic_check`), against `topics`: the
    bank's taxonomy (`bank_taxonomy`: with its programmes' own topics) where the caller knows
    the organisation, else the taxonomy in force."""
    with using_taxonomy(topics or current_taxonomy()):
        return _validate_participant(dict(data))


def _validate_participant(data: dict[str, Any]) -> Participant:
    words = read_enum_fields(data)  # read as a bank file's cells are (one validation)
    if words:
        raise invalid([FieldError(field=key, value=value, message=text, message_en=text)
                       for key, value, text in words])
    try:
        participant = Participant.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from exc
    participant, unknown = check_topics(participant)
    if unknown:
        raise invalid([FieldError(field=f"{name}.{value}", value=value, message=text,
                                  message_en=unknown_topic(value, "en"))
                       for name, value, text in unknown])
    return participant


def record(
    uow: AbstractUnitOfWork,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    organisation_id: int | None,
    before: JsonDict | None,
    after: JsonDict | None,
    at: datetime,
) -> None:
    """Add one entry to the audit log: who did what to which entity, before and after."""
    uow.audit.add(AuditEntry(
        at=at,
        actor=actor.login,
        actor_id=actor.user_id or None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        organisation_id=organisation_id,
        before=before,
        after=after,
    ))


# --- entities as the audit log keeps them (None: did not exist) ----------------------------------


def participant_json(stored: StoredParticipant | None) -> JsonDict | None:
    if stored is None:
        return None
    return {
        **stored.participant.model_dump(mode="json"),
        "_organisation_id": stored.organisation_id,
        "_version": stored.version,
    }


def programme_json(stored: StoredProgramme | None) -> JsonDict | None:
    if stored is None:
        return None
    return {
        **stored.programme.model_dump(mode="json"),
        "_organisation_id": stored.organisation_id,
        "_version": stored.version,
        "_archived": stored.archived_at is not None,
    }


def user_json(user: User | None) -> JsonDict | None:
    if user is None:
        return None
    data = asdict(user)
    data.pop("password_hash")
    data["role"] = user.role.value
    return data


def organisation_json(org: Organisation | None) -> JsonDict | None:
    return None if org is None else asdict(org)


def conflict_json(c: StoredConflict | None) -> JsonDict | None:
    if c is None:
        return None
    return {"id": c.id, "a": c.a, "b": c.b, "note": c.note, "organisation_id": c.organisation_id}


# --- loading what a use case acts on -------------------------------------------------------------


def stored_organisation(uow: AbstractUnitOfWork, organisation_id: int) -> Organisation:
    """The organisation with this id; `NotFound` otherwise."""
    org = uow.organisations.get(organisation_id)
    if org is None:
        raise NotFound(entity="organisation", key=str(organisation_id))
    return org


def organisation_named(uow: AbstractUnitOfWork, name: str, field_name: str) -> Organisation:
    """The registered organisation of this name; `InvalidData` on `field_name` otherwise."""
    org = uow.organisations.get_by_name(name)
    if org is None:
        raise invalid([field_error("input.organisation_unknown", field_name, value=name,
                                   name=name)])
    return org


def stored_participant(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, organisation_id: int | None = None
) -> StoredParticipant:
    """The participant with this id in the organisation's bank, which is `organisation_id`
    if given (the actor must read it), else the actor's own. An actor of every organisation
    (an administrator) who names none gets the one organisation with this id, or
    `InvalidData` if several have it. `NotFound` otherwise: ids are per organisation, so no
    answer tells whether another organisation has the id."""
    if organisation_id is None:
        organisation_id = actor.readable_organisation
    if organisation_id is not None:
        require_read(actor, organisation_id)
        stored = uow.participants.get(organisation_id, pid)
        if stored is None:
            raise NotFound(entity="participant", key=pid)
        return stored
    found = uow.participants.find(pid)
    if not found:
        raise NotFound(entity="participant", key=pid)
    if len(found) > 1:
        raise invalid([field_error("input.participant_ambiguous", "organisation_id", value=pid,
                                   pid=pid)])
    return found[0]


def stored_programme(uow: AbstractUnitOfWork, pid: str) -> StoredProgramme:
    """The programme with this id; `NotFound` otherwise."""
    stored = uow.programmes.get(pid)
    if stored is None:
        raise NotFound(entity="programme", key=pid)
    return stored


def check_version(entity: str, key: str, expected: int, actual: int) -> None:
    """Optimistic locking: `VersionConflict` if someone saved since the caller read it."""
    if expected != actual:
        raise VersionConflict(entity=entity, key=key, expected=expected, actual=actual)


# --- consents and saving a participant -----------------------------------------------------------


def consent_events_for(
    pid: str, consents: tuple[Consent, ...], by: str, at: datetime, note: str
) -> list[ConsentEvent]:
    """The events that produce these consents: each given, and revoked where it was."""
    events = []
    for c in consents:
        events.append(ConsentEvent(pid, c.kind, ConsentAction.given, c.given, at, by, note))
        if c.revoked is not None:
            events.append(ConsentEvent(pid, c.kind, ConsentAction.revoked, c.revoked, at, by, note))
    return events


def save_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    stored: StoredParticipant,
    participant: Participant,
    action: str,
    at: datetime,
) -> StoredParticipant:
    """Store a changed participant, bump their bank's version and record it in the log."""
    after = uow.participants.update(participant, stored.organisation_id, stored.version, at)
    uow.organisations.bump_bank_version(stored.organisation_id)
    record(uow, actor, action, "participant", stored.pid, stored.organisation_id,
           participant_json(stored), participant_json(after), at)
    return after


class Heartbeat:
    """A thread that calls `beat` in a unit of work of its own every `interval` seconds and
    sets `stop` once it answers False (the job or run is no longer this worker's: cancelled,
    or taken over by another). A database away for a moment is tried again next time."""

    def __init__(self, make_uow: Callable[[], AbstractUnitOfWork],
                 beat: Callable[[AbstractUnitOfWork, datetime], bool], name: str,
                 interval: float, stop: threading.Event, clock: Callable[[], datetime]) -> None:
        self.make_uow, self.beat, self.name = make_uow, beat, name
        self.interval, self.stop, self.clock = interval, stop, clock
        self.closed = threading.Event()
        self.thread = threading.Thread(target=self._loop, name=f"{name}-heartbeat",
                                       daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while not self.closed.wait(self.interval):
            try:
                with self.make_uow() as uow:
                    mine = self.beat(uow, self.clock())
                    uow.commit()
            except StorageUnavailable:
                logging.getLogger(__name__).warning("%s: heartbeat failed", self.name,
                                                    exc_info=True)
                continue
            if not mine:
                self.stop.set()
                return

    def close(self) -> None:
        self.closed.set()
        self.thread.join()
