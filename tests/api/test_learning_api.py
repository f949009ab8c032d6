"""GET /programmes/{pid}/learning (issue 16): the advice, in the language asked for, for those
who may read the programme only."""

from __future__ import annotations

from tests.api.helpers import API, World
from tests.api.runs_helpers import sample_school
from tests.learning_cases import judged, store_run


def test_learning_answers_with_the_verdict_and_every_component(world: World) -> None:
    school = sample_school(world)
    url = f"{API}/programmes/{school.programme}/learning"
    body = world.client.get(url, headers=school.curator.headers).json()
    assert body["verdict"] == "too_few" and body["pairs"] == 0 and body["needed"] == 60
    assert "слишком мало" in body["text"]
    assert {c["name"] for c in body["components"]} >= {"topic_coverage", "time_overlap"}
    assert all(c["suggested"] is None for c in body["components"])

    store_run(world.uow(), school.programme, school.organisation_id,
              judged(300, driver="expectations"))
    english = world.client.get(url, headers={**school.curator.headers,
                                             "accept-language": "en"}).json()
    assert english["verdict"] == "suggest" and english["scope"] == "organisation"
    assert "held-out" in english["text"]
    best = max(english["components"], key=lambda c: c["suggested"])
    assert best["name"] == "expectations"
    assert abs(sum(c["suggested"] for c in english["components"]) - 1) < 1e-3
    assert english["auc_learned"] > english["auc_current"]


def test_another_school_cannot_read_it(world: World) -> None:
    school = sample_school(world)
    response = world.client.get(f"{API}/programmes/{school.programme}/learning",
                                headers=world.curator_b.headers)
    assert response.status_code in (403, 404)
