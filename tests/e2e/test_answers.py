"""After the match, in a real browser: a mentee declines the proposed pair through their link
on a phone-sized screen; the curator sees the decline on the card, the best alternate is
proposed in its place and the curator confirms it; every other proposal is unchanged."""

from __future__ import annotations

import re

from tests.e2e.helpers import bank_names, create_programme, import_sample, sign_in, start_run

PHONE = {"width": 375, "height": 740}


def _api(page, path: str):
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "nm_session")
    response = page.request.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
    assert response.ok, response.text()
    return response.json()


def _statuses(page) -> dict[str, str]:
    """Each row of the review table (the sample's proposals fit on its first page)."""
    rows = page.locator("table.review tr[id^='p-']")
    return {rows.nth(i).get_attribute("id"): rows.nth(i).get_attribute("data-status")
            for i in range(rows.count())}


def test_a_mentee_declines_and_the_curator_confirms_the_best_alternate(
        browser, page, server, shots):
    sign_in(page, server)
    import_sample(page)
    create_programme(page)
    run_url = start_run(page)
    run_id = int(run_url.rsplit("/", 1)[1])
    items = _api(page, f"/runs/{run_id}/proposals?limit=500")["items"]
    pair, best = None, None
    for p in items:
        if p["kind"] == "group":
            continue
        alts = _api(page, f"/runs/{run_id}/proposals/{p['id']}/alternates")
        if alts:
            pair, best = p, alts[0]
            break
    assert pair is not None and best is not None, "the sample has a pair with an alternate"
    before = _statuses(page)
    assert len(before) == len(items) and before[f"p-{pair['id']}"] == "proposed"

    page.get_by_role("link", name="Ссылки участникам").click()
    assert page.locator("#draft-warning").is_visible()  # nothing confirmed yet
    page.get_by_role("button", name="Создать ссылки для всех участников подбора").click()
    mentee = pair["mentees"][0]
    url = page.locator(f"a[data-participant='{mentee}']").get_attribute("href")

    phone = browser.new_context(viewport=PHONE, locale="ru-RU", is_mobile=True)
    try:
        view = phone.new_page()
        view.goto(url)
        assert view.get_by_role("heading", level=1).inner_text() == bank_names()[mentee]
        assert view.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        text = view.locator("main").inner_text()
        assert f"Ваш наставник — {pair['mentor_name']}" in text and "Что дальше" in text
        view.get_by_label("Нет, прошу подобрать другую пару").check()
        view.get_by_label("Комментарий для куратора (необязательно)").fill(
            "Не совпадает расписание")
        view.screenshot(path=shots / "15-participant-answer.png", full_page=True)
        view.get_by_role("button", name="Отправить ответ").click()
        view.get_by_role("status").wait_for()
        assert "Куратор предложит вам другую пару" in view.get_by_role("status").inner_text()
        assert view.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        phone.close()

    page.goto(run_url)
    declined = page.locator(f"tr#p-{pair['id']}")
    declined.wait_for()
    assert declined.get_attribute("data-status") == "rejected"
    after = _statuses(page)
    [new_id] = [k for k in after if k not in before]
    promoted = page.locator(f"tr#{new_id}")
    assert promoted.get_attribute("data-status") == "proposed"
    people = promoted.locator("td.people").inner_text()
    assert best["mentor_name"] in people and bank_names()[mentee] in people, people

    page.goto(f"{run_url}/proposals/{pair['id']}")  # the declined pair's card: the answer
    card = page.locator(f"article#p-{pair['id']}")
    assert "Ответы участников" in card.inner_text()
    assert "Не совпадает расписание" in card.inner_text()
    page.goto(f"{run_url}/proposals/{new_id.removeprefix('p-')}")
    title = page.locator(f"article#{new_id} h3").first.inner_text()
    assert re.match(rf"{re.escape(best['mentor_name'])}\s*→\s*{re.escape(bank_names()[mentee])}",
                    title), title
    page.locator(f"article#{new_id}").get_by_role("button", name="Подтвердить").click()
    page.locator(f"#{new_id}[data-status=confirmed]").wait_for()
    page.screenshot(path=shots / "16-alternate-confirmed.png", full_page=True)

    page.goto(run_url)
    final = _statuses(page)
    assert final[new_id] == "confirmed" and final[f"p-{pair['id']}"] == "rejected"
    assert {k: v for k, v in final.items() if k not in (new_id, f"p-{pair['id']}")} == {
        k: v for k, v in before.items() if k != f"p-{pair['id']}"}
