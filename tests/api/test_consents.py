"""Consents: given and revoked as events, reflected into the participant's consents."""

from __future__ import annotations

from datetime import date, timedelta

from tests.api.helpers import API, World, create


def test_give_revoke_and_history(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.curator_a.headers
    given = c.post(f"{API}/participants/T1/consents", headers=h,
                   json={"kind": "participation", "given": "2025-09-10", "note": "бланк №5"})
    assert given.status_code == 201, given.text
    assert given.json()["version"] == 2
    assert given.json()["event"]["action"] == "given"
    person = c.get(f"{API}/participants/T1", headers=h).json()
    assert {"kind": "participation", "given": "2025-09-10", "revoked": None} in person["consents"]

    revoked = c.post(f"{API}/participants/T1/consents/participation/revoke", headers=h,
                     json={"revoked": "2025-10-01"})
    assert revoked.status_code == 200, revoked.text
    assert {"kind": "participation", "given": "2025-09-10",
            "revoked": "2025-10-01"} in revoked.json()["consents"]

    history = c.get(f"{API}/participants/T1/consents", headers=world.viewer_a.headers).json()
    assert [(e["kind"], e["action"], e["on_date"]) for e in history["history"]] == [
        ("personal_data", "given", "2025-09-01"),  # recorded when the record was created
        ("participation", "given", "2025-09-10"),
        ("participation", "revoked", "2025-10-01"),
    ]
    assert history["history"][1]["recorded_by"] == "curator_a"
    assert history["history"][1]["note"] == "бланк №5"
    assert history["version"] == 3


def test_consent_state_errors(world: World) -> None:
    create(world, world.curator_a, "T1")
    c, h = world.client, world.curator_a.headers
    twice = c.post(f"{API}/participants/T1/consents", headers=h,
                   json={"kind": "personal_data", "given": "2025-09-02"})
    assert twice.status_code == 409
    assert twice.json()["code"] == "consent_already_given"
    assert "согласие на обработку персональных данных" in twice.json()["detail"]
    nothing = c.post(f"{API}/participants/T1/consents/guardian/revoke", headers=h,
                     json={"revoked": "2025-09-02"})
    assert nothing.status_code == 409
    assert nothing.json()["code"] == "no_active_consent"
    early = c.post(f"{API}/participants/T1/consents/personal_data/revoke", headers=h,
                   json={"revoked": "2025-08-01"})
    assert early.status_code == 422
    assert early.json()["errors"][0]["field"] == "revoked"
    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    future = c.post(f"{API}/participants/T1/consents", headers=h,
                    json={"kind": "participation", "given": tomorrow})
    assert future.status_code == 422
    assert future.json()["errors"][0]["field"] == "given"
    bad_kind = c.post(f"{API}/participants/T1/consents", headers=h,
                      json={"kind": "marriage", "given": "2025-09-02"})
    assert bad_kind.status_code == 422
    assert bad_kind.json()["errors"][0]["field"] == "kind"
    assert c.get(f"{API}/participants/T1", headers=h).json()["version"] == 1


def test_consents_need_write_access(world: World) -> None:
    create(world, world.curator_a, "T1")
    c = world.client
    body = {"kind": "participation", "given": "2025-09-10"}
    assert c.post(f"{API}/participants/T1/consents", headers=world.viewer_a.headers,
                  json=body).status_code == 403
    # B's bank has no T1 (ids are per organisation); naming A's bank is refused
    assert c.post(f"{API}/participants/T1/consents", headers=world.curator_b.headers,
                  json=body).status_code == 404
    a = world.school_a.id
    assert c.post(f"{API}/participants/T1/consents?organisation_id={a}",
                  headers=world.curator_b.headers, json=body).status_code == 403
    assert c.get(f"{API}/participants/T1/consents?organisation_id={a}",
                 headers=world.curator_b.headers).status_code == 403
    assert c.post(f"{API}/participants/NOPE/consents", headers=world.admin.headers,
                  json=body).status_code == 404
