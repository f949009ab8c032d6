"""The personalised programmes stored with the pair: read, edit (goals, plan lines), download
the edit as DOCX; the edit follows the pair to the next run; bounds and versions checked."""

from __future__ import annotations

import io
from typing import Any

from docx import Document

from tests.api.helpers import API, World
from tests.api.runs_helpers import decide, proposals, run, sample_school


def _text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _body(plan: dict[str, Any], **change: Any) -> dict[str, Any]:
    body = {"version": plan["version"], "goals": plan["goals"],
            "lines": [{k: x[k] for k in ("month", "activity", "meetings")}
                      for x in plan["lines"]]}
    body.update(change)
    return body


def test_an_edited_plan_is_what_the_docx_then_shows(world: World) -> None:
    school = sample_school(world)
    run_id = run(school)["id"]
    offered = proposals(school, run_id)
    pid = offered[0]["id"]
    url = f"{API}/runs/{run_id}/proposals/{pid}/plan"
    headers = school.curator.headers
    plan = school.client.get(url, headers=headers).json()
    assert plan["version"] == 0 and not plan["edited"] and plan["draft"]
    assert len(plan["lines"]) >= 3

    lines = plan["lines"]
    lines[1] = {**lines[1], "activity": "Открытый урок по функциональной грамотности"}
    answer = school.client.put(url, headers=headers, json=_body(
        plan, goals=["Подготовить открытый урок к методической неделе"], lines=lines))
    assert answer.status_code == 200, answer.text
    saved = answer.json()
    assert saved["version"] == 1 and saved["edited"]
    assert saved["goals"] == ["Подготовить открытый урок к методической неделе"]

    one = school.client.get(f"{url}.docx", headers=headers)
    assert one.status_code == 200
    text = _text(one.content)
    assert "Открытый урок по функциональной грамотности" in text
    assert "Подготовить открытый урок к методической неделе" in text
    every = _text(school.client.get(f"{API}/runs/{run_id}/plans.docx", headers=headers).content)
    assert "Открытый урок по функциональной грамотности" in every
    assert every.count("Персонализированная программа наставничества №") == len(
        school.client.get(f"{API}/runs/{run_id}/plans", headers=headers).json()["items"])

    # a stale version is refused; the stored edit stays
    stale = school.client.put(url, headers=headers, json=_body(plan, goals=["Другое"]))
    assert stale.status_code == 409
    assert school.client.get(url, headers=headers).json()["goals"] == saved["goals"]

    # confirmed, the pair keeps its edited plan in the next run
    assert decide(school, run_id, offered[0], "confirm").status_code == 200
    rerun = run(school)["id"]
    again = school.client.get(f"{API}/runs/{rerun}/proposals/{pid}/plan", headers=headers)
    assert again.status_code == 200, again.text
    assert again.json()["goals"] == saved["goals"] and not again.json()["draft"]


def test_plan_lines_outside_the_period_and_other_schools_are_refused(world: World) -> None:
    school = sample_school(world)
    run_id = run(school)["id"]
    pid = proposals(school, run_id)[0]["id"]
    url = f"{API}/runs/{run_id}/proposals/{pid}/plan"
    plan = school.client.get(url, headers=school.curator.headers).json()
    late = [{"month": "2099-01-01", "activity": "Встреча", "meetings": 2}]
    answer = school.client.put(url, headers=school.curator.headers,
                               json=_body(plan, lines=late))
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"] == "lines.0.month"
    too_many = school.client.put(url, headers=school.curator.headers,
                                 json=_body(plan, lines=plan["lines"] * 30))
    assert too_many.status_code == 422
    other = world.client.put(url, headers=world.curator_b.headers, json=_body(plan))
    assert other.status_code == 403
    missing = school.client.get(f"{API}/runs/{run_id}/proposals/nope/plan",
                                headers=school.curator.headers)
    assert missing.status_code == 404
