"""Sign-in and tokens: the OAuth2 password flow, 401s in our error format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from service import security
from service.domain import SYSTEM
from service.services import UserChanges, update_user
from tests.api.helpers import API, PASSWORD, World


def login(world: World, username: str, password: str, **headers: str):
    return world.client.post(f"{API}/auth/token", data={"username": username,
                                                        "password": password}, headers=headers)


def test_login_returns_a_token_that_identifies_the_user(world: World) -> None:
    response = login(world, "curator_a", PASSWORD)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    me = world.client.get(f"{API}/users/me",
                          headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["login"] == "curator_a"
    assert me.json()["organisation_id"] == world.school_a.id
    assert "password_hash" not in me.json()


def test_wrong_password_is_401_in_russian(world: World) -> None:
    response = login(world, "curator_a", "wrong password")
    assert response.status_code == 401
    assert response.json()["code"] == "bad_credentials"
    assert response.json()["detail"] == "Неверный логин или пароль"
    assert response.headers["www-authenticate"] == "Bearer"


def test_unknown_login_is_the_same_401_in_english_on_request(world: World) -> None:
    response = login(world, "nobody", PASSWORD, **{"Accept-Language": "en-GB,en;q=0.9"})
    assert response.status_code == 401
    assert response.json()["detail"] == "Wrong login or password"


def test_missing_token_is_401(world: World) -> None:
    response = world.client.get(f"{API}/participants")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Bearer"


def test_garbage_and_foreign_tokens_are_401(world: World) -> None:
    forged = security.create_access_token(
        world.admin.id, key="another key, long enough for HS256 tokens", algorithm="HS256",
        minutes=5,
    )
    for token in ("not-a-jwt", forged):
        response = world.client.get(f"{API}/users/me",
                                    headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token


def test_expired_token_is_401(world: World) -> None:
    old = datetime.now(UTC) - timedelta(hours=2)
    token = security.create_access_token(
        world.admin.id, key=world.settings.signing_key, algorithm="HS256", minutes=5, now=old
    )
    response = world.client.get(f"{API}/users/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_deactivated_user_loses_access_at_once(world: World) -> None:
    update_user(world.uow(), SYSTEM, world.curator_a.id, UserChanges(is_active=False))
    assert world.client.get(f"{API}/users/me", headers=world.curator_a.headers).status_code == 401
    assert login(world, "curator_a", PASSWORD).status_code == 401
