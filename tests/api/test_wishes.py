"""Wishes after the acquaintance meeting: set, replace, remove."""

from __future__ import annotations

from tests.api.helpers import API, SCHOOL_B, World, create


def test_set_replace_and_delete_a_wish(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_a, "T2")
    c, h = world.client, world.curator_a.headers
    first = c.put(f"{API}/participants/T1/wishes/T2", headers=h, json={"level": "maybe"})
    assert first.status_code == 200, first.text
    assert first.json()["wishes"] == [{"target": "T2", "level": "maybe", "rank": None}]
    again = c.put(f"{API}/participants/T1/wishes/T2", headers=h, json={"level": "yes", "rank": 1})
    assert again.json()["wishes"] == [{"target": "T2", "level": "yes", "rank": 1}]
    assert again.json()["version"] == 3
    listed = c.get(f"{API}/participants/T1/wishes", headers=world.viewer_a.headers).json()
    assert listed["wishes"] == again.json()["wishes"]
    removed = c.delete(f"{API}/participants/T1/wishes/T2", headers=h)
    assert removed.status_code == 200
    assert removed.json()["wishes"] == []
    assert c.delete(f"{API}/participants/T1/wishes/T2", headers=h).status_code == 404


def test_wish_errors(world: World) -> None:
    create(world, world.curator_a, "T1")
    create(world, world.curator_b, "B1", SCHOOL_B)
    c, h = world.client, world.curator_a.headers
    myself = c.put(f"{API}/participants/T1/wishes/T1", headers=h, json={"level": "yes"})
    assert myself.status_code == 422
    assert myself.json()["errors"][0]["field"] == "target"
    assert c.put(f"{API}/participants/T1/wishes/NOPE", headers=h,
                 json={"level": "yes"}).status_code == 404
    # another school's people are not revealed to a curator
    assert c.put(f"{API}/participants/T1/wishes/B1", headers=h,
                 json={"level": "yes"}).status_code == 404
    bad = c.put(f"{API}/participants/T1/wishes/B1", headers=h, json={"level": "sure"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "level"
    # a wish names a person of the same bank (ids are per organisation), for an admin too
    assert c.put(f"{API}/participants/T1/wishes/B1", headers=world.admin.headers,
                 json={"level": "no"}).status_code == 404
