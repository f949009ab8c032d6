"""The participant page's answer form: a decline through the link frees the pair, the page says
what happens next; the form refuses a post from another site or without its key; the curator's
card shows the answer; the links page warns before links go out for a draft run."""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def ran(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    signed_in.run_id = signed_in.run()
    return signed_in


def _link(ran, pid: str) -> str:
    page = ran.post(f"/runs/{ran.run_id}/links").text
    links = dict(re.findall(r'<a href="http://testserver(/explain/[^"]+)" data-participant='
                            r'"(\w+)"', page))
    return {p: url for url, p in links.items()}[pid]


def _api(ran, path: str):
    token = ran.client.cookies["nm_session"]
    return ran.client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})


def test_a_mentee_declines_on_the_page_and_the_curator_sees_it(ran, client):
    links_page = ran.client.get(f"/runs/{ran.run_id}/links").text
    assert 'id="draft-warning"' in links_page  # nothing confirmed yet
    items = _api(ran, f"/runs/{ran.run_id}/proposals?limit=500").json()["items"]
    pair = next(p for p in items if len(p["mentees"]) == 1)
    mentee = pair["mentees"][0]
    url = _link(ran, mentee)
    session = dict(ran.client.cookies)
    ran.client.cookies.clear()  # the participant is not signed in
    page = ran.client.get(url)
    assert page.status_code == 200
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page.text
    assert "Что дальше" in page.text and "куратору наставничества" in page.text
    key = re.search(r'name="answer_key" value="(\w+)"', page.text).group(1)
    form = {"answer_key": key, "proposal_id": pair["id"], "answer": "decline",
            "reason": "Разные смены"}

    foreign = ran.client.post(f"{url}/answer", data=form,
                              headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    keyless = ran.client.post(f"{url}/answer", data={**form, "answer_key": "0" * 32})
    assert keyless.status_code == 403
    other = next(p for p in items if p["id"] != pair["id"] and mentee not in p["mentees"])
    not_mine = ran.client.post(f"{url}/answer", data={**form, "proposal_id": other["id"]})
    assert not_mine.status_code == 422 and "Такой пары среди ваших нет" in not_mine.text

    sent = ran.client.post(f"{url}/answer", data=form, follow_redirects=False)
    assert sent.status_code == 303
    after = ran.client.get(sent.headers["location"])
    assert "Куратор предложит вам другую пару" in after.text

    ran.client.cookies.update(session)
    card = ran.client.get(f"/runs/{ran.run_id}/proposals/{pair['id']}").text
    assert "Ответы участников" in card and "Разные смены" in card
    statuses = {p["id"]: p["status"] for p in
                _api(ran, f"/runs/{ran.run_id}/proposals?limit=500").json()["items"]}
    assert statuses[pair["id"]] == "rejected"
    assert statuses[other["id"]] == "proposed"


def test_the_curator_replaces_a_confirmed_pair_on_a_ground_from_the_card(ran, client):
    items = _api(ran, f"/runs/{ran.run_id}/proposals?limit=500").json()["items"]
    pair = next(p for p in items if len(p["mentees"]) == 1)
    ran.post(f"/runs/{ran.run_id}/proposals/{pair['id']}/confirm", {"version": pair["version"]})
    page = ran.client.get(f"/runs/{ran.run_id}/proposals/{pair['id']}").text
    assert "Изменить пару…" in page and "по уважительным обстоятельствам" in page
    version = _api(ran, f"/runs/{ran.run_id}/proposals/{pair['id']}").json()["version"]
    wrong = ran.post(f"/runs/{ran.run_id}/pair-change/{pair['id']}",
                     {"version": version, "change": "replace", "ground": "plan_completed",
                      "initiator": "curator"})
    assert wrong.status_code == 422 and "раздел 7" in wrong.text
    done = ran.post(f"/runs/{ran.run_id}/pair-change/{pair['id']}",
                    {"version": version, "change": "replace", "ground": "good_cause",
                     "initiator": "mentor", "note": "Переход в другую школу"})
    assert done.status_code in (200, 303)
    detail = _api(ran, f"/runs/{ran.run_id}/proposals/{pair['id']}").json()
    assert detail["status"] == "ended" and "Переход в другую школу" in detail["status_reason"]
    changes = _api(ran, f"/runs/{ran.run_id}/changes").json()
    assert changes[0]["change"] == "replace" and changes[0]["initiator"] == "mentor"


def test_the_card_lists_the_alternates_on_demand(ran, client):
    items = _api(ran, f"/runs/{ran.run_id}/proposals?limit=500").json()["items"]
    with_alts = []
    for p in items:
        if len(p["mentees"]) == 1:
            alts = _api(ran, f"/runs/{ran.run_id}/proposals/{p['id']}/alternates").json()
            if alts:
                with_alts.append((p, alts))
    pair, alts = with_alts[0]
    page = ran.client.get(f"/runs/{ran.run_id}/proposals/{pair['id']}").text
    assert f'hx-get="/runs/{ran.run_id}/proposals/{pair["id"]}/alternates"' in page
    fragment = ran.client.get(f"/runs/{ran.run_id}/proposals/{pair['id']}/alternates",
                              headers={"HX-Request": "true"}).text
    names = re.findall(r"<li>([^<—]+) —", fragment)
    assert [n.strip() for n in names] == [a["mentor_name"] for a in alts]
