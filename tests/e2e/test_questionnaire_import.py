"""A Microsoft Forms export imported through the banks page's mapping step (issue 12, part 4):
the curator checks the suggested field of each column, corrects one, sends the form from the
keyboard, confirms the preview; the next export of the same form goes straight to the
preview."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from tests.e2e.helpers import sign_in
from tests.questionnaires import MICROSOFT


def export_xlsx(path: Path) -> Path:
    """The export as Microsoft Forms saves it: one sheet, the questions as the first row."""
    book = Workbook()
    sheet = book.active
    for row in MICROSOFT:
        sheet.append(row)
    book.save(path)
    return path


def test_a_microsoft_forms_export_is_mapped_previewed_and_remembered(page, server, shots,
                                                                     tmp_path):
    sign_in(page, server)
    export = export_xlsx(tmp_path / "Анкета наставляемого.xlsx")
    page.get_by_label("Файл анкет (XLSX, CSV или JSON)").set_input_files(str(export))
    page.get_by_role("button", name="Загрузить").click()
    form = page.locator("form.mapping-form")
    form.wait_for()
    name = form.get_by_label("Фамилия, имя и отчество участника")
    assert name.input_value() == "full_name"
    assert form.get_by_label("Время начала").input_value() == ""  # not imported
    assert form.get_by_label(MICROSOFT[0][9]).input_value() == "requests"  # by its answers
    form.get_by_label("ИД").select_option("id")  # the answer's number becomes the person's ID
    page.screenshot(path=shots / "20-banks-questionnaire-mapping.png", full_page=True)
    form.get_by_role("button", name="Сопоставить и показать предпросмотр").focus()
    page.keyboard.press("Enter")

    report = page.locator("#import-report")
    page.locator("#import-preview").wait_for()
    assert report.locator("[data-count=created]").inner_text() == "2"
    assert report.locator("[data-count=refused]").inner_text() == "0"
    page.get_by_role("button", name="Подтвердить загрузку").click()
    page.get_by_role("button", name="Отменить эту загрузку").wait_for()
    assert report.locator("[data-count=errors]").inner_text() == "0"
    bank = page.locator("table.bank tbody")
    assert "Лебедева Анна Игоревна" in bank.inner_text()

    # the next export of the same form: no mapping step, the same people by their IDs
    page.get_by_label("Файл анкет (XLSX, CSV или JSON)").set_input_files(str(export))
    page.get_by_role("button", name="Загрузить").click()
    page.locator("#import-preview").wait_for()
    assert page.locator("form.mapping-form").count() == 0
    assert report.locator("[data-count=created]").inner_text() == "0"
    assert report.locator("[data-count=updated]").inner_text() == "0"
