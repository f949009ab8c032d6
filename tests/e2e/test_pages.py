"""The curator's pages that need no run: sign-in, the banks with the import report, filters,
the language switch, programme settings with the live preview."""

from __future__ import annotations

import re

from tests.e2e.helpers import create_programme, import_sample, sign_in


def test_sign_in_refuses_a_wrong_password_then_lets_the_curator_in(page, server, shots):
    page.goto("/banks")
    assert "/login" in page.url
    page.get_by_label("Логин").fill(server.login)
    page.get_by_label("Пароль").fill("wrong password")
    page.get_by_role("button", name="Войти").click()
    assert page.get_by_role("alert").inner_text() == "Неверный логин или пароль"
    page.screenshot(path=shots / "01-login-error.png")
    page.get_by_label("Пароль").fill(server.password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/banks")
    assert page.get_by_role("heading", level=1).inner_text() == "Банки наставников и наставляемых"


def test_import_shows_each_bad_row_and_filters_the_bank(page, server, shots):
    sign_in(page, server)
    import_sample(page)
    report = page.locator("#import-report")
    assert report.locator("[data-count=created]").inner_text() == "21"
    assert report.locator("[data-count=errors]").inner_text() == "3"
    bad = report.locator("tr.error")
    assert bad.count() == 3
    assert "не зарегистрирована" in bad.nth(0).inner_text()
    warning = report.locator("tr.warning", has_text="S08")
    assert "согласия родителя" in warning.inner_text()
    page.screenshot(path=shots / "02-banks-import.png", full_page=True)

    page.get_by_role("group", name="Банк", exact=True).get_by_label("наставляемые").check()
    page.get_by_label("Согласия").select_option("missing")
    page.wait_for_url(re.compile(r"consent=missing"))
    rows = page.locator("table.bank tbody tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "Громова Полина Витальевна" in rows.first.inner_text()
    page.get_by_label("Согласия").select_option("")
    page.get_by_label("Роль").select_option("student")
    page.wait_for_url(re.compile(r"role=student"))
    # 7 student mentees in the file, one of them (C01) in an unregistered college
    page.wait_for_function(
        "() => document.querySelectorAll('table.bank tbody tr').length === 6")
    assert all("обучающийся" in t and "наставляемый" in t for t in rows.all_inner_texts())
    page.screenshot(path=shots / "03-banks-filtered.png", full_page=True)


def test_language_switch_keeps_the_page_and_remembers_english(page, server, shots):
    sign_in(page, server)
    page.get_by_role("link", name="EN", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Banks of mentors and mentees"
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=shots / "14-banks-english.png")
    page.goto("/programmes")
    assert page.get_by_role("heading", level=1).inner_text() == "Mentoring programmes"
    page.get_by_role("link", name="RU", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Программы наставничества"


def test_weights_preview_shows_how_the_top_pairs_change(page, server, shots):
    sign_in(page, server)
    import_sample(page)
    create_programme(page)
    preview = page.locator("#preview")
    preview.locator("table.preview tbody tr").first.wait_for()
    assert preview.locator("tr.move-same").count() == preview.locator("tbody tr").count()
    slider = page.get_by_label("Взаимные пожелания после знакомства")
    slider.focus()
    for _ in range(16):  # keyboard only: 15 → 95 (the slider's 0.15 → 0.95)
        page.keyboard.press("ArrowRight")
    assert page.locator("output[for=w_mutual_wishes]").inner_text() == "95"
    page.wait_for_function(
        "() => document.querySelectorAll('#preview tr.move-up, #preview tr.move-down,"
        " #preview tr.move-new').length > 0")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "04-programme-preview.png", full_page=True)
    page.get_by_role("button", name="Сохранить").click()
    assert page.get_by_role("status").first.inner_text() == "Настройки сохранены."
    assert page.get_by_label("Взаимные пожелания после знакомства").input_value() == "0.95"


def test_the_sample_imports_with_its_outside_mentors_after_the_preview(page, server, shots):
    """Issue 12: the preview names the sample's unregistered organisations; confirming with
    «register as partners» stores every row, outside mentors included, with no error."""
    from tests.e2e.helpers import SAMPLE

    sign_in(page, server)
    page.get_by_label("Файл анкет (XLSX, CSV или JSON)").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Загрузить").click()
    page.locator("#import-preview").wait_for()
    page.screenshot(path=shots / "02b-import-preview.png", full_page=True)
    page.get_by_label(re.compile("Зарегистрировать как партнёров школы")).check()
    page.get_by_role("button", name="Подтвердить загрузку").click()
    report = page.locator("#import-report")
    report.get_by_role("button", name="Отменить эту загрузку").wait_for()
    assert report.locator("[data-count=created]").inner_text() == "24"
    assert report.locator("[data-count=errors]").inner_text() == "0"
