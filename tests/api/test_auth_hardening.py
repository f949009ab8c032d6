"""Sign-in hardening: throttling with 429 and `Retry-After`, audited attempts, tokens that
end on sign-out and on a new password, one's own password change needs the current one, the
last administrator stays, and weak passwords are refused."""

from __future__ import annotations

from service import security
from tests.api.helpers import API, PASSWORD, World


def login(world: World, username: str, password: str):
    return world.client.post(f"{API}/auth/token",
                             data={"username": username, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_the_21st_wrong_password_in_a_minute_is_429_and_so_is_the_right_one(
    world: World,
) -> None:
    # The first lock is long enough that a loaded machine cannot outlast it between requests.
    world.settings.login_lock_base_s = 60
    answers = [login(world, "curator_a", f"wrong password {i}") for i in range(21)]
    assert [a.status_code for a in answers[:5]] == [401] * 5  # five free failures
    assert answers[20].status_code == 429, answers[20].text
    assert all(a.status_code == 429 for a in answers[5:])
    assert answers[20].json()["code"] == "too_many_attempts"
    assert "Слишком много неудачных попыток входа" in answers[20].json()["detail"]
    assert 1 <= int(answers[20].headers["retry-after"]) <= world.settings.login_lock_max_s
    right = login(world, "curator_a", PASSWORD)
    assert right.status_code == 429 and "retry-after" in right.headers
    # another account from elsewhere is not locked by this one (5 < 20 address failures)
    assert login(world, "curator_b", PASSWORD).status_code == 200


def test_failed_and_successful_logins_are_audited(world: World) -> None:
    assert login(world, "curator_a", "wrong password").status_code == 401
    assert login(world, "nobody", "wrong password").status_code == 401
    assert login(world, "curator_a", PASSWORD).status_code == 200
    items = world.client.get(f"{API}/audit", headers=world.admin.headers,
                             params={"entity": "user"}).json()["items"]
    seen = [(e["action"], e["actor"], e["after"]["outcome"]) for e in items
            if e["action"].startswith("login")]
    assert seen == [("login", "curator_a", "ok"),
                    ("login_failed", "nobody", "unknown_login"),
                    ("login_failed", "curator_a", "wrong_password")]


def test_a_token_issued_before_logout_is_401(world: World) -> None:
    token = login(world, "curator_a", PASSWORD).json()["access_token"]
    other_device = login(world, "curator_a", PASSWORD).json()["access_token"]
    assert world.client.get(f"{API}/users/me", headers=bearer(token)).status_code == 200
    assert world.client.post(f"{API}/auth/logout", headers=bearer(token)).status_code == 204
    for old in (token, other_device):
        assert world.client.get(f"{API}/users/me", headers=bearer(old)).status_code == 401
    fresh = login(world, "curator_a", PASSWORD).json()["access_token"]
    assert world.client.get(f"{API}/users/me", headers=bearer(fresh)).status_code == 200


def test_a_password_change_needs_the_current_one_and_ends_old_tokens(world: World) -> None:
    me = world.curator_a
    url = f"{API}/users/{me.id}"
    new = "a brand new passphrase 7"
    missing = world.client.patch(url, headers=me.headers, json={"password": new})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "current_password"
    wrong = world.client.patch(url, headers=me.headers,
                               json={"password": new, "current_password": "not it at all"})
    assert wrong.status_code == 403
    changed = world.client.patch(url, headers=me.headers,
                                 json={"password": new, "current_password": PASSWORD})
    assert changed.status_code == 200, changed.text
    assert world.client.get(f"{API}/users/me", headers=me.headers).status_code == 401
    assert login(world, "curator_a", PASSWORD).status_code == 401
    assert login(world, "curator_a", new).status_code == 200
    # an administrator resets someone else's password without giving their own
    reset = world.client.patch(f"{API}/users/{world.viewer_a.id}", headers=world.admin.headers,
                               json={"password": "reset by the admin 9"})
    assert reset.status_code == 200, reset.text
    assert world.client.get(f"{API}/users/me", headers=world.viewer_a.headers).status_code == 401


def test_deactivation_ends_tokens_for_good(world: World) -> None:
    token = login(world, "viewer_a", PASSWORD).json()["access_token"]
    url = f"{API}/users/{world.viewer_a.id}"
    assert world.client.patch(url, headers=world.admin.headers,
                              json={"is_active": False}).status_code == 200
    assert world.client.patch(url, headers=world.admin.headers,
                              json={"is_active": True}).status_code == 200
    assert world.client.get(f"{API}/users/me", headers=bearer(token)).status_code == 401


def test_the_last_admin_cannot_demote_or_block_themself(world: World) -> None:
    url = f"{API}/users/{world.admin.id}"
    for change in ({"role": "curator", "organisation_id": world.school_a.id},
                   {"is_active": False}):
        answer = world.client.patch(url, headers=world.admin.headers, json=change)
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "last_admin"
        assert "единственного активного администратора" in answer.json()["detail"]
    assert world.client.get(f"{API}/users/me", headers=world.admin.headers).json()["role"] \
        == "admin"
    # with a second administrator, the first may step down
    world.client.patch(f"{API}/users/{world.viewer_a.id}", headers=world.admin.headers,
                       json={"role": "admin"})
    assert world.client.patch(url, headers=world.admin.headers, json={
        "role": "curator", "organisation_id": world.school_a.id}).status_code == 200


def test_weak_passwords_are_422(world: World) -> None:
    for weak in ("short1", "password123", "qwertyuiop", "1234567890", "new.user2026"):
        answer = world.client.post(f"{API}/users", headers=world.admin.headers, json={
            "login": "new.user", "password": weak, "role": "viewer"})
        assert answer.status_code == 422, weak
        assert answer.json()["errors"][0]["field"] == "password", weak
    ok = world.client.post(f"{API}/users", headers=world.admin.headers, json={
        "login": "new.user", "password": "violet kettle on a bicycle", "role": "viewer"})
    assert ok.status_code == 201, ok.text


def test_a_token_with_a_forged_version_claim_is_401(world: World) -> None:
    forged = security.create_access_token(world.admin.id, key="another key " * 4,
                                          algorithm="HS256", minutes=5, version=0)
    assert world.client.get(f"{API}/users/me", headers=bearer(forged)).status_code == 401
