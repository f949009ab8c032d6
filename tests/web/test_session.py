"""Sign-in through the pages: the API's JWT in an HttpOnly cookie, redirects, CSRF, language."""

from __future__ import annotations

import pytest

from service import security
from tests.e2e.server import LOGIN, PASSWORD


def test_a_page_without_a_session_sends_to_the_login_page_and_back(client):
    answer = client.get("/banks?side=mentors", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=/banks%3Fside%3Dmentors"
    signed = client.post("/login", data={"username": LOGIN, "password": PASSWORD,
                                         "next": "/banks?side=mentors"}, follow_redirects=False)
    assert signed.headers["location"] == "/banks?side=mentors"


def test_the_session_cookie_is_the_apis_token_and_is_http_only(client, settings):
    answer = client.post("/login", data={"username": LOGIN, "password": PASSWORD},
                         follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert "nm_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = client.cookies["nm_session"]
    user_id = security.user_id_from_token(token, key=settings.signing_key,
                                          algorithm=settings.jwt_algorithm)
    api = client.get(f"/api/v1/users/{user_id}",
                     headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 200 and api.json()["login"] == LOGIN


def test_a_wrong_password_is_refused_in_russian(client):
    answer = client.post("/login", data={"username": LOGIN, "password": "nope"})
    assert answer.status_code == 401
    assert "Неверный логин или пароль" in answer.text
    assert "nm_session" not in client.cookies


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_next_never_leaves_the_site(client, target):
    answer = client.post("/login", data={"username": LOGIN, "password": PASSWORD,
                                         "next": target}, follow_redirects=False)
    assert answer.headers["location"] == "/banks"
    switched = client.get(f"/lang/en?next={target}", follow_redirects=False)
    assert switched.headers["location"] == "/"


def test_a_form_without_the_csrf_token_is_refused(signed_in):
    answer = signed_in.client.post("/programmes", data={"id": "x"})
    assert answer.status_code == 403
    assert "Форма устарела" in answer.text
    forged = signed_in.client.post("/programmes", data={"id": "x", "csrf_token": "0" * 40})
    assert forged.status_code == 403


def test_sign_out_forgets_the_session(signed_in):
    answer = signed_in.post("/logout", follow_redirects=False)
    assert answer.headers["location"] == "/login"
    assert signed_in.client.get("/banks", follow_redirects=False).status_code == 303


def test_english_is_remembered_in_a_cookie(signed_in):
    client = signed_in.client
    assert "<h1>Банки наставников и наставляемых</h1>" in client.get("/banks").text
    client.get("/lang/en?next=/banks")
    page = client.get("/banks")
    assert '<html lang="en">' in page.text
    assert "<h1>Banks of mentors and mentees</h1>" in page.text
