"""The curator's whole journey in a real browser: import the sample bank, run the matching,
confirm two proposals, reject one with a reason, rerun, download the order; then a
participant's signed link that shows their own match and nothing about anybody else."""

from __future__ import annotations

import io
import re

from docx import Document

from tests.e2e.helpers import (
    bank_names,
    card,
    create_programme,
    import_sample,
    people,
    sign_in,
    start_run,
)


def _title(row) -> str:
    return people(row)


def test_import_run_confirm_reject_rerun_and_download_the_order(page, server, shots):
    sign_in(page, server)
    import_sample(page)
    assert page.locator("[data-count=created]").inner_text() == "21"
    create_programme(page)
    page.screenshot(path=shots / "05-programme-saved.png", full_page=True)

    # readiness before the run: places against mentees, who a missing consent leaves out
    programme_url = page.url
    page.get_by_role("link", name="Готовность к подбору").click()
    page.wait_for_url(re.compile(r"/readiness$"))
    assert page.get_by_role("heading", level=1).is_visible()
    page.screenshot(path=shots / "05b-readiness.png", full_page=True)
    page.goto(programme_url)

    # run: the progress page polls until the proposals are there
    page.get_by_role("button", name="Запустить подбор").click()
    page.wait_for_url(re.compile(r"/runs/1$"))
    if page.locator("#run-progress").count():
        page.screenshot(path=shots / "06-run-progress.png")
    page.locator("table.review tbody tr[id]").first.wait_for(timeout=120_000)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Подбор № 1")
    assert page.locator("#diff-h").count() == 0  # a first run has nothing to compare with
    proposed = page.locator("table.review tbody tr[data-status=proposed]")
    total = proposed.count()
    assert total >= 4
    first_row = card(page, 0)
    assert first_row.locator(".scorebar").count() == 1
    assert re.fullmatch(r"\d{1,3}", first_row.locator("td.num").inner_text().strip())  # 0–100
    assert first_row.locator("td.reason").inner_text().strip()  # the strongest reason
    page.screenshot(path=shots / "07-proposals.png", full_page=True)

    # confirm two at once: choose the rows, one action, one confirmation naming them
    confirmed = [_title(proposed.nth(0)), _title(proposed.nth(1))]
    proposed.nth(0).locator("input[name=pick]").check()
    proposed.nth(1).locator("input[name=pick]").focus()
    page.keyboard.press("x")  # the keyboard chooses a row too
    assert page.locator("#picked").inner_text() == "Выбрано: 2"
    page.get_by_role("button", name="Подтвердить выбранные…").click()
    question = page.locator("#confirm-h")
    assert question.inner_text() == "Подтвердить 2 предложения?"
    listed = page.locator("ol.chosen").inner_text()
    assert all(title in listed for title in confirmed)
    page.get_by_role("button", name="Да, подтвердить: 2").click()
    page.locator("#notice").wait_for()
    assert page.locator("#notice").inner_text() == "Подтверждено: 2"

    # reject a third from its card, with a reason
    victim = page.locator("table.review tbody tr[data-status=proposed]").first
    victim_id = victim.get_attribute("id")
    rejected_title = _title(victim)
    victim.locator("a[data-row-link]").click()
    page.locator("article.proposal").wait_for()
    page.locator("summary", has_text="Отклонить").click()
    page.get_by_label("Причина").fill("Наставник уходит в декретный отпуск")
    page.get_by_role("button", name="Отклонить").click()
    page.locator("article.proposal[data-status=rejected]").wait_for()
    assert "Наставник уходит в декретный отпуск" in page.locator("#history-h + table").inner_text()
    page.get_by_role("link", name="к таблице предложений").click()
    page.locator(f"#{victim_id}[data-status=rejected]").wait_for()
    assert page.locator("table.review tbody tr[data-status=proposed]").count() == total - 3
    chips = page.locator("#status-chips")
    assert chips.locator("[data-status-count=confirmed]").inner_text() == "подтверждено (2)"
    assert chips.locator("[data-status-count=rejected]").inner_text() == "отклонено (1)"
    page.screenshot(path=shots / "08-decisions.png", full_page=True)

    # the decisions survive a reload (they are stored, not just swapped in the page)
    page.reload()
    assert page.locator("table.review tbody tr[data-status=confirmed]").count() == 2
    assert page.locator("table.review tbody tr[data-status=rejected]").count() == 1

    # rerun: confirmed kept, the rejected pair not proposed again, the changes highlighted
    start_run(page, "Перезапустить подбор")
    assert page.url.endswith("/runs/2")
    assert "перезапуск подбора" in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("#diff-h").inner_text().endswith("№ 1")
    assert int(page.locator("[data-diff=kept]").inner_text()) >= 2
    titles = [t.strip() for t in page.locator("a[data-row-link]").all_inner_texts()]
    for title in confirmed:
        assert title in titles
    kept = page.locator("table.review tbody tr[data-status=confirmed]")
    assert kept.count() == 2
    assert kept.locator(".mark.kept").count() == 2
    assert rejected_title not in titles
    page.screenshot(path=shots / "09-rerun-diff.png", full_page=True)

    # the order lists the two confirmed pairs, and not the rejected one
    with page.expect_download() as info:
        page.get_by_role("link", name="Скачать приказ (DOCX)").click()
    download = info.value
    # the file name says what and for whom (UTF-8; `prikaz-{PROGRAMME_ID}-2-pairs.docx` for
    # clients that cannot read it)
    assert download.suggested_filename.startswith(
        "Приказ о закреплении наставнических пар — ")
    assert download.suggested_filename.endswith(".docx")
    doc = Document(io.BytesIO(download_bytes(download)))
    text = "\n".join(cell.text for table in doc.tables for row in table.rows
                     for cell in row.cells) + "\n".join(p.text for p in doc.paragraphs)
    assert "ПРИКАЗ" in text.upper()
    for title in confirmed:
        mentor, mentee = [s.strip() for s in title.split("→")]
        assert mentor.split()[0] in text and mentee.split()[0] in text
    assert rejected_title.split("→")[1].strip() not in text

    # the other run pages render what they promise
    page.get_by_role("link", name="Без пары").click()
    page.get_by_role("heading", name=re.compile("Наставляемые без наставника")).wait_for()
    page.screenshot(path=shots / "10-unmatched.png", full_page=True)
    page.get_by_role("link", name="Отчёт и документы").click()
    assert page.locator("figure.chart").count() == 5
    assert page.locator("figure.chart .target").count() >= 2  # the coverage targets
    page.screenshot(path=shots / "11-report.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Обезличенная выгрузка (CSV)").click()
    export = download_bytes(info.value).decode("utf-8-sig")
    for name in bank_names().values():
        assert name not in export


def download_bytes(download) -> bytes:
    with open(download.path(), "rb") as f:
        return f.read()


def test_why_not_explains_a_pair_that_was_not_proposed(page, server, shots):
    sign_in(page, server)
    import_sample(page)
    create_programme(page)
    start_run(page)
    page.get_by_role("link", name="Почему не…").click()
    names = bank_names()
    page.get_by_label("Наставляемый").select_option("T05")
    page.get_by_label("Наставник").select_option("S01")  # a pupil cannot mentor a teacher
    page.get_by_role("button", name="Объяснить").click()
    answer = page.locator("#why-not-result section.answer")
    answer.wait_for()
    assert names["S01"] in answer.inner_text() and names["T05"] in answer.inner_text()
    assert "недопустима" in answer.inner_text()
    assert answer.locator("ul.reasons-list li").count() >= 1
    page.screenshot(path=shots / "12-why-not.png", full_page=True)


def test_participant_link_shows_only_their_own_match(browser, page, server, shots):
    sign_in(page, server)
    import_sample(page)
    create_programme(page)
    start_run(page)
    first = card(page, 0)
    mentor_name, mentee_name = [s.strip() for s in _title(first).split("→")]
    page.get_by_role("link", name="Ссылки участникам").click()
    page.get_by_role("button", name="Создать ссылки для всех участников подбора").click()
    names = bank_names()
    mentee_id = next(pid for pid, name in names.items() if name == mentee_name)
    url = page.locator(f"a[data-participant='{mentee_id}']").get_attribute("href")

    stranger = browser.new_context(viewport={"width": 1100, "height": 800}, locale="ru-RU")
    try:
        view = stranger.new_page()
        view.goto(url)
        text = view.locator("main").inner_text()
        assert view.get_by_role("heading", level=1).inner_text() == mentee_name
        assert f"Ваш наставник — {mentor_name}" in text
        others = [n for n in names.values() if n not in (mentee_name, mentor_name)]
        assert [n for n in others if n in text] == []
        assert view.locator("header nav").count() == 0  # no way into the curator's pages
        view.screenshot(path=shots / "13-participant-explanation.png", full_page=True)
        view.goto(url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb"))
        assert "Не получилось" in view.locator("h1").inner_text()
    finally:
        stranger.close()
