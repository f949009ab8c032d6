"""End, replace, extend, change form: on the regulation's grounds (000, 7.1–7.2) with their
initiator, recorded as decisions, audit and change records that feed the order on changes; a
replacement re-matches the mentee (an alternate first, else a local re-solve)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from docx import Document

from tests.api.helpers import API, World
from tests.api.runs_helpers import SampleSchool, decide, proposals, run, sample_school


def change(school: SampleSchool, run_id: int, proposal: dict[str, Any], **body: Any) -> Any:
    return school.client.post(f"{API}/runs/{run_id}/proposals/{proposal['id']}/change",
                              headers=school.curator.headers,
                              json={"version": proposal["version"], **body})


def confirmed_pairs(school: SampleSchool, run_id: int, n: int) -> list[dict[str, Any]]:
    out = []
    for p in proposals(school, run_id):
        if p["kind"] == "group" or len(out) == n:
            continue
        response = decide(school, run_id, p, "confirm")
        assert response.status_code == 200, response.text
        out.append(response.json()["proposal"])
    return out


def test_end_replace_extend_and_form_with_grounds_feed_the_order(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    run_id = done["id"]
    first, second, third, fourth = confirmed_pairs(school, run_id, 4)
    before = {p["id"]: (p["status"], p["version"]) for p in proposals(school, run_id)}

    # a ground the regulation does not give for this initiator is refused, naming the field
    wrong = change(school, run_id, first, change="end", ground="improper_performance",
                   initiator="mentee")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "ground"
    assert "Положением" in wrong.json()["errors"][0]["message"]

    ended = change(school, run_id, first, change="end", ground="plan_completed",
                   initiator="curator", note="Программа выполнена")
    assert ended.status_code == 200, ended.text
    assert ended.json()["proposal"]["status"] == "ended" and ended.json()["new_proposals"] == []
    assert "план мероприятий выполнен" in ended.json()["proposal"]["status_reason"]
    stale = change(school, run_id, first, change="end", ground="plan_completed",
                   initiator="curator")
    assert stale.status_code == 409

    replaced = change(school, run_id, second, change="replace", ground="good_cause",
                      initiator="mentee", note="Переезд")
    assert replaced.status_code == 200, replaced.text
    body = replaced.json()
    assert body["proposal"]["status"] == "ended"
    assert len(body["new_proposals"]) == 1  # the sample school has a mentor with a place
    for new in body["new_proposals"]:
        assert new["mentees"] == second["mentees"] and new["mentor"] != second["mentor"]
        assert new["status"] == "proposed"

    programme = school.client.get(f"{API}/programmes/{school.programme}",
                                  headers=school.curator.headers).json()
    end = date.fromisoformat(programme["end"])
    early = change(school, run_id, third, change="extend", ground="mutual_agreement",
                   initiator="both", extended_until=end.isoformat())
    assert early.status_code == 422 and early.json()["errors"][0]["field"] == "extended_until"
    extended = change(school, run_id, third, change="extend", ground="mutual_agreement",
                      initiator="both", extended_until=(end + timedelta(days=60)).isoformat())
    assert extended.status_code == 200, extended.text
    assert extended.json()["proposal"]["status"] == "confirmed"

    group = change(school, run_id, fourth, change="change_form", ground="mutual_agreement",
                   initiator="both", new_kind="group")
    assert group.status_code == 422 and group.json()["errors"][0]["field"] == "new_kind"
    other_form = next(f for f in ("student_student", "employer_student", "teacher_teacher")
                      if f != fourth["form"])
    refused = change(school, run_id, fourth, change="change_form", ground="mutual_agreement",
                     initiator="both", new_form=other_form)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "new_form"

    # the other proposals are untouched
    after = {p["id"]: (p["status"], p["version"]) for p in proposals(school, run_id)}
    untouched = set(before) - {first["id"], second["id"], third["id"]}
    assert {k: after[k] for k in untouched} == {k: before[k] for k in untouched}

    order = school.client.get(f"{API}/runs/{run_id}/order-on-changes",
                              headers=school.curator.headers).json()
    kinds = [p["change"] for p in order["points"]]
    assert kinds == ["end", "replace", "promote", "extend"]
    assert order["title"] == "О внесении изменений в состав наставнических пар/групп"
    texts = [p["text"] for p in order["points"]]
    assert "по инициативе куратора" in texts[0] and "Программа выполнена" in texts[0]
    assert "по инициативе наставляемого" in texts[1] and "Переезд" in texts[1]
    assert "Продлить" in texts[-1]
    # one order on changes to sign: the same document by either address, every change in it
    docx = school.client.get(f"{API}/runs/{run_id}/order-on-changes.docx",
                             headers=school.curator.headers)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    document = Document(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "ПРИКАЗЫВАЮ:" in paragraphs
    assert "О внесении изменений в состав наставнических пар/групп" in paragraphs
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    cells = "\n".join("\n".join(r) for r in rows)
    assert "Переезд" in cells and "Программа выполнена" in cells
    assert "по инициативе наставляемого" in cells  # the mentee asked to replace the pair
    until = (end + timedelta(days=60)).strftime("%d.%m.%Y")
    extension = [r for r in rows if "продление срока" in r[2]]
    assert len(extension) == 1 and until in extension[0][2]
    assert "по обоюдному согласию" in extension[0][3]
    assert extension[0][4] == "по обоюдному решению"
    theirs = school.client.get(f"{API}/runs/{run_id}/orders/changes.docx",
                               headers=school.curator.headers)
    assert theirs.status_code == 200, theirs.text
    assert [[c.text for c in r.cells] for t in Document(io.BytesIO(theirs.content)).tables
            for r in t.rows] == rows
    listed = school.client.get(f"{API}/runs/{run_id}/orders",
                               headers=school.curator.headers).json()
    assert [o["kind"] for o in listed].count("changes") == 1
    english = school.client.get(f"{API}/runs/{run_id}/order-on-changes",
                                headers=school.curator.headers, params={"lang": "en"}).json()
    assert english["points"][0]["text"].startswith("To end")

    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "proposal"}).json()
    actions = {e["action"] for e in audit["items"]}
    assert {"pair_end", "pair_replace", "pair_extend"} <= actions
    detail = school.client.get(f"{API}/runs/{run_id}/proposals/{first['id']}",
                               headers=school.curator.headers).json()
    assert detail["decisions"][-1]["action"] == "end"


def test_a_proposed_pair_is_rejected_not_ended(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    pair = next(p for p in proposals(school, done["id"]) if p["kind"] != "group")
    response = change(school, done["id"], pair, change="end", ground="plan_completed",
                      initiator="curator")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"
    declined = change(school, done["id"], pair, change="decline",
                      ground="participant_declined", initiator="mentee")
    assert declined.status_code == 422 and declined.json()["errors"][0]["field"] == "change"
