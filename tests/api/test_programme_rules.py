"""The curator's own rules, quotas and options over HTTP (issue 17): stored with the
programme, applied by runs, and "simulate for one person"."""

from __future__ import annotations

from tests.api.helpers import API, World
from tests.api.runs_helpers import proposals, run, sample_school

RULES = [
    {"kind": "gap", "field": "experience", "min": 5},
    {"kind": "share_topic"},
    {"kind": "same", "field": "subject", "tier": "preferred", "weight": 0.2},
]


def patch(school, **changes):
    current = school.client.get(f"{API}/programmes/{school.programme}",
                                headers=school.curator.headers).json()
    response = school.client.patch(f"{API}/programmes/{school.programme}",
                                   headers=school.curator.headers,
                                   json={"version": current["version"], **changes})
    assert response.status_code == 200, response.text
    return response.json()


def test_rules_quotas_and_options_are_stored_and_applied(world: World) -> None:
    school = sample_school(world)
    stored = patch(school, rules=RULES,
                   quotas=[{"field": "organisation", "side": "mentor", "at_most": 3}],
                   options={"priority_bonus": 0.1, "balance": 0.01})
    assert [r["kind"] for r in stored["rules"]] == ["gap", "share_topic", "same"]
    assert stored["options"]["priority_bonus"] == 0.1
    done = run(school)
    found = proposals(school, done["id"])
    assert found
    assert sum(len(p["mentees"]) for p in found) <= 3
    response = school.client.get(f"{API}/runs/{done['id']}", headers=school.curator.headers)
    assert response.status_code == 200


def test_a_bad_rule_row_is_a_422_naming_the_field(world: World) -> None:
    school = sample_school(world)
    current = school.client.get(f"{API}/programmes/{school.programme}",
                                headers=school.curator.headers).json()
    response = school.client.patch(
        f"{API}/programmes/{school.programme}", headers=school.curator.headers,
        json={"version": current["version"], "rules": [{"kind": "gap", "field": "age"}]})
    assert response.status_code == 422, response.text
    assert "rules" in response.text


def test_simulate_for_one_mentee_shows_what_each_rule_does(world: World) -> None:
    school = sample_school(world)
    response = school.client.post(
        f"{API}/programmes/{school.programme}/simulate", headers=school.curator.headers,
        json={"mentee_id": "T05", "rules": RULES})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["base"] >= body["eligible"]
    assert [e["tier"] for e in body["effects"]] == ["required", "required", "preferred"]
    for effect in body["effects"]:
        assert effect["keeping"] + len(effect["breaking"]) == body["base"]
    assert "стаж" in body["effects"][0]["text_ru"]
    assert len(body["best"]) <= body["eligible"]
    assert len(body["best_without_rules"]) >= len(body["best"])
    # Nothing was saved.
    stored = school.client.get(f"{API}/programmes/{school.programme}",
                               headers=school.curator.headers).json()
    assert stored["rules"] == []
    unknown = school.client.post(
        f"{API}/programmes/{school.programme}/simulate", headers=school.curator.headers,
        json={"mentee_id": "nobody"})
    assert unknown.status_code == 422
