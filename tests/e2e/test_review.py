"""The review table in a real browser (issue 18): fifty rows confirmed with one action and one
confirmation that names them, a rejection undone so the pair is back, the keyboard."""

from __future__ import annotations

import re
import time
from datetime import date

import httpx
import pytest

from tests.e2e.helpers import create_programme, people, sign_in, start_run
from tests.e2e.server import SCHOOL

ROWS = "table.review tbody tr[id]"


@pytest.fixture
def big_school(server, tmp_path):
    """A generated school of 300 people (about 100 mentees) imported through the API into
    the curator's school: enough proposals for a full page of fifty rows."""
    from datasets import generate
    from matcher.bank_io import write_bank

    bank = generate(300, seed=3, start=date(2025, 10, 1)).bank
    bank = bank.model_copy(update={"participants": tuple(
        p.model_copy(update={"organisation": SCHOOL}) for p in bank.participants)})
    path = tmp_path / "big.json"
    write_bank(bank, path)
    with httpx.Client(base_url=server.url, timeout=120) as client:
        token = client.post("/api/v1/auth/token", data={
            "username": server.login, "password": server.password}).json()["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        answer = client.post("/api/v1/participants/import", headers=auth,
                             files={"file": ("big.json", path.read_bytes(),
                                             "application/json")})
        assert answer.status_code == 202, answer.text[:500]  # a large file: a background job
        job = answer.json()
        deadline = time.monotonic() + 300
        while job["status"] in ("queued", "running"):
            assert time.monotonic() < deadline, job
            time.sleep(0.5)
            job = client.get(f"/api/v1/imports/jobs/{job['id']}", headers=auth).json()
        assert job["status"] == "done", job
    return job["report"]


def test_fifty_rows_are_confirmed_with_one_action_and_one_confirmation(page, server, shots,
                                                                         big_school):
    sign_in(page, server)
    create_programme(page)
    start_run(page)
    rows = page.locator(ROWS)
    assert rows.count() == 50  # a page of the table
    total = int(re.search(r"Найдено: (\d+)", page.locator("#found").inner_text()).group(1))
    assert total > 50
    chosen = [people(rows.nth(i)) for i in range(50)]

    page.locator("#pick-all").check()  # choosing the rows
    assert page.locator("#picked").inner_text() == "Выбрано: 50"
    page.get_by_role("button", name="Подтвердить выбранные…").click()  # the one action
    assert page.locator("#confirm-h").inner_text() == "Подтвердить 50 предложений?"
    listed = page.locator("ol.chosen li")
    assert listed.count() == 50
    text = page.locator("ol.chosen").inner_text()
    assert all(name in text for name in chosen)  # which: every one of them is named
    page.screenshot(path=shots / "15-bulk-confirmation.png", full_page=False)
    page.get_by_role("button", name="Да, подтвердить: 50").click()  # the one confirmation
    page.locator("#notice").wait_for()
    assert page.locator("#notice").inner_text() == "Подтверждено: 50"
    chips = page.locator("#status-chips")
    assert chips.locator("[data-status-count=confirmed]").inner_text() == "подтверждено (50)"
    confirmed = page.locator("table.review tbody tr[data-status=confirmed]")
    assert confirmed.count() + page.locator("table.review tbody tr[data-status=proposed]"
                                            ).count() == 50


def test_an_undone_rejection_brings_the_pair_back(page, server, shots):
    from tests.e2e.helpers import import_sample

    sign_in(page, server)
    import_sample(page)
    create_programme(page)
    start_run(page)
    row = page.locator(ROWS).first
    row_id = row.get_attribute("id")
    pair = people(row)
    row.locator("input[name=pick]").check()
    page.get_by_label("Причина отклонения").fill("Конфликт в прошлом")
    page.get_by_role("button", name="Отклонить выбранные…").click()
    assert page.locator("#confirm-h").inner_text() == "Отклонить 1 предложение?"
    page.get_by_role("button", name="Да, отклонить: 1").click()
    page.locator(f"#{row_id}[data-status=rejected]").wait_for()
    page.locator(f"#{row_id}").scroll_into_view_if_needed()
    page.screenshot(path=shots / "16-rejected-with-undo.png", full_page=False)

    # the row offers «отменить»; the keyboard's u on the row does it
    rejected = page.locator(f"#{row_id}")
    assert rejected.get_by_role("button", name=re.compile("Отменить решение")).count() == 1
    rejected.locator("a[data-row-link]").focus()
    page.keyboard.press("u")
    page.locator(f"#{row_id}[data-status=proposed]").wait_for()
    assert people(page.locator(f"#{row_id}")) == pair
    assert page.locator("#status-chips [data-status-count=rejected]").count() == 0

    # the card's history shows the rejection and its undo, who and when
    page.locator(f"#{row_id} a[data-row-link]").click()
    history = page.locator("#history-h + table").inner_text()
    assert "отклонить" in history and "отменить решение" in history
    assert "отклонено → проект" in history

    # a rerun proposes the pair again: the undone rejection does not exclude it
    page.get_by_role("link", name="к таблице предложений").click()
    start_run(page, "Перезапустить подбор")
    titles = [t.strip() for t in page.locator("a[data-row-link]").all_inner_texts()]
    assert pair in titles
