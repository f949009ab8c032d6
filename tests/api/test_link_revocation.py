"""Participants' links stop working, with 410 and the reason in plain words, when revoked,
when their person is deleted or withdraws consent, and when the run is superseded."""

from __future__ import annotations

from datetime import date

from matcher.model import ConsentKind
from service import services
from service.domain import SYSTEM
from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, run, sample_school


def links(school: SampleSchool, run_id: int, *people: str) -> dict[str, dict[str, object]]:
    response = school.client.post(f"{API}/runs/{run_id}/links", headers=school.curator.headers,
                                  json={"participants": list(people)})
    assert response.status_code == 201, response.text
    return {str(link["participant_id"]): link for link in response.json()}


def opened(school: SampleSchool, link: dict[str, object], lang: str = "ru"):
    return school.client.get(str(link["url"]), headers={"Accept-Language": lang})


def assert_gone(school: SampleSchool, link: dict[str, object], ru: str, en: str) -> None:
    answer = opened(school, link)
    assert answer.status_code == 410, answer.text
    assert answer.json()["code"] == "link_gone"
    assert answer.json()["detail"].startswith("Ссылка больше не действует: ")
    assert ru in answer.json()["detail"]
    assert en in opened(school, link, "en").json()["detail"]


def test_a_revoked_link_answers_410_and_revoke_all_ends_the_rest(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    made = links(school, done["id"], "T05", "T01", "S08")
    assert all(opened(school, link).status_code == 200 for link in made.values())
    url = f"{API}/runs/{done['id']}/links"
    one = school.client.request("DELETE", f"{url}/{made['T05']['id']}",
                                headers=school.curator.headers, json={"reason": "ошибка"})
    assert one.status_code == 200, one.text
    assert one.json()["revoked_by"] == "curator_7" and one.json()["reason"] == "ошибка"
    assert_gone(school, made["T05"], "куратор отозвал эту ссылку",
                "the curator revoked this link")
    assert opened(school, made["T01"]).status_code == 200  # the others still work
    # another school's curator and a viewer may not revoke; an unknown link is 404
    assert school.client.delete(f"{url}/{made['T01']['id']}",
                                headers=world.curator_a.headers).status_code == 403
    assert school.client.delete(f"{url}/999999",
                                headers=school.curator.headers).status_code == 404

    every = school.client.post(f"{url}/revoke-all", headers=school.curator.headers)
    assert every.status_code == 200 and every.json() == {"revoked": 2}
    for pid in ("T01", "S08"):
        assert opened(school, made[pid]).status_code == 410
    listed = school.client.get(url, headers=school.curator.headers).json()
    assert {item["participant_id"] for item in listed} == {"T05", "T01", "S08"}
    assert all(item["revoked_at"] for item in listed) and "token" not in listed[0]
    audit = school.client.get(f"{API}/audit", headers=world.admin.headers, params={
        "entity": "run", "entity_id": str(done["id"])}).json()["items"]
    assert {"revoke_link", "revoke_links"} <= {e["action"] for e in audit}


def test_a_deleted_or_no_longer_consenting_persons_link_answers_410(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    made = links(school, done["id"], "T05", "S08")
    services.delete_participant(world.uow(), SYSTEM, "T05")
    assert_gone(school, made["T05"], "ваши данные удалены", "your data were deleted")
    assert opened(school, made["S08"]).status_code == 200
    services.revoke_consent(world.uow(), SYSTEM, "S08", ConsentKind.personal_data, date.today())
    assert_gone(school, made["S08"], "отозвали согласие", "withdrew your consent")
    # the page a participant opens says the same, with the same status
    page = school.client.get(f"/explain/{made['S08']['token']}")
    assert page.status_code == 410 and "отозвали согласие" in page.text


def test_a_superseded_runs_link_answers_410(world: World) -> None:
    school = sample_school(world)
    first = run(school)
    made = links(school, first["id"], "T05")
    assert opened(school, made["T05"]).status_code == 200
    run(school)  # a newer finished run of the same programme
    assert_gone(school, made["T05"], "подбор пар пересчитан", "the matching was redone")
