"""The bank of programmes and the page that edits one: editing then downloading shows the
edit; a problem shows the form again, nothing stored."""

from __future__ import annotations

import io
import re

from docx import Document


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _form_rows(html: str) -> tuple[int, list[str], list[str], list[str]]:
    version = int(re.search(r'name="version" value="(\d+)"', html).group(1))
    months = re.findall(r'<option value="([0-9-]+)" selected>', html)
    activities = re.findall(r'<textarea name="activity"[^>]*>([^<]*)</textarea>', html)
    meetings = re.findall(r'name="meetings" min="0" max="31" value="(\d+)"', html)
    return version, months, activities, meetings


def test_editing_a_plan_in_the_page_then_downloading_shows_the_edit(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    run_id = signed_in.run()
    bank = signed_in.client.get(f"/runs/{run_id}/plans")
    assert bank.status_code == 200
    assert "Банк персонализированных программ наставничества" in bank.text
    link = re.search(rf'href="(/runs/{run_id}/proposals/[^"]+/plan)"', bank.text).group(1)
    page = signed_in.client.get(link)
    assert page.status_code == 200
    version, months, activities, meetings = _form_rows(page.text)
    assert version == 0 and len(months) == len(activities) - 2  # two blank rows offered
    activities[1] = "Мастер-класс по формирующему оцениванию"
    answer = signed_in.post(link, {
        "version": str(version), "goals": "Освоить формирующее оценивание\nВторая цель",
        "month": [*months, "2026-05", "2026-05"], "activity": activities,
        "meetings": [*meetings, "2", "2"]}, follow_redirects=True)
    assert answer.status_code == 200, answer.text
    assert "Программа сохранена" in answer.text
    text = _docx_text(signed_in.client.get(f"{link}.docx").content)
    assert "Мастер-класс по формирующему оцениванию" in text
    assert "Освоить формирующее оценивание" in text and "Вторая цель" in text
    every = _docx_text(signed_in.client.get(f"/runs/{run_id}/plans.docx").content)
    assert "Мастер-класс по формирующему оцениванию" in every
    assert "изменена куратором" in signed_in.client.get(f"/runs/{run_id}/plans").text

    # the same old version again: refused, the form shows why, the edit stays
    stale = signed_in.post(link, {"version": str(version), "goals": "Иное",
                                  "month": months, "activity": activities,
                                  "meetings": meetings})
    assert stale.status_code == 409
    assert "Программа не сохранена" in stale.text
    assert "Вторая цель" in _docx_text(signed_in.client.get(f"{link}.docx").content)


def test_the_organisations_numbers_become_the_reports_denominators(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()  # starts 01.10.2025: the school year 2025/2026
    orgs = signed_in.client.get("/organisations")
    org_link = re.search(r'href="(/organisations/\d+/papers)"', orgs.text).group(1)
    org_id = org_link.split("/")[2]
    saved = signed_in.post(f"/organisations/{org_id}/school-years", {
        "year": "2025", "teachers": "55", "young_specialists": "7", "students_primary": "200",
        "students_basic": "250", "students_secondary": "60", "students_college": "0",
        "target_teachers": "", "target_students": "45"}, follow_redirects=True)
    assert saved.status_code == 200 and "Численность сохранена" in saved.text
    assert "2025/2026" in saved.text
    run_id = signed_in.run()
    page = signed_in.client.get(f"/runs/{run_id}/report").text
    assert "Всего (знаменатель), 2025/2026" in page
    assert "<td class=\"num\">55</td><td class=\"num\">510</td>" in page
    assert "численность организации" in page
    # nothing confirmed yet: no target met
    met = re.search(r"Цель достигнута \(по подтверждённым\)</th>(.*?)</tr>", page).group(1)
    assert "да" not in met and met.count("нет") == 2
    wrong = signed_in.post(f"/organisations/{org_id}/school-years", {
        "year": "2025", "teachers": "5", "young_specialists": "9"})
    assert wrong.status_code == 422
