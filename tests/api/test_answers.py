"""Participants answer through their links; a decline frees the pair and the best available
alternate is proposed in its place, every other proposal left as it was; the curator sees the
answers, the alternates and confirms."""

from __future__ import annotations

from typing import Any

from matcher.model import Kind
from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


def link_for(school: SampleSchool, run_id: int, pid: str) -> dict[str, Any]:
    response = school.client.post(f"{API}/runs/{run_id}/links", headers=school.curator.headers,
                                  json={"participants": [pid]})
    assert response.status_code == 201, response.text
    [link] = response.json()
    return dict(link)


def answer(school: SampleSchool, token: str, **body: Any) -> Any:
    return school.client.post(f"{API}/explanations/{token}/answer", json=body)


def pair_with_alternates(school: SampleSchool, run_id: int) -> tuple[dict[str, Any],
                                                                    list[dict[str, Any]]]:
    for p in proposals(school, run_id):
        if p["kind"] == "group":
            continue
        response = school.client.get(f"{API}/runs/{run_id}/proposals/{p['id']}/alternates",
                                     headers=school.curator.headers)
        assert response.status_code == 200, response.text
        if response.json():
            return p, response.json()
    raise AssertionError("no pair of the sample school has an alternate")


def test_alternates_are_feasible_ordered_and_not_the_current_mentor(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    pair, alts = pair_with_alternates(school, done["id"])
    assert 1 <= len(alts) <= 3
    assert [a["rank"] for a in alts] == list(range(1, len(alts) + 1))
    assert all(a["mentor"] != pair["mentor"] and a["mentee"] == pair["mentees"][0]
               for a in alts)
    # coverage first, then score: the solver's objective, not a plain score sort
    keys = [(a["coverage_cost"], -a["score"]) for a in alts]
    assert keys == sorted(keys)
    assert all(a["available"] for a in alts)
    missing = school.client.get(f"{API}/runs/{done['id']}/proposals/nope/alternates",
                                headers=school.curator.headers)
    assert missing.status_code == 404


def test_a_decline_frees_the_pair_and_proposes_the_best_alternate(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pair, alts = pair_with_alternates(school, run_id)
    before = {p["id"]: (p["status"], p["version"]) for p in proposals(school, run_id)}
    mentee = pair["mentees"][0]
    link = link_for(school, run_id, mentee)

    response = answer(school, str(link["token"]), proposal_id=pair["id"], answer="decline",
                      reason="Не совпадает расписание")
    assert response.status_code == 201, response.text
    out = response.json()
    assert out["freed"] is True and "другую пару" in out["next_step"]

    after = {p["id"]: p for p in proposals(school, run_id)}
    assert after[pair["id"]]["status"] == "rejected"
    new = [p for pid, p in after.items() if pid not in before]
    [promoted] = new
    assert promoted["mentor"] == alts[0]["mentor"] and promoted["mentees"] == [mentee]
    assert promoted["status"] == "proposed"
    # every other proposal as it was
    assert {pid: (p["status"], p["version"]) for pid, p in after.items()
            if pid not in (pair["id"], promoted["id"])} == {
        pid: sv for pid, sv in before.items() if pid != pair["id"]}

    detail = school.client.get(f"{API}/runs/{run_id}/proposals/{pair['id']}",
                               headers=school.curator.headers).json()
    [seen] = detail["answers"]
    assert seen["participant_id"] == mentee and seen["answer"] == "decline"
    assert seen["reason"] == "Не совпадает расписание"
    assert detail["decisions"][-1]["action"] == "reject"
    assert "Не совпадает расписание" in detail["status_reason"]

    confirmed = decide(school, run_id, promoted, "confirm")
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["proposal"]["status"] == "confirmed"

    changes = school.client.get(f"{API}/runs/{run_id}/changes",
                                headers=school.curator.headers).json()
    assert [c["change"] for c in changes] == ["decline", "promote"]
    assert changes[1]["new_proposal_id"] == promoted["id"]
    assert changes[0]["initiator"] == "mentee"

    # the pair is gone: declining it again is refused, and the person sees their new pair
    again = answer(school, str(link["token"]), proposal_id=pair["id"], answer="decline")
    assert again.status_code == 422
    page = school.client.get(f"{API}/explanations/{link['token']}").json()
    assert [m["pairs"][0]["partner"]["name"] for m in page["matches"]] == [
        promoted["mentor_name"]]


def test_answers_are_private_to_the_links_person(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pairs = [p for p in proposals(school, run_id) if p["kind"] != "group"]
    mine, other = pairs[0], next(p for p in pairs[1:]
                                 if p["mentor"] != pairs[0]["mentor"]
                                 and not set(p["mentees"]) & set(pairs[0]["mentees"]))
    link = link_for(school, run_id, mine["mentees"][0])
    token = str(link["token"])
    foreign = answer(school, token, proposal_id=other["id"], answer="decline")
    assert foreign.status_code == 422 and foreign.json()["errors"][0]["field"] == "proposal_id"
    nobody = answer(school, token, proposal_id="0000", answer="accept")
    assert nobody.status_code == 422
    assert nobody.json()["errors"] == foreign.json()["errors"]  # nothing learnt from the id
    stranger = answer(school, token, proposal_id=mine["id"],
                      wishes=[{"target": other["mentor"], "level": "yes"}])
    assert stranger.status_code == 422
    empty = answer(school, token, proposal_id=mine["id"])
    assert empty.status_code == 422
    bad = answer(school, "not-a-token", proposal_id=mine["id"], answer="accept")
    assert bad.status_code in (401, 404)
    assert {p["id"]: p["status"] for p in proposals(school, run_id)}[other["id"]] == "proposed"


def test_accept_and_wishes_are_recorded_and_kept_with_the_person(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pair = next(p for p in proposals(school, run_id) if p["kind"] != "group")
    mentor_link = link_for(school, run_id, pair["mentor"])
    token = str(mentor_link["token"])
    ok = answer(school, token, proposal_id=pair["id"], answer="accept",
                wishes=[{"target": pair["mentees"][0], "level": "yes", "rank": 1}])
    assert ok.status_code == 201, ok.text
    assert ok.json()["freed"] is False and "первой встрече" in ok.json()["next_step"]
    english = school.client.post(f"{API}/explanations/{token}/answer", params={"lang": "en"},
                                 json={"proposal_id": pair["id"], "answer": "accept"})
    assert english.status_code == 201
    assert "first meeting" in english.json()["next_step"]
    wishes = school.client.get(f"{API}/participants/{pair['mentor']}/wishes",
                               headers=school.curator.headers).json()
    kept = [w for w in wishes["wishes"] if w["target"] == pair["mentees"][0]]
    assert [(w["level"], w["rank"]) for w in kept] == [("yes", 1)]
    listed = school.client.get(f"{API}/runs/{run_id}/proposals/{pair['id']}/answers",
                               headers=school.curator.headers).json()
    assert [a["answer"] for a in listed["answers"]] == ["accept", "accept"]
    assert listed["names"][pair["mentor"]] == pair["mentor_name"]
    status = {p["id"]: p["status"] for p in proposals(school, run_id)}[pair["id"]]
    assert status == "proposed"
    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "proposal"}).json()
    assert any(e["action"] == "answer" and e["actor"].startswith(f"participant:{pair['mentor']}")
               for e in audit["items"])


def test_without_alternates_a_local_resolve_finds_the_mentee_a_mentor(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pair, alts = pair_with_alternates(school, run_id)
    with world.uow() as uow:  # as if the run kept none (or all were taken)
        uow.aftermatch.set_alternates(run_id, [])
        uow.commit()
    mentee = pair["mentees"][0]
    link = link_for(school, run_id, mentee)
    response = answer(school, str(link["token"]), proposal_id=pair["id"], answer="decline")
    assert response.status_code == 201, response.text
    new = [p for p in proposals(school, run_id) if p["mentees"] == [mentee]
           and p["status"] == "proposed"]
    [promoted] = new
    assert promoted["mentor"] == alts[0]["mentor"]  # the re-solve agrees with the kept order


def test_a_rerun_keeps_the_confirmed_alternate_and_never_brings_back_the_declined_pair(
        world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pair, _ = pair_with_alternates(school, run_id)
    mentee = pair["mentees"][0]
    link = link_for(school, run_id, mentee)
    assert answer(school, str(link["token"]), proposal_id=pair["id"],
                  answer="decline").status_code == 201
    promoted = next(p for p in proposals(school, run_id)
                    if p["mentees"] == [mentee] and p["status"] == "proposed")
    assert decide(school, run_id, promoted, "confirm").status_code == 200

    again = run(school)
    pairs = {(p["mentor"], tuple(p["mentees"])): p["status"]
             for p in proposals(school, again["id"])}
    assert pairs[(promoted["mentor"], (mentee,))] == "confirmed"
    assert (pair["mentor"], (mentee,)) not in pairs
    # the old link now says its run was superseded, and a new run keeps its own alternates
    assert school.client.get(f"{API}/explanations/{link['token']}").status_code == 410


def test_a_group_member_declining_is_left_to_the_curator(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pairs = [p for p in proposals(school, run_id) if p["kind"] != "group"]
    # the sample's mentors take no groups: one pair is made a group of two, as a run with
    # groups would store it (the answer reads the stored proposal, nothing else)
    with world.uow() as uow:
        stored = uow.proposals.get(run_id, pairs[0]["id"])
        assert stored is not None
        other = next(e for p in pairs[1:] for e in p["mentees"]
                     if e not in stored.proposal.mentees)
        grouped = stored.proposal.model_copy(update={
            "kind": Kind.group, "mentees": (*stored.proposal.mentees, other)})
        uow.proposals.update(stored, grouped, stored.version, stored.updated_at, "test")
        uow.commit()
    group = school.client.get(f"{API}/runs/{run_id}/proposals/{pairs[0]['id']}",
                              headers=school.curator.headers).json()
    assert group["kind"] == "group" and len(group["mentees"]) == 2
    member = group["mentees"][1]
    link = link_for(school, run_id, member)
    response = answer(school, str(link["token"]), proposal_id=group["id"], answer="decline",
                      reason="Неудобное время")
    assert response.status_code == 201, response.text
    assert response.json()["freed"] is False and "с группой" in response.json()["next_step"]
    after = {p["id"]: p for p in proposals(school, run_id)}
    assert after[group["id"]]["status"] == "proposed"
    assert len(after) == len(proposals(school, run_id))
    detail = school.client.get(f"{API}/runs/{run_id}/proposals/{group['id']}",
                               headers=school.curator.headers).json()
    assert [a["answer"] for a in detail["answers"]] == ["decline"]


def test_a_deleted_persons_answers_go_with_them(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    pair = next(p for p in proposals(school, run_id) if p["kind"] != "group")
    mentee = pair["mentees"][0]
    link = link_for(school, run_id, mentee)
    sent = answer(school, str(link["token"]), proposal_id=pair["id"], answer="accept",
                  reason="Личное: удобно по вторникам")
    assert sent.status_code == 201, sent.text
    person = school.client.get(f"{API}/participants/{mentee}", headers=world.admin.headers)
    gone = school.client.delete(f"{API}/participants/{mentee}", headers=world.admin.headers,
                                params={"version": person.json()["version"]})
    assert gone.status_code in (200, 204), gone.text
    listed = school.client.get(f"{API}/runs/{run_id}/proposals/{pair['id']}/answers",
                               headers=school.curator.headers).json()
    assert listed["answers"] == []
