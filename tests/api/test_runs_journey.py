"""The curator's whole journey over HTTP: import the sample bank, run, confirm, reject,
a consent revoked, rerun, and what the rerun kept, changed and ended, and why."""

from __future__ import annotations

import re
from datetime import date

from tests.api.helpers import API, World
from tests.api.runs_helpers import decide, proposals, run, sample_school


def test_rerun_keeps_confirmed_pairs_and_drops_the_rejected_and_the_withdrawn(
    world: World,
) -> None:
    school = sample_school(world)
    client, curator = school.client, school.curator
    first = run(school)
    assert first["summary"]["proposals"] >= 4
    assert first["bank_version"] == f"{school.organisation_id}:1"  # the import, once
    offered = proposals(school, first["id"])
    assert {p["status"] for p in offered} == {"proposed"}

    # two confirmed, one rejected, and someone else withdraws their consent
    confirmed = [offered[0]]
    confirmed.append(next(p for p in offered[1:] if not set(p["mentees"]) & set(
        confirmed[0]["mentees"])))
    people = {confirmed[0]["mentor"], confirmed[1]["mentor"], *confirmed[0]["mentees"],
              *confirmed[1]["mentees"]}
    rejected = next(p for p in offered if p not in confirmed)
    withdrawn = next(p for p in offered if p not in confirmed and p is not rejected
                     and not set(p["mentees"]) & people and p["mentees"] != rejected["mentees"])
    leaver = withdrawn["mentees"][0]
    for p in confirmed:
        answer = decide(school, first["id"], p, "confirm")
        assert answer.status_code == 200, answer.text
        assert answer.json()["proposal"]["status"] == "confirmed"
        assert answer.json()["proposal"]["version"] == 2
    answer = decide(school, first["id"], rejected, "reject", "Не сработаются по графику")
    assert answer.status_code == 200, answer.text
    revoke = client.post(f"{API}/participants/{leaver}/consents/participation/revoke",
                         headers=curator.headers, json={"revoked": date.today().isoformat()})
    assert revoke.status_code == 200, revoke.text

    second = run(school)
    assert second["previous_run_id"] == first["id"]
    assert second["bank_version"] == f"{school.organisation_id}:2"  # the revocation
    after = proposals(school, second["id"])
    by_id = {p["id"]: p for p in after}
    for p in confirmed:  # the confirmed pairs stay, still confirmed
        assert by_id[p["id"]]["status"] == "confirmed"
        assert by_id[p["id"]]["mentees"] == p["mentees"]
    pairs = {(p["mentor"], e) for p in after for e in p["mentees"]}
    assert (rejected["mentor"], rejected["mentees"][0]) not in pairs
    assert all(leaver not in p["mentees"] and p["mentor"] != leaver for p in after)
    assert second["summary"]["kept"] == 2

    diff = client.get(f"{API}/runs/{second['id']}/diff", headers=curator.headers)
    assert diff.status_code == 200, diff.text
    body = diff.json()
    assert body["previous_run_id"] == first["id"]
    assert {p["id"] for p in confirmed} <= {p["id"] for p in body["kept"]}
    ended = {e["proposal"]["id"]: e["reason"]["code"] for e in body["ended"]}
    assert ended[rejected["id"]] == "rejected"
    changed = {c["before"]["id"]: c["reason"]["code"] for c in body["changed"]}
    assert {**ended, **changed}[withdrawn["id"]] == "mentee_consent"
    assert {p["id"] for p in body["new"]}.isdisjoint(p["id"] for p in offered)

    unmatched = client.get(f"{API}/runs/{second['id']}/unmatched", headers=curator.headers)
    reasons = {u["mentee"]: [r["code"] for r in u["reasons"]] for u in unmatched.json()["items"]}
    assert reasons[leaver] == ["mentee_consent"]

    # every decision is in the decisions history and the audit log, with who and when
    detail = client.get(f"{API}/runs/{first['id']}/proposals/{rejected['id']}",
                        headers=curator.headers).json()
    assert [(d["action"], d["actor"], d["reason"]) for d in detail["decisions"]] == [
        ("reject", "curator_7", "Не сработаются по графику")]
    audit = client.get(f"{API}/audit", headers=world.admin.headers,
                       params={"entity": "proposal", "limit": 50}).json()["items"]
    assert sorted((e["action"], e["entity_id"], e["actor"]) for e in audit) == sorted(
        [("confirm", f"{first['id']}/{p['id']}", "curator_7") for p in confirmed]
        + [("reject", f"{first['id']}/{rejected['id']}", "curator_7")])
    assert all(e["before"]["status"] == "proposed" for e in audit)


def test_a_confirmed_pair_ends_when_a_person_leaves_the_bank(world: World) -> None:
    school = sample_school(world)
    first = run(school)
    pair = next(p for p in proposals(school, first["id"]) if p["kind"] == "individual")
    confirmed = decide(school, first["id"], pair, "confirm").json()["proposal"]
    locked = decide(school, first["id"], confirmed, "lock")
    assert locked.status_code == 200
    leaver = pair["mentees"][0]
    gone = school.client.delete(f"{API}/participants/{leaver}", headers=school.curator.headers)
    assert gone.status_code == 204
    second = run(school)
    assert pair["id"] not in {p["id"] for p in proposals(school, second["id"])}
    body = school.client.get(f"{API}/runs/{second['id']}/diff",
                             headers=school.curator.headers).json()
    ended = {e["proposal"]["id"]: e["reason"] for e in body["ended"]}
    assert ended[pair["id"]]["code"] == "person_left"
    # the cause names who left (issue 18), and the locked pair is listed first, marked
    assert re.fullmatch(r"Выбыл(а)? из банка: " + re.escape(pair["mentee_names"][0]),
                        ended[pair["id"]]["ru"])
    assert body["ended"][0]["proposal"]["id"] == pair["id"] and body["ended"][0]["promised"]
    # the first run keeps its own bank: its documents still name the person who left
    report = school.client.get(f"{API}/runs/{first['id']}/report",
                               headers=school.curator.headers)
    assert report.status_code == 200
    assert leaver in {r["mentee_id"] for r in report.json()["pairs"]}


def test_a_first_run_has_everything_new(world: World) -> None:
    school = sample_school(world)
    first = run(school)
    body = school.client.get(f"{API}/runs/{first['id']}/diff",
                             headers=school.curator.headers).json()
    assert body["previous_run_id"] is None
    assert (body["kept"], body["changed"], body["ended"]) == ([], [], [])
    assert len(body["new"]) == first["summary"]["proposals"]
