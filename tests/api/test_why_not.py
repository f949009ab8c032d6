"""Why-not and unmatched over HTTP: a hard rule that forbids a pair, or the cost of forcing
it; mentees left without a mentor with reasons and suggestions."""

from __future__ import annotations

from typing import Any

from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


def why_not(school: SampleSchool, run_id: int, **params: str) -> Any:
    return school.client.get(f"{API}/runs/{run_id}/why-not", headers=school.curator.headers,
                             params=params)


def test_a_recorded_conflict_forbids_the_pair(world: World) -> None:
    school = sample_school(world)  # sample.xlsx records a conflict between T02 and T06
    done = run(school)
    response = why_not(school, done["id"], mentee="T06", mentor="T02")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["allowed"] is False
    assert [r["code"] for r in body["reasons"]] == ["conflict"]
    assert body["text"] == "Куратор отметил конфликт между участниками"
    assert (body["mentee_name"], body["mentor_name"]) == (
        "Ковалёв Артём Игоревич", "Кузнецов Андрей Николаевич")
    english = school.client.get(f"{API}/runs/{done['id']}/why-not",
                                headers={**school.curator.headers, "Accept-Language": "en"},
                                params={"mentee": "T06", "mentor": "T02"}).json()
    assert english["text"] == "The curator recorded a conflict between them"


def test_a_rejected_pair_is_forbidden_by_the_curators_decision(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    proposal = proposals(school, done["id"])[0]
    assert decide(school, done["id"], proposal, "reject", "нет").status_code == 200
    body = why_not(school, done["id"], mentee=proposal["mentees"][0],
                   mentor=proposal["mentor"]).json()
    assert body["allowed"] is False and "rejected" in [r["code"] for r in body["reasons"]]


def test_an_allowed_pair_costs_score_and_moves_people(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    offered = proposals(school, done["id"])
    mentors_of_t05 = {p["mentor"] for p in offered if "T05" in p["mentees"]}
    assert mentors_of_t05 and "T03" not in mentors_of_t05  # T03 is full with better fits
    response = why_not(school, done["id"], mentee="T05", mentor="T03")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["allowed"] is True
    assert [r["code"] for r in body["reasons"]] == ["cost"]
    assert 0 < body["pair_score"] <= 1
    assert body["score_loss"] > 0 and body["coverage_loss"] >= 0
    assert body["moved"] and "T05" not in body["moved"]
    assert len(body["moved_names"]) == len(body["moved"])
    assert body["text"].startswith("Пара допустима")


def test_a_form_the_pair_cannot_use_is_named(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    body = why_not(school, done["id"], mentee="T05", mentor="L01").json()
    assert body["allowed"] is False and [r["code"] for r in body["reasons"]] == ["no_form"]


def test_why_not_errors(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    missing = school.client.get(f"{API}/runs/{done['id']}/why-not",
                                headers=school.curator.headers, params={"mentor": "T02"})
    assert missing.status_code == 422
    assert [(e["field"], e["location"]) for e in missing.json()["errors"]] == [
        ("mentee", "query")]
    unknown = why_not(school, done["id"], mentee="NOBODY", mentor="T02")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "mentee"
    assert school.client.get(f"{API}/runs/{done['id']}/why-not",
                             params={"mentee": "T06", "mentor": "T02"}).status_code == 401
    assert school.client.get(f"{API}/runs/{done['id']}/why-not",
                             headers=world.curator_b.headers,
                             params={"mentee": "T06", "mentor": "T02"}).status_code == 403
    assert why_not(school, 999, mentee="T06", mentor="T02").status_code == 404


def test_unmatched_mentees_come_with_reasons_and_suggestions(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    response = school.client.get(f"{API}/runs/{done['id']}/unmatched",
                                 headers=school.curator.headers)
    assert response.status_code == 200
    unmatched = {u["mentee"]: u for u in response.json()["items"]}
    assert len(unmatched) == done["summary"]["unmatched"] == response.json()["total"]
    # S08 has no guardian's consent in the sample bank
    s08 = unmatched["S08"]
    assert s08["name"] == "Громова Полина Витальевна"
    assert [r["code"] for r in s08["reasons"]] == ["mentee_consent"]
    assert [s["code"] for s in s08["suggestions"]] == ["ask_consent"]
    assert "родителя" in s08["reasons"][0]["ru"]
    assert all(u["reasons"] for u in unmatched.values())
    assert school.client.get(f"{API}/runs/{done['id']}/unmatched",
                             headers=world.curator_a.headers).status_code == 403
