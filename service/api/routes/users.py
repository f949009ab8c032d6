"""Users: administrators manage accounts; everyone sees and edits their own."""

from __future__ import annotations

from fastapi import APIRouter, status

from service import services
from service.api.deps import ActorDep, IdPath, UowDep
from service.schemas import UserCreate, UserPublic, UserUpdate

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
def read_me(actor: ActorDep, uow: UowDep) -> UserPublic:
    return UserPublic.of(services.get_user(uow, actor, actor.user_id))


@router.get("", response_model=list[UserPublic])
def list_users(actor: ActorDep, uow: UowDep) -> list[UserPublic]:
    return [UserPublic.of(u) for u in services.list_users(uow, actor)]


@router.post("", response_model=UserPublic, status_code=status.HTTP_201_CREATED)
def create_user(body: UserCreate, actor: ActorDep, uow: UowDep) -> UserPublic:
    user = services.create_user(
        uow, actor, login=body.login, password=body.password, full_name=body.full_name,
        role=body.role, organisation_id=body.organisation_id,
    )
    return UserPublic.of(user)


@router.get("/{user_id}", response_model=UserPublic)
def read_user(user_id: IdPath, actor: ActorDep, uow: UowDep) -> UserPublic:
    return UserPublic.of(services.get_user(uow, actor, user_id))


@router.patch("/{user_id}", response_model=UserPublic)
def update_user(user_id: IdPath, body: UserUpdate, actor: ActorDep, uow: UowDep) -> UserPublic:
    sent = body.model_fields_set
    changes = services.UserChanges(
        full_name=body.full_name,
        password=body.password,
        role=body.role,
        organisation_id=body.organisation_id,
        clear_organisation="organisation_id" in sent and body.organisation_id is None,
        is_active=body.is_active,
        current_password=body.current_password,
    )
    return UserPublic.of(services.update_user(uow, actor, user_id, changes))
