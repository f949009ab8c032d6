"""Use cases of the service. Each takes a unit of work, the acting user and plain values,
checks access and domain rules, writes through the repositories, records the change in the
audit log and commits. Errors are domain errors (`service.errors`); HTTP is not known here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from pydantic import ValidationError

from matcher.errors import RowProblem
from matcher.labels import label
from matcher.model import (
    Bank,
    Conflict,
    Consent,
    ConsentKind,
    Participant,
    Programme,
    Wish,
    WishLevel,
)
from service import security
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
    AlreadyExists,
    BadCredentials,
    ConsentAlreadyGiven,
    FieldError,
    Forbidden,
    ImportRejected,
    InvalidData,
    NoActiveConsent,
    NotAuthenticated,
    NotEmpty,
    NotFound,
    VersionConflict,
)
from service.i18n import field_path, pydantic_message
from service.repositories import AuditQuery, ParticipantQuery
from service.unit_of_work import AbstractUnitOfWork

MIN_PASSWORD_LENGTH = 8
Clock = Callable[[], datetime]


def utcnow() -> datetime:
    return datetime.now(UTC)


# --- helpers -------------------------------------------------------------------------------------


def _forbid(reason: str, reason_en: str) -> Forbidden:
    return Forbidden(reason=reason, reason_en=reason_en)


def _require_read(actor: Actor, organisation_id: int | None) -> None:
    if not actor.can_read(organisation_id):
        raise _forbid("данные другой организации", "data of another organisation")


def _require_write(actor: Actor, organisation_id: int | None) -> None:
    if actor.role == UserRole.viewer:
        raise _forbid("у наблюдателя доступ только на чтение", "a viewer may only read")
    if not actor.can_write(organisation_id):
        raise _forbid("изменять можно только данные своей организации",
                      "only your own organisation's data may be changed")


def _require_admin(actor: Actor) -> None:
    if not actor.is_admin:
        raise _forbid("действие доступно только администратору", "administrators only")


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


def _validate_participant(data: Mapping[str, Any]) -> Participant:
    try:
        return Participant.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from exc


def _validate_programme(data: Mapping[str, Any]) -> Programme:
    try:
        return Programme.model_validate(data)
    except ValidationError as exc:
        raise invalid(field_errors(exc)) from exc


def _record(
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


def _participant_json(stored: StoredParticipant | None) -> JsonDict | None:
    if stored is None:
        return None
    return {
        **stored.participant.model_dump(mode="json"),
        "_organisation_id": stored.organisation_id,
        "_version": stored.version,
    }


def _programme_json(stored: StoredProgramme | None) -> JsonDict | None:
    if stored is None:
        return None
    return {
        **stored.programme.model_dump(mode="json"),
        "_organisation_id": stored.organisation_id,
        "_version": stored.version,
    }


def _user_json(user: User | None) -> JsonDict | None:
    if user is None:
        return None
    data = asdict(user)
    data.pop("password_hash")
    data["role"] = user.role.value
    return data


def _organisation_json(org: Organisation | None) -> JsonDict | None:
    return None if org is None else asdict(org)


# --- auth ----------------------------------------------------------------------------------------

# Checked when the login is unknown, so a wrong login costs as much time as a wrong password.
_DUMMY_HASH = security.hash_password("not a real password, only for timing")


def authenticate(uow: AbstractUnitOfWork, login: str, password: str) -> User:
    """The active user with this login and password; `BadCredentials` otherwise."""
    with uow:
        user = uow.users.get_by_login(login)
    if user is None:
        security.verify_password(_DUMMY_HASH, password)
        raise BadCredentials()
    if not security.verify_password(user.password_hash, password) or not user.is_active:
        raise BadCredentials()
    return user


def actor_for(uow: AbstractUnitOfWork, user_id: int) -> Actor:
    """The acting user for a token's user id; `NotAuthenticated` if gone or deactivated."""
    with uow:
        user = uow.users.get(user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated()
    return Actor(user.id, user.login, user.role, user.organisation_id)


# --- organisations -------------------------------------------------------------------------------


def _organisation(uow: AbstractUnitOfWork, organisation_id: int) -> Organisation:
    org = uow.organisations.get(organisation_id)
    if org is None:
        raise NotFound(entity="organisation", key=str(organisation_id))
    return org


def create_organisation(
    uow: AbstractUnitOfWork, actor: Actor, name: str, region: str = "", *, clock: Clock = utcnow
) -> Organisation:
    _require_admin(actor)
    name = name.strip()
    with uow:
        if uow.organisations.get_by_name(name) is not None:
            raise AlreadyExists(entity="organisation", key=name)
        org = uow.organisations.add(name, region.strip())
        _record(uow, actor, "create", "organisation", str(org.id), org.id, None,
                _organisation_json(org), clock())
        uow.commit()
    return org


def list_organisations(uow: AbstractUnitOfWork, actor: Actor) -> list[Organisation]:
    with uow:
        return uow.organisations.list(only=actor.readable_organisation)


def get_organisation(uow: AbstractUnitOfWork, actor: Actor, organisation_id: int) -> Organisation:
    with uow:
        org = _organisation(uow, organisation_id)
    _require_read(actor, org.id)
    return org


def update_organisation(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    *,
    name: str | None = None,
    region: str | None = None,
    clock: Clock = utcnow,
) -> Organisation:
    """Rename or move an organisation; a rename is carried into its participants' records."""
    _require_admin(actor)
    at = clock()
    with uow:
        before = _organisation(uow, organisation_id)
        new_name = before.name if name is None else name.strip()
        other = uow.organisations.get_by_name(new_name)
        if other is not None and other.id != before.id:
            raise AlreadyExists(entity="organisation", key=new_name)
        after = uow.organisations.update(replace(
            before, name=new_name, region=before.region if region is None else region.strip()
        ))
        if after.name != before.name:
            for stored in uow.participants.list_for([after.id]):
                moved = stored.participant.model_copy(update={"organisation": after.name})
                uow.participants.update(moved, after.id, stored.version, at)
            uow.organisations.bump_bank_version(after.id)
            after = _organisation(uow, after.id)
        _record(uow, actor, "update", "organisation", str(after.id), after.id,
                _organisation_json(before), _organisation_json(after), at)
        uow.commit()
    return after


def delete_organisation(
    uow: AbstractUnitOfWork, actor: Actor, organisation_id: int, *, clock: Clock = utcnow
) -> None:
    """Delete an empty organisation; one with participants, users or programmes is kept."""
    _require_admin(actor)
    with uow:
        org = _organisation(uow, organisation_id)
        held = {
            "участники": uow.participants.count(org.id),
            "пользователи": uow.users.count(org.id),
            "программы": uow.programmes.count(org.id),
        }
        if any(held.values()):
            reason = ", ".join(f"{k}: {v}" for k, v in held.items() if v)
            raise NotEmpty(entity="organisation", key=org.name,
                           reason=f"в ней есть {reason}",
                           reason_en="it still has participants, users or programmes")
        uow.organisations.delete(org.id)
        _record(uow, actor, "delete", "organisation", str(org.id), org.id,
                _organisation_json(org), None, clock())
        uow.commit()


# --- users ---------------------------------------------------------------------------------------


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise invalid([FieldError(
            field="password",
            message=f"пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов",
            message_en=f"the password needs at least {MIN_PASSWORD_LENGTH} characters",
        )])


def _check_user_organisation(
    uow: AbstractUnitOfWork, role: UserRole, organisation_id: int | None
) -> None:
    if role == UserRole.curator and organisation_id is None:
        raise invalid([FieldError(
            field="organisation_id",
            message="куратор должен быть привязан к организации",
            message_en="a curator must belong to an organisation",
        )])
    if organisation_id is not None:
        _organisation(uow, organisation_id)


def create_user(
    uow: AbstractUnitOfWork,
    actor: Actor,
    *,
    login: str,
    password: str,
    full_name: str,
    role: UserRole,
    organisation_id: int | None,
    clock: Clock = utcnow,
) -> User:
    _require_admin(actor)
    _check_password(password)
    with uow:
        _check_user_organisation(uow, role, organisation_id)
        if uow.users.get_by_login(login) is not None:
            raise AlreadyExists(entity="user", key=login)
        user = uow.users.add(
            login, full_name, role, organisation_id, security.hash_password(password)
        )
        _record(uow, actor, "create", "user", str(user.id), organisation_id, None,
                _user_json(user), clock())
        uow.commit()
    return user


def list_users(uow: AbstractUnitOfWork, actor: Actor) -> list[User]:
    _require_admin(actor)
    with uow:
        return uow.users.list()


def get_user(uow: AbstractUnitOfWork, actor: Actor, user_id: int) -> User:
    if not actor.is_admin and actor.user_id != user_id:
        raise _forbid("можно смотреть только свою учётную запись", "only your own account")
    with uow:
        user = uow.users.get(user_id)
    if user is None:
        raise NotFound(entity="user", key=str(user_id))
    return user


@dataclass(frozen=True)
class UserChanges:
    """What to change in a user; None leaves a field as it is."""

    full_name: str | None = None
    password: str | None = None
    role: UserRole | None = None
    organisation_id: int | None = None
    clear_organisation: bool = False
    is_active: bool | None = None


def update_user(
    uow: AbstractUnitOfWork,
    actor: Actor,
    user_id: int,
    changes: UserChanges,
    *,
    clock: Clock = utcnow,
) -> User:
    """Admins change anything; a user changes only their own name and password."""
    own_fields_only = (
        changes.role is None and changes.organisation_id is None
        and not changes.clear_organisation and changes.is_active is None
    )
    if not actor.is_admin and not (actor.user_id == user_id and own_fields_only):
        raise _forbid("роль, организацию и блокировку меняет только администратор",
                      "only administrators change roles, organisations and blocking")
    if changes.password is not None:
        _check_password(changes.password)
    with uow:
        before = uow.users.get(user_id)
        if before is None:
            raise NotFound(entity="user", key=str(user_id))
        org_id = None if changes.clear_organisation else (
            changes.organisation_id if changes.organisation_id is not None
            else before.organisation_id
        )
        after = replace(
            before,
            full_name=before.full_name if changes.full_name is None else changes.full_name,
            role=changes.role or before.role,
            organisation_id=org_id,
            is_active=before.is_active if changes.is_active is None else changes.is_active,
            password_hash=(
                before.password_hash if changes.password is None
                else security.hash_password(changes.password)
            ),
        )
        _check_user_organisation(uow, after.role, after.organisation_id)
        after = uow.users.update(after)
        audit_after = _user_json(after)
        if audit_after is not None and changes.password is not None:
            audit_after["password_changed"] = True
        _record(uow, actor, "update", "user", str(user_id), after.organisation_id,
                _user_json(before), audit_after, clock())
        uow.commit()
    return after


# --- participants --------------------------------------------------------------------------------


def _stored_participant(uow: AbstractUnitOfWork, pid: str) -> StoredParticipant:
    stored = uow.participants.get(pid)
    if stored is None:
        raise NotFound(entity="participant", key=pid)
    return stored


def _organisation_named(uow: AbstractUnitOfWork, name: str, field_name: str) -> Organisation:
    org = uow.organisations.get_by_name(name)
    if org is None:
        raise invalid([FieldError(
            field=field_name,
            message=f"организация «{name}» не зарегистрирована",
            message_en=f"organisation {name!r} is not registered",
            value=name,
        )])
    return org


def _check_version(entity: str, key: str, expected: int, actual: int) -> None:
    if expected != actual:
        raise VersionConflict(entity=entity, key=key, expected=expected, actual=actual)


def _consent_events_for(
    pid: str, consents: tuple[Consent, ...], by: str, at: datetime, note: str
) -> list[ConsentEvent]:
    """The events that produce these consents: each given, and revoked where it was."""
    events = []
    for c in consents:
        events.append(ConsentEvent(pid, c.kind, ConsentAction.given, c.given, at, by, note))
        if c.revoked is not None:
            events.append(ConsentEvent(pid, c.kind, ConsentAction.revoked, c.revoked, at, by, note))
    return events


def create_participant(
    uow: AbstractUnitOfWork, actor: Actor, participant: Participant, *, clock: Clock = utcnow
) -> StoredParticipant:
    """File a new participant under the organisation their record names."""
    at = clock()
    with uow:
        org = _organisation_named(uow, participant.organisation, "organisation")
        _require_write(actor, org.id)
        if uow.participants.get(participant.id) is not None:
            raise AlreadyExists(entity="participant", key=participant.id)
        stored = uow.participants.add(participant, org.id, at)
        for event in _consent_events_for(participant.id, participant.consents, actor.login,
                                         at, "при создании записи"):
            uow.consents.add(event)
        uow.organisations.bump_bank_version(org.id)
        _record(uow, actor, "create", "participant", participant.id, org.id, None,
                _participant_json(stored), at)
        uow.commit()
    return stored


def get_participant(uow: AbstractUnitOfWork, actor: Actor, pid: str) -> StoredParticipant:
    with uow:
        stored = _stored_participant(uow, pid)
    _require_read(actor, stored.organisation_id)
    return stored


# Fields a participant update may not touch: the id is the key, and consents and wishes
# change through their own use cases so that their history stays complete.
FIXED_PARTICIPANT_FIELDS = frozenset({"id", "consents", "wishes"})


def update_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    clock: Clock = utcnow,
) -> StoredParticipant:
    """Change some fields of a participant saved at `expected_version` (else 409-worthy
    `VersionConflict`: someone saved in between and their change must not be lost)."""
    fixed = sorted(FIXED_PARTICIPANT_FIELDS & set(changes))
    if fixed:
        raise invalid([FieldError(
            field=f, message="это поле меняется отдельным запросом",
            message_en="this field has its own endpoint") for f in fixed])
    at = clock()
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        _check_version("participant", pid, expected_version, stored.version)
        data = {**stored.participant.model_dump(), **changes}
        participant = _validate_participant(data)
        org_id = stored.organisation_id
        if participant.organisation != stored.participant.organisation:
            org_id = _organisation_named(uow, participant.organisation, "organisation").id
            _require_write(actor, org_id)
        after = uow.participants.update(participant, org_id, expected_version, at)
        for touched in {stored.organisation_id, org_id}:
            uow.organisations.bump_bank_version(touched)
        _record(uow, actor, "update", "participant", pid, org_id,
                _participant_json(stored), _participant_json(after), at)
        uow.commit()
    return after


def delete_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    expected_version: int | None = None,
    *,
    clock: Clock = utcnow,
) -> None:
    """Delete a participant (and their consent events); the audit log keeps the record."""
    at = clock()
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        version = stored.version if expected_version is None else expected_version
        _check_version("participant", pid, version, stored.version)
        uow.participants.delete(pid, version)
        uow.organisations.bump_bank_version(stored.organisation_id)
        _record(uow, actor, "delete", "participant", pid, stored.organisation_id,
                _participant_json(stored), None, at)
        uow.commit()


def search_participants(
    uow: AbstractUnitOfWork, actor: Actor, query: ParticipantQuery
) -> tuple[list[StoredParticipant], int]:
    """A page of participants the actor may read; others' organisations are refused."""
    limited = actor.readable_organisation
    if limited is not None:
        if query.organisation_id is not None and query.organisation_id != limited:
            _require_read(actor, query.organisation_id)
        query = replace(query, organisation_id=limited)
    with uow:
        return uow.participants.search(query)


def _save_participant(
    uow: AbstractUnitOfWork,
    actor: Actor,
    stored: StoredParticipant,
    participant: Participant,
    action: str,
    at: datetime,
) -> StoredParticipant:
    after = uow.participants.update(participant, stored.organisation_id, stored.version, at)
    uow.organisations.bump_bank_version(stored.organisation_id)
    _record(uow, actor, action, "participant", stored.pid, stored.organisation_id,
            _participant_json(stored), _participant_json(after), at)
    return after


# --- consents ------------------------------------------------------------------------------------


def _future(field_name: str, day: date, today: date) -> InvalidData:
    return invalid([FieldError(
        field=field_name, value=day.isoformat(),
        message=f"дата {day.isoformat()} ещё не наступила",
        message_en=f"the date {day.isoformat()} is in the future",
    )])


def give_consent(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    kind: ConsentKind,
    given: date,
    note: str = "",
    *,
    clock: Clock = utcnow,
) -> tuple[StoredParticipant, ConsentEvent]:
    """Record a consent given on `given`; one of the same kind must not be active already."""
    at = clock()
    if given > at.date():
        raise _future("given", given, at.date())
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        current = stored.participant.consents
        active = next((c for c in current if c.kind == kind and c.revoked is None), None)
        if active is not None:
            raise ConsentAlreadyGiven(kind=label(kind, "ru"), kind_en=label(kind, "en"),
                                      given=active.given.isoformat())
        participant = _validate_participant({
            **stored.participant.model_dump(),
            "consents": [*current, Consent(kind=kind, given=given)],
        })
        after = _save_participant(uow, actor, stored, participant, "give_consent", at)
        event = uow.consents.add(
            ConsentEvent(pid, kind, ConsentAction.given, given, at, actor.login, note)
        )
        uow.commit()
    return after, event


def revoke_consent(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    kind: ConsentKind,
    revoked: date,
    note: str = "",
    *,
    clock: Clock = utcnow,
) -> tuple[StoredParticipant, ConsentEvent]:
    """Record that the active consent of `kind` was revoked on `revoked`."""
    at = clock()
    if revoked > at.date():
        raise _future("revoked", revoked, at.date())
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        current = stored.participant.consents
        index = next(
            (i for i, c in enumerate(current) if c.kind == kind and c.revoked is None), None
        )
        if index is None:
            raise NoActiveConsent(kind=label(kind, "ru"), kind_en=label(kind, "en"))
        if revoked < current[index].given:
            raise invalid([FieldError(
                field="revoked", value=revoked.isoformat(),
                message=f"согласие не может быть отозвано раньше, чем дано "
                        f"({current[index].given.isoformat()})",
                message_en=f"a consent cannot be revoked before it was given "
                           f"({current[index].given.isoformat()})",
            )])
        consents = list(current)
        consents[index] = Consent(kind=kind, given=current[index].given, revoked=revoked)
        participant = _validate_participant(
            {**stored.participant.model_dump(), "consents": consents}
        )
        after = _save_participant(uow, actor, stored, participant, "revoke_consent", at)
        event = uow.consents.add(
            ConsentEvent(pid, kind, ConsentAction.revoked, revoked, at, actor.login, note)
        )
        uow.commit()
    return after, event


def consent_history(
    uow: AbstractUnitOfWork, actor: Actor, pid: str
) -> tuple[StoredParticipant, list[ConsentEvent]]:
    with uow:
        stored = _stored_participant(uow, pid)
        _require_read(actor, stored.organisation_id)
        return stored, uow.consents.list_for(pid)


# --- wishes --------------------------------------------------------------------------------------


def set_wish(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    target: str,
    level: WishLevel,
    rank: int | None = None,
    *,
    clock: Clock = utcnow,
) -> StoredParticipant:
    """Record (or replace) a participant's wish about another participant."""
    at = clock()
    if target == pid:
        raise invalid([FieldError(
            field="target", value=target,
            message="пожелание не может касаться самого участника",
            message_en="a wish cannot name the participant themself",
        )])
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        other = uow.participants.get(target)
        if other is None or not actor.can_read(other.organisation_id):
            raise NotFound(entity="participant", key=target)
        wishes = [w for w in stored.participant.wishes if w.target != target]
        wishes.append(Wish(target=target, level=level, rank=rank))
        participant = _validate_participant(
            {**stored.participant.model_dump(), "wishes": wishes}
        )
        after = _save_participant(uow, actor, stored, participant, "set_wish", at)
        uow.commit()
    return after


def delete_wish(
    uow: AbstractUnitOfWork, actor: Actor, pid: str, target: str, *, clock: Clock = utcnow
) -> StoredParticipant:
    at = clock()
    with uow:
        stored = _stored_participant(uow, pid)
        _require_write(actor, stored.organisation_id)
        wishes = [w for w in stored.participant.wishes if w.target != target]
        if len(wishes) == len(stored.participant.wishes):
            raise NotFound(entity="wish", key=f"{pid} → {target}")
        participant = stored.participant.model_copy(update={"wishes": tuple(wishes)})
        after = _save_participant(uow, actor, stored, participant, "delete_wish", at)
        uow.commit()
    return after


# --- programmes ----------------------------------------------------------------------------------


def _stored_programme(uow: AbstractUnitOfWork, pid: str) -> StoredProgramme:
    stored = uow.programmes.get(pid)
    if stored is None:
        raise NotFound(entity="programme", key=pid)
    return stored


def _scoped_programme(
    uow: AbstractUnitOfWork, actor: Actor, programme: Programme, organisation_id: int | None
) -> tuple[Programme, int | None]:
    """The programme as it will be stored and its owner. Everything it names must be
    registered; a curator's programme covers their own organisation and no other."""
    if not actor.is_admin:
        organisation_id = actor.organisation_id if organisation_id is None else organisation_id
    _require_write(actor, organisation_id)
    names = []
    for i, name in enumerate(programme.organisations):
        names.append(_organisation_named(uow, name, f"organisations[{i}]").id)
    if organisation_id is None:
        return programme, None
    own = _organisation(uow, organisation_id)
    if not actor.is_admin:
        if any(n != own.id for n in names):
            raise _forbid("программа куратора охватывает только его организацию",
                          "a curator's programme covers only their organisation")
        if not programme.organisations:
            programme = programme.model_copy(update={"organisations": (own.name,)})
    return programme, organisation_id


def create_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    programme: Programme,
    organisation_id: int | None = None,
    *,
    clock: Clock = utcnow,
) -> StoredProgramme:
    at = clock()
    with uow:
        programme, owner = _scoped_programme(uow, actor, programme, organisation_id)
        if uow.programmes.get(programme.id) is not None:
            raise AlreadyExists(entity="programme", key=programme.id)
        stored = uow.programmes.add(programme, owner, at)
        _record(uow, actor, "create", "programme", programme.id, owner, None,
                _programme_json(stored), at)
        uow.commit()
    return stored


def get_programme(uow: AbstractUnitOfWork, actor: Actor, pid: str) -> StoredProgramme:
    with uow:
        stored = _stored_programme(uow, pid)
    _require_read(actor, stored.organisation_id)
    return stored


def list_programmes(uow: AbstractUnitOfWork, actor: Actor) -> list[StoredProgramme]:
    with uow:
        return uow.programmes.list(actor.readable_organisation)


def update_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    changes: Mapping[str, Any],
    expected_version: int,
    *,
    clock: Clock = utcnow,
) -> StoredProgramme:
    if "id" in changes:
        raise invalid([FieldError(field="id", message="код программы не меняется",
                                  message_en="a programme's id cannot change")])
    at = clock()
    with uow:
        stored = _stored_programme(uow, pid)
        _require_write(actor, stored.organisation_id)
        _check_version("programme", pid, expected_version, stored.version)
        programme = _validate_programme({**stored.programme.model_dump(), **changes})
        programme, owner = _scoped_programme(uow, actor, programme, stored.organisation_id)
        after = uow.programmes.update(programme, owner, expected_version, at)
        _record(uow, actor, "update", "programme", pid, owner,
                _programme_json(stored), _programme_json(after), at)
        uow.commit()
    return after


def delete_programme(
    uow: AbstractUnitOfWork,
    actor: Actor,
    pid: str,
    expected_version: int | None = None,
    *,
    clock: Clock = utcnow,
) -> None:
    at = clock()
    with uow:
        stored = _stored_programme(uow, pid)
        _require_write(actor, stored.organisation_id)
        version = stored.version if expected_version is None else expected_version
        _check_version("programme", pid, version, stored.version)
        runs = uow.runs.count_for(pid)
        if runs:
            raise NotEmpty(entity="programme", key=pid,
                           reason=f"по ней есть запуски подбора ({runs}) с решениями куратора",
                           reason_en=f"it has {runs} runs with the curator's decisions")
        uow.programmes.delete(pid, version)
        _record(uow, actor, "delete", "programme", pid, stored.organisation_id,
                _programme_json(stored), None, at)
        uow.commit()


# --- banks and import ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BankSnapshot:
    """The bank of some organisations as stored now (participants and the conflicts their
    curators recorded), with the version of each, so a run can record exactly what it used
    (`"3:17,5:2"`: organisation 3 at version 17, ...)."""

    bank: Bank
    versions: dict[int, int]

    @property
    def version_tag(self) -> str:
        return ",".join(f"{k}:{v}" for k, v in sorted(self.versions.items()))


def load_bank(
    uow: AbstractUnitOfWork, actor: Actor, organisation_ids: list[int]
) -> BankSnapshot:
    for org_id in organisation_ids:
        _require_read(actor, org_id)
    with uow:
        versions = {o: _organisation(uow, o).bank_version for o in organisation_ids}
        stored = uow.participants.list_for(organisation_ids)
        recorded = uow.conflicts.list_for(organisation_ids)
    ids = {s.pid for s in stored}
    conflicts = tuple(Conflict(a=c.a, b=c.b, note=c.note) for c in recorded
                      if c.a in ids and c.b in ids)
    return BankSnapshot(
        Bank(participants=tuple(s.participant for s in stored), conflicts=conflicts), versions
    )


@dataclass(frozen=True)
class ParsedRow:
    """One participant read from a bank file, with the row it came from."""

    row: int
    participant: Participant


@dataclass
class ImportReport:
    """What an import did: counts, and every problem with its row and column."""

    strict: bool
    stored: bool = False
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    conflicts_added: list[str] = field(default_factory=list)  # "T02 — T06"
    conflicts_unchanged: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


def _merge_consents(
    stored: tuple[Consent, ...], incoming: tuple[Consent, ...]
) -> tuple[tuple[Consent, ...], list[Consent], list[Consent]]:
    """Stored consents plus what a file adds: new consents, and revocations of stored ones.
    Nothing stored is dropped, so an older file cannot silently undo a revocation."""
    merged = list(stored)
    added: list[Consent] = []
    revoked: list[Consent] = []
    for c in incoming:
        same = next(
            (i for i, s in enumerate(merged) if s.kind == c.kind and s.given == c.given), None
        )
        if same is None:
            merged.append(c)
            added.append(c)
        elif merged[same].revoked is None and c.revoked is not None:
            merged[same] = c
            revoked.append(c)
    return tuple(merged), added, revoked


def import_participants(
    uow: AbstractUnitOfWork,
    actor: Actor,
    rows: list[ParsedRow],
    problems: list[RowProblem],
    *,
    strict: bool,
    conflicts: tuple[Conflict, ...] = (),
    clock: Clock = utcnow,
) -> ImportReport:
    """Store the participants read from a bank file (the good rows; `problems` are the
    reader's findings): new participants are created, known ones updated.

    Rows are refused (with a problem naming row and column) when their organisation is not
    registered or not the curator's, or their id belongs to another organisation. In strict
    mode any error stores nothing (`ImportRejected`); otherwise the good rows are stored.
    Nothing is ever deleted, and consents are merged, never dropped.

    `conflicts` (pairs the file records as impossible) are stored with the organisation of
    their first participant; both must be stored or in this file, and the first writable by
    the actor. A conflict already recorded is left as it is.
    """
    if actor.role == UserRole.viewer:
        raise _forbid("у наблюдателя доступ только на чтение", "a viewer may only read")
    at = clock()
    report = ImportReport(strict=strict, problems=list(problems))
    with uow:
        plan: list[tuple[ParsedRow, int, StoredParticipant | None]] = []
        for item in rows:
            p = item.participant
            problem = None
            org = uow.organisations.get_by_name(p.organisation)
            existing = uow.participants.get(p.id)
            if org is None:
                problem = ("organisation", p.organisation,
                           f"организация «{p.organisation}» не зарегистрирована")
            elif not actor.can_write(org.id):
                problem = ("organisation", p.organisation,
                           "можно загружать только участников своей организации")
            elif existing is not None and existing.organisation_id != org.id:
                problem = ("id", p.id, "этот код уже занят участником другой организации")
            if problem is not None or org is None:
                column, value, message = problem or ("organisation", p.organisation, "")
                report.problems.append(RowProblem(item.row, column, value, message,
                                                  participant=p.id))
                continue
            plan.append((item, org.id, existing))
        owners = {item.participant.id: org_id for item, org_id, _ in plan}
        conflict_plan = _plan_conflicts(uow, actor, conflicts, owners, report)
        if report.errors and strict:
            raise ImportRejected(errors=import_field_errors(report.problems),
                                 count=len(report.errors))
        touched: set[int] = set()
        for item, org_id, existing in plan:
            p = item.participant
            if existing is None:
                stored = uow.participants.add(p, org_id, at)
                for event in _consent_events_for(p.id, p.consents, actor.login, at, "импорт"):
                    uow.consents.add(event)
                report.created.append(p.id)
                _record(uow, actor, "import_create", "participant", p.id, org_id, None,
                        _participant_json(stored), at)
                touched.add(org_id)
                continue
            consents, added, revoked = _merge_consents(existing.participant.consents, p.consents)
            merged = _validate_participant({**p.model_dump(), "consents": consents})
            if merged == existing.participant:
                report.unchanged.append(p.id)
                continue
            stored = uow.participants.update(merged, org_id, existing.version, at)
            for c in added:
                uow.consents.add(ConsentEvent(p.id, c.kind, ConsentAction.given, c.given, at,
                                              actor.login, "импорт"))
            for c in added + revoked:
                if c.revoked is not None:
                    uow.consents.add(ConsentEvent(p.id, c.kind, ConsentAction.revoked,
                                                  c.revoked, at, actor.login, "импорт"))
            report.updated.append(p.id)
            _record(uow, actor, "import_update", "participant", p.id, org_id,
                    _participant_json(existing), _participant_json(stored), at)
            touched.add(org_id)
        for org_id, c in conflict_plan:
            key = f"{c.a} — {c.b}"
            if uow.conflicts.find(c.a, c.b) is not None:
                report.conflicts_unchanged.append(key)
                continue
            stored_conflict = uow.conflicts.add(org_id, c.a, c.b, c.note, at, actor.login)
            report.conflicts_added.append(key)
            _record(uow, actor, "import_create", "conflict", str(stored_conflict.id), org_id,
                    None, _conflict_json(stored_conflict), at)
            touched.add(org_id)
        for org_id in sorted(touched):
            uow.organisations.bump_bank_version(org_id)
        uow.commit()
    report.stored = bool(report.created or report.updated or report.conflicts_added)
    return report


def _plan_conflicts(
    uow: AbstractUnitOfWork,
    actor: Actor,
    conflicts: tuple[Conflict, ...],
    owners: dict[str, int],
    report: ImportReport,
) -> list[tuple[int, Conflict]]:
    """The conflicts of a file that can be stored, with their organisation; the others are
    reported as problems (row 0: a file's conflicts have no participant row)."""
    out: list[tuple[int, Conflict]] = []
    for c in conflicts:
        orgs: list[int | None] = []
        for pid in (c.a, c.b):
            if pid in owners:
                orgs.append(owners[pid])
            else:
                stored = uow.participants.get(pid)
                orgs.append(None if stored is None else stored.organisation_id)
        value = f"{c.a} — {c.b}"
        problem = None
        if None in orgs:
            missing = c.a if orgs[0] is None else c.b
            problem = f"участник {missing} не найден ни в банке, ни в файле"
        elif not actor.can_write(orgs[0]) or not actor.can_read(orgs[1]):
            problem = "можно записывать конфликты только участников своей организации"
        if problem is not None:
            report.problems.append(RowProblem(0, "conflicts", value, problem, participant=c.a))
            continue
        out.append((orgs[0], c))  # type: ignore[arg-type]
    return out


def _conflict_json(c: StoredConflict | None) -> JsonDict | None:
    if c is None:
        return None
    return {"id": c.id, "a": c.a, "b": c.b, "note": c.note, "organisation_id": c.organisation_id}


# --- conflicts -----------------------------------------------------------------------------------


def list_conflicts(
    uow: AbstractUnitOfWork, actor: Actor, organisation_id: int
) -> list[StoredConflict]:
    _require_read(actor, organisation_id)
    with uow:
        _organisation(uow, organisation_id)
        return uow.conflicts.list_for([organisation_id])


def add_conflict(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    a: str,
    b: str,
    note: str = "",
    *,
    clock: Clock = utcnow,
) -> StoredConflict:
    """Record that `a` (of this organisation) and `b` must never be paired."""
    _require_write(actor, organisation_id)
    if a == b:
        raise invalid([FieldError(field="b", value=b,
                                  message="конфликт записывается между двумя разными участниками",
                                  message_en="a conflict needs two different participants")])
    at = clock()
    with uow:
        _organisation(uow, organisation_id)
        first = uow.participants.get(a)
        if first is None or first.organisation_id != organisation_id:
            raise invalid([FieldError(
                field="a", value=a, message="участник не найден в этой организации",
                message_en="no such participant in this organisation")])
        second = uow.participants.get(b)
        if second is None or not actor.can_read(second.organisation_id):
            raise invalid([FieldError(field="b", value=b, message="участник не найден",
                                      message_en="no such participant")])
        if uow.conflicts.find(a, b) is not None:
            raise AlreadyExists(entity="conflict", key=f"{a} — {b}")
        stored = uow.conflicts.add(organisation_id, a, b, note.strip(), at, actor.login)
        uow.organisations.bump_bank_version(organisation_id)
        _record(uow, actor, "create", "conflict", str(stored.id), organisation_id, None,
                _conflict_json(stored), at)
        uow.commit()
    return stored


def delete_conflict(
    uow: AbstractUnitOfWork,
    actor: Actor,
    organisation_id: int,
    conflict_id: int,
    *,
    clock: Clock = utcnow,
) -> None:
    _require_write(actor, organisation_id)
    at = clock()
    with uow:
        stored = uow.conflicts.get(conflict_id)
        if stored is None or stored.organisation_id != organisation_id:
            raise NotFound(entity="conflict", key=str(conflict_id))
        uow.conflicts.delete(conflict_id)
        uow.organisations.bump_bank_version(organisation_id)
        _record(uow, actor, "delete", "conflict", str(conflict_id), organisation_id,
                _conflict_json(stored), None, at)
        uow.commit()


def import_field_errors(problems: list[RowProblem]) -> list[FieldError]:
    return [
        FieldError(field=p.column, message=p.message, row=p.row, value=p.value,
                   severity=p.severity)
        for p in problems
    ]


# --- audit ---------------------------------------------------------------------------------------


def read_audit(
    uow: AbstractUnitOfWork, actor: Actor, query: AuditQuery
) -> tuple[list[AuditEntry], int]:
    _require_admin(actor)
    with uow:
        return uow.audit.list(query)
