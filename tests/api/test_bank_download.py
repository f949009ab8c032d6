"""Download the bank in our template (issue 12, item 5): download, change one cell, import,
and exactly that cell changes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.api.helpers import API, World, full_bank, person, upload


def download(world: World, fmt: str) -> bytes:
    response = world.client.get(
        f"{API}/organisations/{world.school_a.id}/bank/file?format={fmt}",
        headers=world.curator_a.headers)
    assert response.status_code == 200, response.text
    assert f".{fmt}" in response.headers["content-disposition"]
    return response.content


def change_site_xlsx(content: bytes) -> bytes:
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[header.index("ID")].value == "T1")
    row[header.index("Площадка")].value = "корпус 5"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def change_site_csv(content: bytes) -> bytes:
    text = content.decode("utf-8-sig")
    assert text.count("корпус 2") == 1
    return text.replace("корпус 2", "корпус 5").encode("utf-8-sig")


@pytest.mark.parametrize(("fmt", "change"), [("xlsx", change_site_xlsx),
                                              ("csv", change_site_csv)])
def test_download_change_one_cell_import_and_only_that_cell_changes(
        world: World, tmp_path: Path, fmt: str, change: Any) -> None:
    upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx")
    before = {pid: person(world, pid) for pid in ("T1", "T2")}
    edited = change(download(world, fmt))
    preview = world.client.post(
        f"{API}/participants/import?preview=true", headers=world.curator_a.headers,
        files={"file": (f"bank.{fmt}", edited, "application/octet-stream")}).json()
    assert [(c["id"], c["change"], c["fields"]) for c in preview["changes"]] == [
        ("T1", "changed", [{"field": "site", "before": "корпус 2", "after": "корпус 5"}]),
        ("T2", "unchanged", []),
    ]
    report = upload(world, world.curator_a, edited, name=f"bank.{fmt}").json()
    assert (report["updated"], report["unchanged"]) == (["T1"], ["T2"])
    assert person(world, "T1") == {**before["T1"], "site": "корпус 5"}
    assert person(world, "T2") == before["T2"]


def test_another_schools_bank_is_not_downloaded(world: World) -> None:
    response = world.client.get(f"{API}/organisations/{world.school_b.id}/bank/file",
                                headers=world.curator_a.headers)
    assert response.status_code == 403


def test_the_email_goes_out_in_the_download_and_comes_back_changed(world: World,
                                                                   tmp_path: Path) -> None:
    """The e-mail column round-trips (issue 12 item 7): download, change the address, import,
    and exactly that cell changes (its domain lower-cased)."""
    upload(world, world.curator_a, full_bank(tmp_path), name="bank.xlsx")
    version = world.client.get(f"{API}/participants/T1",
                               headers=world.curator_a.headers).json()["version"]
    patched = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                                 json={"version": version, "email": "t1@old.example"})
    assert patched.status_code == 200, patched.text
    before = {pid: person(world, pid) for pid in ("T1", "T2")}
    text = download(world, "csv").decode("utf-8-sig")
    assert text.splitlines()[0].split(";").count("Электронная почта") == 1
    assert text.count("t1@old.example") == 1
    edited = text.replace("t1@old.example", "T1.New@NEW.Example").encode("utf-8-sig")
    report = upload(world, world.curator_a, edited, name="bank.csv").json()
    assert (report["updated"], report["unchanged"]) == (["T1"], ["T2"])
    assert person(world, "T1") == {**before["T1"], "email": "T1.New@new.example"}
    assert person(world, "T2") == before["T2"]
    bad = world.client.patch(f"{API}/participants/T1", headers=world.curator_a.headers,
                             json={"version": version + 2, "email": "two@a.example, b@c.example"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "email"
    assert "один адрес электронной почты" in bad.json()["errors"][0]["message"]
