"""Participants' explanation links: signed, expiring, one person each; the page shows only that
person's own explanation, in Russian unless English is asked for."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import jwt

from service import security
from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, proposals, run, sample_school


def links(school: SampleSchool, run_id: int, **body: object) -> list[dict[str, object]]:
    response = school.client.post(f"{API}/runs/{run_id}/links",
                                  headers=school.curator.headers, json=body or None)
    assert response.status_code == 201, response.text
    return response.json()


def test_a_link_shows_only_its_participants_explanation(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    pair = next(p for p in proposals(school, done["id"]) if p["kind"] == "individual")
    mentee = pair["mentees"][0]
    [link] = links(school, done["id"], participants=[mentee], days=7)
    assert link["participant_id"] == mentee and link["url"] == f"{API}/explanations/{link['token']}"
    expires = datetime.fromisoformat(str(link["expires_at"]))
    assert timedelta(days=6) < expires - datetime.now(UTC) <= timedelta(days=7)

    page = school.client.get(str(link["url"]))  # no sign-in
    assert page.status_code == 200, page.text
    body = page.json()
    assert body["participant_id"] == mentee and body["lang"] == "ru"
    assert body["name"] == link["name"]
    [match] = body["matches"]
    assert match["as_role"] == "mentee"
    assert match["pairs"][0]["partner"]["name"] == pair["mentor_name"]
    assert "Ваш наставник" in body["text"]
    # nobody else's name appears anywhere in it
    everyone = {p["mentor_name"] for p in proposals(school, done["id"])} | {
        n for p in proposals(school, done["id"]) for n in p["mentee_names"]}
    others = everyone - {pair["mentor_name"], body["name"]}
    assert not [name for name in others if name in page.text]

    english = school.client.get(str(link["url"]), params={"lang": "en"}).json()
    assert english["lang"] == "en" and "Your mentor" in english["text"]


def test_links_for_everyone_the_run_concerns_and_the_audit(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    made = links(school, done["id"])
    ids = {link["participant_id"] for link in made}
    assert {"T01", "T05", "S08"} <= ids  # mentors, mentees, the unmatched
    assert "E01" not in ids  # the employer's company is outside the school's programme
    unmatched = next(link for link in made if link["participant_id"] == "S08")
    body = school.client.get(str(unmatched["url"])).json()
    assert body["matches"] == [] and body["unmatched_reasons"]
    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "run", "entity_id": str(done["id"])}).json()
    created = [e for e in audit["items"] if e["action"] == "create_links"]
    assert len(created) == 1 and created[0]["actor"] == "curator_7"
    assert sorted(created[0]["after"]["participants"]) == sorted(ids)


def test_expired_tampered_and_foreign_tokens_are_refused(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    settings = world.settings
    expired = security.create_explanation_token(
        "T05", done["id"], key=settings.signing_key, algorithm=settings.jwt_algorithm,
        expires=datetime.now(UTC) - timedelta(minutes=1))
    response = school.client.get(f"{API}/explanations/{expired}")
    assert response.status_code == 410 and response.json()["code"] == "link_expired"
    assert "Срок действия ссылки истёк" in response.json()["detail"]

    [link] = links(school, done["id"], participants=["T05"])
    token = str(link["token"])
    head, claims, signature = token.split(".")
    tampered = f"{head}.{claims}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}x"
    for bad in (tampered, "not-a-token", world.curator_a.token):  # an access token is no link
        answer = school.client.get(f"{API}/explanations/{bad}")
        assert answer.status_code == 404 and answer.json()["code"] == "link_invalid", bad
    forged = jwt.encode({"sub": "T05", "run": done["id"], "aud": security.EXPLANATION_AUDIENCE,
                         "purpose": "explanation",
                         "exp": datetime.now(UTC) + timedelta(days=1)}, "another key " * 4)
    assert school.client.get(f"{API}/explanations/{forged}").status_code == 404
    # and a link is no access token
    assert school.client.get(f"{API}/runs/{done['id']}",
                             headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_link_errors(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    url = f"{API}/runs/{done['id']}/links"
    assert school.client.post(url).status_code == 401
    assert school.client.post(url, headers=world.curator_a.headers).status_code == 403
    assert school.client.post(url, headers=world.viewer_a.headers).status_code == 403
    unknown = school.client.post(url, headers=school.curator.headers,
                                 json={"participants": ["T05", "NOBODY"]})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "participants[1]"
    too_long = school.client.post(url, headers=school.curator.headers, json={"days": 1000})
    assert too_long.status_code == 422 and too_long.json()["errors"][0]["field"] == "days"
    assert school.client.post(f"{API}/runs/999/links",
                              headers=school.curator.headers).status_code == 404
    [link] = links(school, done["id"], participants=["T05"])
    bad_lang = school.client.get(str(link["url"]), params={"lang": "de"})
    assert bad_lang.status_code == 422 and bad_lang.json()["errors"][0]["field"] == "lang"
