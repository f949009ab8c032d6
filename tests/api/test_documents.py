"""A run's documents: the draft order (DOCX), the report (JSON, XLSX) and the depersonalised
export (CSV, JSON) with stable keyed pseudonyms and no personal data."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.api.helpers import API, World
from tests.api.runs_helpers import (
    SAMPLES,
    SampleSchool,
    decide,
    proposals,
    run,
    sample_school,
)

Decided = tuple[SampleSchool, int, list[dict[str, Any]]]


@pytest.fixture
def decided(world: World) -> Decided:
    """A run with two proposals confirmed and one rejected."""
    school = sample_school(world)
    done = run(school)
    offered = proposals(school, done["id"])
    for p in offered[:2]:
        assert decide(school, done["id"], p, "confirm").status_code == 200
    assert decide(school, done["id"], offered[2], "reject", "нет").status_code == 200
    return school, done["id"], offered


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_the_order_fixes_confirmed_pairs_and_drafts_on_request(decided: Decided) -> None:
    school, run_id, offered = decided
    response = school.client.get(f"{API}/runs/{run_id}/order.docx",
                                 headers=school.curator.headers,
                                 params={"number": "17-о", "director": "Иванов И. И."})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="run-' in response.headers["content-disposition"]
    text = docx_text(response.content)
    assert "МБОУ «Средняя школа № 7»" in text and "17-о" in text
    for p in offered[:2]:
        assert p["mentor_name"] in text
    proposed_only = [p for p in offered[3:] if p["mentor"] not in
                     {q["mentor"] for q in offered[:3]}]
    assert proposed_only and all(p["mentor_name"] not in text for p in proposed_only)
    assert offered[2]["mentee_names"][0] not in text  # the rejected pair
    drafts = docx_text(school.client.get(
        f"{API}/runs/{run_id}/order.docx", headers=school.curator.headers,
        params={"include_proposed": "true"}).content)
    assert all(p["mentor_name"] in drafts for p in proposed_only)


def test_the_report_as_json_and_as_a_workbook(decided: Decided) -> None:
    school, run_id, offered = decided
    response = school.client.get(f"{API}/runs/{run_id}/report", headers=school.curator.headers)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["programme_id"] == school.programme
    assert report["proposals_by_status"] == {"proposed": len(offered) - 3, "confirmed": 2,
                                             "rejected": 1}
    teachers = report["coverage"]["teachers"]
    assert teachers["mentees_confirmed"] >= 1
    assert 0 <= teachers["involved_share"] <= 1
    assert len({r["proposal_id"] for r in report["pairs"]}) == len(offered) - 1
    assert "S08" in {u["mentee_id"] for u in report["unmatched"]}
    workbook = school.client.get(f"{API}/runs/{run_id}/report.xlsx",
                                 headers=school.curator.headers)
    assert workbook.status_code == 200
    sheets = load_workbook(io.BytesIO(workbook.content)).sheetnames
    assert sheets[0] == "Сводка" and len(sheets) == 4
    english = load_workbook(io.BytesIO(school.client.get(
        f"{API}/runs/{run_id}/report.xlsx", headers=school.curator.headers,
        params={"lang": "en"}).content)).sheetnames
    assert english[0] == "Summary"


def test_the_export_is_depersonalised_with_stable_pseudonyms(world: World,
                                                           decided: Decided) -> None:
    school, run_id, offered = decided
    as_json = school.client.get(f"{API}/runs/{run_id}/export.json",
                                headers=school.curator.headers)
    assert as_json.status_code == 200, as_json.text
    data = json.loads(as_json.content)
    names = {p["mentor_name"] for p in offered} | {n for p in offered for n in p["mentee_names"]}
    assert not [n for n in names if n in as_json.text]
    assert not [pid for pid in ("T01", "T05", "S08") if f'"{pid}"' in as_json.text]
    # the rejected one does not count; pairs naming someone k-anonymity left out are
    # suppressed, and the privacy note counts each of their rows
    counting = offered[:2] + offered[3:]  # offered[2] was rejected
    exported = {p["id"] for p in data["proposals"]}
    assert len(exported) <= len(counting) and data["privacy"]["k"] == 5
    assert sum(len(p["mentees"]) for p in counting) == (
        sum(len(p["mentees"]) for p in data["proposals"])
        + data["privacy"]["suppressed_pair_rows"])
    again = json.loads(school.client.get(f"{API}/runs/{run_id}/export.json",
                                         headers=school.curator.headers).content)
    assert [p["mentor"] for p in again["proposals"]] == [p["mentor"] for p in data["proposals"]]
    assert (world.settings.state_dir / "pseudonym_key").exists()

    as_csv = school.client.get(f"{API}/runs/{run_id}/export.csv",
                               headers=school.curator.headers)
    assert as_csv.status_code == 200
    assert as_csv.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) > 2 and not [n for n in names if n in as_csv.text]
    # the sample bank gives most people an e-mail: personal data, never exported
    emails = [p["email"] for p in json.loads((SAMPLES / "sample.json").read_text(
        encoding="utf-8"))["participants"] if p.get("email")]
    assert len(emails) > 10
    for exported_text in (as_json.text, as_csv.content.decode("utf-8-sig")):
        assert "@" not in exported_text
        assert not [e for e in emails if e.split("@")[0].lower() in exported_text.lower()]
    inactive = json.loads(school.client.get(
        f"{API}/runs/{run_id}/export.json", headers=school.curator.headers,
        params={"include_inactive": "true"}).content)
    assert {p["id"] for p in data["proposals"]} <= {p["id"] for p in inactive["proposals"]}
    assert sum(len(p["mentees"]) for p in offered) == (
        sum(len(p["mentees"]) for p in inactive["proposals"])
        + inactive["privacy"]["suppressed_pair_rows"])
    audit = school.client.get(f"{API}/audit", headers=world.admin.headers,
                              params={"entity": "run", "entity_id": str(run_id)}).json()
    assert {"export_json", "export_csv"} <= {e["action"] for e in audit["items"]}


def test_document_errors(world: World) -> None:
    school = sample_school(world)
    done = run(school)
    for path in ("order.docx", "report", "report.xlsx", "export.csv", "export.json"):
        url = f"{API}/runs/{done['id']}/{path}"
        assert school.client.get(url).status_code == 401, path
        assert school.client.get(url, headers=world.curator_a.headers).status_code == 403, path
        assert school.client.get(f"{API}/runs/999/{path}",
                                 headers=school.curator.headers).status_code == 404, path
    bad = school.client.get(f"{API}/runs/{done['id']}/order.docx",
                            headers=school.curator.headers, params={"order_date": "вчера"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "order_date"
    assert school.client.get(f"{API}/runs/{done['id']}/report",
                             headers=world.viewer_a.headers).status_code == 403


def test_each_kind_of_order_per_organisation_and_an_ended_pair_with_its_ground(
        decided: Decided) -> None:
    school, run_id, _offered = decided
    listed = school.client.get(f"{API}/runs/{run_id}/orders", headers=school.curator.headers)
    assert listed.status_code == 200, listed.text
    kinds = {(o["kind"], o["organisation"]) for o in listed.json()}
    assert ("pairs", "МБОУ «Средняя школа № 7»") in kinds
    assert ("mentors", "МБОУ «Средняя школа № 7»") in kinds
    assert not any(k == "changes" for k, _ in kinds)  # nothing ended yet

    settings = school.client.put(
        f"{API}/organisations/{school.organisation_id}/order-settings",
        headers=school.curator.headers,
        json={"number": "55-о", "director": "Газиева Мавиле Рустемовна",
              "curator": "Васильева Елена Игоревна",
              "curator_position": "заместитель директора по УВР"})
    assert settings.status_code == 200, settings.text
    mentors = school.client.get(f"{API}/runs/{run_id}/orders/mentors.docx",
                                headers=school.curator.headers)
    assert mentors.status_code == 200
    assert "filename*=UTF-8''" in mentors.headers["content-disposition"]
    text = docx_text(mentors.content)
    assert "О назначении наставников" in text and "№ 55-о" in text
    assert "Куратору Васильевой Елене Игоревне" in text and "/М.Р. Газиева/" in text

    confirmed = next(p for p in proposals(school, run_id) if p["status"] == "confirmed")
    assert decide(school, run_id, confirmed, "end",
                  "по заявлению наставляемого: перевод в другую школу").status_code == 200
    changes = school.client.get(f"{API}/runs/{run_id}/orders/changes.docx",
                                headers=school.curator.headers)
    assert changes.status_code == 200
    text = docx_text(changes.content)
    assert "О внесении изменений в состав наставнических пар/групп" in text
    assert "по заявлению наставляемого: перевод в другую школу" in text
    assert confirmed["mentor_name"] in text
    other = school.client.get(f"{API}/runs/{run_id}/orders/pairs.docx",
                              headers=school.curator.headers,
                              params={"organisation": "ООО «Нет такого»"})
    assert other.status_code == 404


def test_an_order_for_an_empty_organisation_name_is_the_runs_own(world: World) -> None:
    """Schemathesis sent `organisation=` (empty) and got a 500: an empty name now means no
    name given (the run's own organisation's order)."""
    school = sample_school(world)
    done = run(school)
    for name in ("", "   "):
        response = world.client.get(f"{API}/runs/{done['id']}/orders/pairs.docx",
                                    headers=school.curator.headers,
                                    params={"organisation": name})
        assert response.status_code == 200, response.text
        own = world.client.get(f"{API}/runs/{done['id']}/orders/pairs.docx",
                               headers=school.curator.headers)

        def text(content: bytes) -> list[str]:
            return [p.text for p in Document(io.BytesIO(content)).paragraphs]

        assert text(response.content) == text(own.content)
