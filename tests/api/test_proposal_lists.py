"""The run's lists from the read model: pages with a total, filters, sorting and a cursor that
walks the whole list once; the unmatched list paged the same way."""

from __future__ import annotations

import pytest

from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


@pytest.fixture
def school(world: World) -> SampleSchool:
    return sample_school(world)


def page(school: SampleSchool, run_id: int, **params: object) -> dict:
    response = school.client.get(f"{API}/runs/{run_id}/proposals",
                                 headers=school.curator.headers, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_pages_filters_sorting_and_cursor(school: SampleSchool) -> None:
    done = run(school)
    every = proposals(school, done["id"])
    assert len(every) == done["summary"]["proposals"] >= 4

    first = page(school, done["id"], limit=2)
    assert first["total"] == len(every) and [p["id"] for p in first["items"]] == [
        p["id"] for p in every[:2]]
    second = page(school, done["id"], limit=2, offset=2)
    assert [p["id"] for p in second["items"]] == [p["id"] for p in every[2:4]]

    # a cursor walks every proposal once, best score first
    seen, cursor = [], None
    while True:
        params = {"limit": 3, "sort": "-score", **({"cursor": cursor} if cursor else {})}
        got = page(school, done["id"], **params)
        seen += got["items"]
        cursor = got["next_cursor"]
        if cursor is None:
            break
    assert sorted(p["id"] for p in seen) == sorted(p["id"] for p in every)
    assert [p["score"] for p in seen] == sorted((p["score"] for p in every), reverse=True)

    # filters: status, kind, score band, a name, an organisation
    confirmed = decide(school, done["id"], every[0], "confirm").json()["proposal"]
    only = page(school, done["id"], status="confirmed")
    assert [p["id"] for p in only["items"]] == [confirmed["id"]] and only["total"] == 1
    kind = every[0]["kind"]
    assert {p["id"] for p in page(school, done["id"], kind=kind, limit=500)["items"]} == {
        p["id"] for p in every if p["kind"] == kind}
    cut = sorted(p["score"] for p in every)[len(every) // 2]
    assert {p["id"] for p in page(school, done["id"], score_min=cut, limit=500)["items"]} == {
        p["id"] for p in every if p["score"] >= cut}
    surname = every[1]["mentee_names"][0].split()[0]
    named = page(school, done["id"], q=surname.upper(), limit=500)["items"]
    assert every[1]["id"] in {p["id"] for p in named}
    assert all(surname in " ".join([p["mentor_name"], *p["mentee_names"]]) for p in named)
    assert page(school, done["id"], organisation="Нет такой школы")["total"] == 0
    assert page(school, done["id"], organisation="мбоу «средняя школа № 7»",
                limit=500)["total"] >= 1


def test_bad_cursors_and_mixed_paging_are_refused(school: SampleSchool) -> None:
    done = run(school)
    url = f"{API}/runs/{done['id']}/proposals"
    headers = school.curator.headers
    cursor = page(school, done["id"], limit=1, sort="score")["next_cursor"]
    assert cursor is not None
    other_order = school.client.get(url, headers=headers, params={"cursor": cursor})
    assert other_order.status_code == 422 and other_order.json()["errors"][0]["field"] == "cursor"
    junk = school.client.get(url, headers=headers, params={"cursor": "!!!"})
    assert junk.status_code == 422
    both = school.client.get(url, headers=headers, params={"cursor": cursor, "offset": 1,
                                                            "sort": "score"})
    assert both.status_code == 422


def test_unmatched_is_paged_with_a_total(school: SampleSchool) -> None:
    done = run(school)
    url = f"{API}/runs/{done['id']}/unmatched"
    whole = school.client.get(url, headers=school.curator.headers).json()
    assert whole["total"] == done["summary"]["unmatched"] == len(whole["items"]) >= 2
    one = school.client.get(url, headers=school.curator.headers,
                            params={"offset": 1, "limit": 1}).json()
    assert one["items"] == whole["items"][1:2] and one["total"] == whole["total"]


def test_a_list_item_is_the_proposal_without_its_breakdown(school: SampleSchool) -> None:
    """The list shows each proposal as the proposal itself says, less the score breakdown
    (the detail has it), with the current status and reason after a decision."""
    done = run(school)
    every = page(school, done["id"], limit=500)["items"]
    rejected = decide(school, done["id"], every[0], "reject", "переехал").json()["proposal"]
    listed = page(school, done["id"], limit=500)["items"]
    assert listed[0]["status"] == "rejected" and listed[0]["status_reason"] == rejected[
        "status_reason"] != ""
    for item in listed:
        detail = school.client.get(f"{API}/runs/{done['id']}/proposals/{item['id']}",
                                   headers=school.curator.headers).json()
        assert "pairs" not in item and detail["pairs"]
        assert item == {k: v for k, v in detail.items() if k not in ("pairs", "decisions")}


STATUS_RANK = {"proposed": 0, "confirmed": 1, "locked": 2, "rejected": 3, "ended": 4}


@pytest.mark.parametrize("sort", ["mentor", "-mentor", "form", "-kind", "status", "-status",
                                  "decided", "-decided"])
def test_a_cursor_walks_every_column_order_once(school: SampleSchool, sort: str) -> None:
    """The review table sorts by any column: each order pages with a cursor, in order."""
    done = run(school)
    every = proposals(school, done["id"])
    confirmed = decide(school, done["id"], every[2], "confirm").json()["proposal"]
    decide(school, done["id"], every[0], "reject", "нет")
    decide(school, done["id"], confirmed, "lock")
    seen, cursor = [], None
    while True:
        got = page(school, done["id"], limit=2, sort=sort, **({"cursor": cursor} if cursor
                                                              else {}))
        seen += got["items"]
        cursor = got["next_cursor"]
        if cursor is None:
            break
    assert sorted(p["id"] for p in seen) == sorted(p["id"] for p in every)
    column = sort.removeprefix("-")
    value = {"mentor": lambda p: p["mentor_name"], "form": lambda p: p["form"],
             "kind": lambda p: p["kind"], "status": lambda p: STATUS_RANK[p["status"]],
             "decided": lambda p: p["updated_at"]}[column]
    values = [value(p) for p in seen]
    assert values == sorted(values, reverse=sort.startswith("-"))
    if column == "decided":
        latest = seen[0] if sort.startswith("-") else seen[-1]
        assert latest["id"] == confirmed["id"]


def test_changed_since_the_last_run_is_a_filter(school: SampleSchool) -> None:
    first = run(school)
    every = proposals(school, first["id"])
    decide(school, first["id"], every[0], "reject", "не подходит")
    second = run(school)
    changed = page(school, second["id"], changed="true", limit=500)["items"]
    marks = school.client.get(f"{API}/runs/{second['id']}/diff",
                              headers=school.curator.headers).json()
    expected = {p["id"] for p in marks["new"]} | {c["after"]["id"] for c in marks["changed"]}
    assert expected, "rejecting a pair must change the rerun"
    assert {p["id"] for p in changed} == expected
    assert page(school, first["id"], changed="true")["total"] == 0
