"""Honest coverage through the service: a fresh run with nothing confirmed meets no target,
confirming moves the figure, the organisation's recorded numbers are the denominators, and the
API, the XLSX report and the page show the same numbers."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from matcher.reports.targets import school_year_of
from tests.api.helpers import API, World
from tests.api.runs_helpers import decide, programme_body, proposals, run, sample_school


def _coverage(school, run_id: int) -> dict:
    answer = school.client.get(f"{API}/runs/{run_id}/report", headers=school.curator.headers)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_nothing_confirmed_meets_nothing_and_confirming_moves_the_figure(world: World) -> None:
    school = sample_school(world)
    year = school_year_of(__import__("datetime").date.fromisoformat(programme_body()["start"]))
    numbers = {"teachers": 40, "young_specialists": 6, "students_primary": 100,
               "students_basic": 150, "students_secondary": 50, "target_teachers": 0.05}
    saved = school.client.put(f"{API}/organisations/{school.organisation_id}/school-years/{year}",
                              headers=school.curator.headers, json=numbers)
    assert saved.status_code == 200, saved.text
    assert saved.json()["students"] == 300 and saved.json()["target_students_used"] == 0.5

    run_id = run(school)["id"]
    report = _coverage(school, run_id)
    teachers = report["coverage"]["teachers"]
    assert teachers["people_total"] == 40 and teachers["denominator"] == "organisation"
    assert report["coverage"]["students"]["people_total"] == 300
    assert teachers["people_confirmed"] == 0 and teachers["people_involved"] > 0
    assert teachers["meets_target"] is False  # drafts meet nothing, even a 5 % target
    assert (teachers["target"], teachers["target_source"]) == (0.05, "organisation")
    assert report["coverage"]["students"]["target_source"] == "preset"

    teacher_pairs = [p for p in proposals(school, run_id)
                     if p["form"] in ("teacher_teacher", "leader_teacher")]
    for p in teacher_pairs[:2]:
        assert decide(school, run_id, p, "confirm").status_code == 200
    after = _coverage(school, run_id)["coverage"]["teachers"]
    assert after["people_confirmed"] >= 3
    assert after["confirmed_involved_share"] == after["people_confirmed"] / 40
    assert after["meets_target"] is True  # 3 or 4 of 40 ≥ 5 %
    assert after["people_involved"] == teachers["people_involved"]

    # the same figures in the XLSX report and on the page
    xlsx = school.client.get(f"{API}/runs/{run_id}/report.xlsx", headers=school.curator.headers)
    sheet = load_workbook(io.BytesIO(xlsx.content))["Сводка"]
    rows = {r[0]: r[1:] for r in sheet.iter_rows(values_only=True) if r[0]}
    assert rows[f"Всего (знаменатель), {year}/{year + 1}"][:2] == (40, 300)
    assert rows["Вовлечены: подтверждённые пары"][0] == after["people_confirmed"]
    assert rows["Цель достигнута (по подтверждённым)"][0] == "да"


def test_other_schools_cannot_read_or_write_the_numbers(world: World) -> None:
    school = sample_school(world)
    url = f"{API}/organisations/{school.organisation_id}/school-years/2026"
    assert world.client.put(url, headers=world.curator_b.headers,
                            json={"teachers": 10}).status_code == 403
    assert world.client.get(f"{API}/organisations/{school.organisation_id}/school-years",
                            headers=world.curator_b.headers).status_code == 403
    bad = school.client.put(url, headers=school.curator.headers,
                            json={"teachers": 2, "young_specialists": 5})
    assert bad.status_code == 422
    assert school.client.put(f"{API}/organisations/{school.organisation_id}/school-years/1900",
                             headers=school.curator.headers,
                             json={"teachers": 2}).status_code == 422
