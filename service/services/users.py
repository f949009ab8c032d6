"""User accounts: administrators create and change them; a user changes their own name and
password (giving the current one). Passwords follow `service.passwords`; a new password or
blocking ends the user's tokens; the last active administrator stays one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from service import security
from service.domain import Actor, User, UserRole
from service.errors import AlreadyExists, LastAdmin, NotFound, field_error
from service.passwords import MIN_LENGTH, password_problem
from service.services.common import (
    Clock,
    forbid,
    invalid,
    record,
    require_admin,
    stored_organisation,
    user_json,
    utcnow,
)
from service.unit_of_work import AbstractUnitOfWork

MIN_PASSWORD_LENGTH = MIN_LENGTH


def _check_password(password: str, *user_inputs: str) -> None:
    problem = password_problem(password, user_inputs)
    if problem is not None:
        raise invalid([problem])


def _check_user_organisation(
    uow: AbstractUnitOfWork, role: UserRole, organisation_id: int | None
) -> None:
    if role == UserRole.curator and organisation_id is None:
        raise invalid([field_error("input.curator_needs_organisation", "organisation_id")])
    if organisation_id is not None:
        stored_organisation(uow, organisation_id)


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
    require_admin(actor)
    _check_password(password, login, full_name)
    with uow:
        _check_user_organisation(uow, role, organisation_id)
        if uow.users.get_by_login(login) is not None:
            raise AlreadyExists(entity="user", key=login)
        user = uow.users.add(
            login, full_name, role, organisation_id, security.hash_password(password)
        )
        record(uow, actor, "create", "user", str(user.id), organisation_id, None,
               user_json(user), clock())
        uow.commit()
    return user


def list_users(uow: AbstractUnitOfWork, actor: Actor) -> list[User]:
    require_admin(actor)
    with uow:
        return uow.users.list()


def get_user(uow: AbstractUnitOfWork, actor: Actor, user_id: int) -> User:
    if not actor.is_admin and actor.user_id != user_id:
        raise forbid("access.own_account_only")
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
    current_password: str | None = None  # required to change one's own password


def _check_own_password(actor: Actor, user: User, changes: UserChanges) -> None:
    """Changing one's own password needs the current one (a stolen session alone must not
    take the account over); an administrator resetting someone else's does not."""
    if changes.password is None or actor.user_id != user.id:
        return
    if not changes.current_password:
        raise invalid([field_error("input.current_password_required", "current_password")])
    if not security.verify_password(user.password_hash, changes.current_password):
        raise forbid("access.wrong_current_password")


def _check_admins_remain(uow: AbstractUnitOfWork, before: User, after: User) -> None:
    """`LastAdmin` if the change leaves no active administrator."""
    was_admin = before.role == UserRole.admin and before.is_active
    stays_admin = after.role == UserRole.admin and after.is_active
    if was_admin and not stays_admin:
        others = [u for u in uow.users.list()
                  if u.id != before.id and u.role == UserRole.admin and u.is_active]
        if not others:
            raise LastAdmin()


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
        raise forbid("access.admin_changes_roles")
    with uow:
        before = uow.users.get(user_id)
        if before is None:
            raise NotFound(entity="user", key=str(user_id))
        _check_own_password(actor, before, changes)
        if changes.password is not None:
            _check_password(changes.password, before.login, changes.full_name or before.full_name)
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
        if changes.password is not None or (before.is_active and not after.is_active):
            after = replace(after, token_version=before.token_version + 1)  # ends its tokens
        _check_admins_remain(uow, before, after)
        _check_user_organisation(uow, after.role, after.organisation_id)
        after = uow.users.update(after)
        audit_after = user_json(after)
        if audit_after is not None and changes.password is not None:
            audit_after["password_changed"] = True
        record(uow, actor, "update", "user", str(user_id), after.organisation_id,
               user_json(before), audit_after, clock())
        uow.commit()
    return after
