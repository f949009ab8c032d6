"""Monitoring surveys through the API (issue 16): a participant answers through their link, the
curator sees the answer in the at-risk list and the quality figures; the link's pages work
on their own, without signing in."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.api.helpers import API, World
from tests.api.runs_helpers import decide, programme_body, proposals, sample_school, wait_for


def test_a_participant_answers_and_the_curator_sees_it(world: World) -> None:
    school = sample_school(world)
    start = date.today() - timedelta(days=100)
    body = programme_body("MON", start=start.isoformat(),
                          end=(start + timedelta(days=200)).isoformat())
    curator = school.curator.headers
    assert world.client.post(f"{API}/programmes", headers=curator, json=body).status_code == 201
    started = world.client.post(f"{API}/programmes/MON/runs", headers=curator)
    assert started.status_code == 202, started.text
    run_id = started.json()["id"]
    assert wait_for(world, school.curator, run_id)["status"] == "done"
    items = proposals(school, run_id)
    for p in items:
        assert decide(school, run_id, p, "confirm").status_code == 200
    links = world.client.post(f"{API}/runs/{run_id}/links", headers=curator).json()
    tokens = {link["participant_id"]: link["token"] for link in links}
    first = items[0]
    mentee = first["mentees"][0]
    mine = world.client.get(f"{API}/explanations/{tokens[mentee]}/surveys").json()
    assert {s["proposal_id"] for s in mine["surveys"]} == {first["id"]}
    assert [s["kind"] for s in mine["surveys"]][:1] == ["fit"]

    answered = world.client.post(f"{API}/explanations/{tokens[mentee]}/surveys", json={
        "proposal_id": first["id"], "seq": 1,
        "answer": {"kind": "fit", "fit": "bad", "met": True, "comment": "не сошлись"}})
    assert answered.status_code == 201, answered.text
    other = world.client.post(f"{API}/explanations/{tokens[items[1]['mentor']]}/surveys", json={
        "proposal_id": first["id"], "seq": 1, "answer": {"kind": "fit", "fit": "good"}})
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "proposal_id"

    view = world.client.get(f"{API}/programmes/MON/surveys", headers=curator).json()
    assert first["id"] in view["at_risk"]
    pair = next(p for p in view["pairs"] if p["proposal_id"] == first["id"])
    assert "not_a_fit" in [r["code"] for r in pair["risks"]]
    fit = next(s for s in pair["surveys"] if s["kind"] == "fit")
    assert fit["answered_by"] == [mentee]
    form = next(q for q in view["quality"] if q["group"] == "form" and q["key"] == first["form"])
    assert form["fit_share"] == 0.0 and form["answered"] >= 1
    # The pairs were confirmed today, so they start today: nothing is overdue yet.
    assert view["reminders"] == [] and pair["start"] == date.today().isoformat()
    outsider = world.client.get(f"{API}/programmes/MON/surveys",
                                headers=world.curator_b.headers)
    assert outsider.status_code in (403, 404)

    # The regional export carries the figures with no people, small groups suppressed.
    export = world.client.get(f"{API}/runs/{run_id}/export.json", headers=curator)
    assert export.status_code == 200, export.text
    rows = export.json()["monitoring"]
    assert {r["group"] for r in rows} == {"form", "kind", "band"}
    assert sum(r["pairs"] for r in rows if r["group"] == "kind") == len(items)
    for r in rows:
        assert ("fit_share" in r) == (r["pairs"] >= 5) and r.get("suppressed") == (
            True if r["pairs"] < 5 else None)
    assert "не сошлись" not in export.text and pair["names"][mentee] not in export.text

    # The participant's page: the form, an answer, the thank-you; no sign-in anywhere.
    page = world.client.get(f"/explain/{tokens[first['mentor']]}/surveys")
    assert page.status_code == 200 and 'name="fit"' in page.text
    assert page.headers["cache-control"] == "no-store"
    sent = world.client.post(f"/explain/{tokens[first['mentor']]}/surveys", data={
        "proposal_id": first["id"], "kind": "fit", "seq": "1", "met": "yes", "fit": "good"},
        follow_redirects=False)
    assert sent.status_code == 303, sent.text
    thanks = world.client.get(sent.headers["location"])
    assert "ответ сохранён" in thanks.text
    assert re.search(r'value="good"\s+required\s+checked', thanks.text)
    refused = world.client.post(f"/explain/{tokens[first['mentor']]}/surveys", data={
        "proposal_id": first["id"], "kind": "quality", "seq": "9", "quality": "4",
        "meetings": "1"})
    assert refused.status_code == 422 and "Такой анкеты" in refused.text


def test_sending_reminders_without_smtp_is_refused_with_the_reason(world: World) -> None:
    """SMTP is off by default: the endpoint answers 409 naming the settings, sends nothing;
    another school's curator is refused first."""
    school = sample_school(world)
    url = f"{API}/programmes/{school.programme}/surveys/reminders/send"
    outsider = world.client.post(url, headers=world.curator_b.headers)
    assert outsider.status_code in (403, 404)
    refused = world.client.post(url, headers=school.curator.headers)
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "mail.off" and "SMTP_HOST" in refused.json()["detail"]
