"""The banks page (import report, filters) and the programme settings (validation, preview)."""

from __future__ import annotations

import re

from tests.cases import SAMPLE


def rows(html: str) -> list[str]:
    return re.findall(r"<td><code>([^<]+)</code></td>", html)


def test_import_reports_each_bad_row_with_its_row_and_column(signed_in):
    page = signed_in.import_sample()
    assert page.status_code == 200
    assert 'data-count="created">21<' in page.text
    bad = re.findall(r'<tr class="error">\s*<td class="num">(\d+)</td>\s*<td>(\w+)</td>\s*'
                     r"<td>([^<]+)</td>", page.text)
    assert sorted(bad) == [("25", "C01", "Организация"), ("8", "E01", "Организация"),
                           ("9", "U01", "Организация")]
    assert "не зарегистрирована" in page.text


def test_strict_import_stores_nothing_and_says_why(signed_in):
    page = signed_in.import_sample(strict=True)
    assert page.status_code == 422
    assert "Импорт отменён, ничего не сохранено" in page.text
    assert rows(signed_in.client.get("/banks").text) == []


def test_a_file_of_another_kind_is_refused_by_name(signed_in):
    page = signed_in.post("/banks/import", files={"file": ("bank.pdf", b"%PDF-1.4")})
    assert page.status_code == 415
    assert "Неподдерживаемый файл «bank.pdf»" in page.text


def test_filters_by_side_role_subject_and_consent(signed_in):
    signed_in.import_sample()
    get = signed_in.client.get
    assert len(rows(get("/banks").text)) == 21
    assert rows(get("/banks?side=mentees&consent=missing").text) == ["S08"]
    mentors = rows(get("/banks?side=mentors").text)
    assert "T01" in mentors and "T05" not in mentors
    assert rows(get("/banks?subject=физика").text) == ["S01", "T06"]
    fragment = get("/banks?role=leader", headers={"HX-Request": "true",
                                                   "HX-Target": "bank-table"})
    assert "<html" not in fragment.text and rows(fragment.text) == ["L01"]


def test_matched_filter_needs_a_run_then_splits_the_bank(signed_in):
    signed_in.import_sample()
    assert 'id="matched" name="matched" disabled' in signed_in.client.get("/banks").text
    signed_in.create_programme()
    signed_in.run()
    yes = set(rows(signed_in.client.get("/banks?matched=yes").text))
    no = set(rows(signed_in.client.get("/banks?matched=no").text))
    assert yes and no and not yes & no
    assert len(yes | no) == 21
    assert "S08" in no  # no guardian's consent: never proposed


def test_a_programme_that_breaks_a_rule_is_refused_with_the_field(signed_in):
    page = signed_in.create_programme(end="2025-11-01", forms=[])
    assert page.status_code == 422
    assert "Программа не сохранена" in page.text
    assert "срок программы должен быть от 3 до 12 месяцев" in page.text
    assert 'value="p1"' in page.text  # what was typed is kept
    assert signed_in.client.get("/programmes/p1").status_code == 404


def test_saving_settings_changes_the_stored_programme(signed_in):
    signed_in.create_programme()
    page = signed_in.client.get("/programmes/p1")
    assert 'name="version" value="1"' in page.text
    saved = signed_in.post("/programmes/p1", {
        "version": "1", "name": "Новое имя", "start": "2025-10-01", "end": "2026-05-31",
        "kinds_sent": "1", "kinds": ["individual"], "w_mutual_wishes": "0,5",
        "target_student_coverage": "80"})
    assert "Настройки сохранены" in saved.text
    api = signed_in.client.get("/programmes/p1")
    assert "Новое имя" in api.text and 'name="version" value="2"' in api.text
    assert 'id="w_mutual_wishes" name="w_mutual_wishes" type="range" min="0" max="1" ' \
           'step="0.05" value="0.5"' in api.text
    stale = signed_in.post("/programmes/p1", {"version": "1", "name": "Старое"})
    assert stale.status_code == 409


def test_preview_ranks_the_top_pairs_against_the_saved_settings(signed_in):
    signed_in.import_sample()
    signed_in.create_programme()
    same = signed_in.post("/programmes/p1/preview", {})
    assert "<html" not in same.text
    assert same.text.count('class="move-same"') == 10
    changed = signed_in.post("/programmes/p1/preview", {
        "w_topic_coverage": "0", "w_text_similarity": "0", "w_mutual_wishes": "1"})
    assert changed.text.count("<tr class=\"move-") == 10
    assert re.search(r'class="move-(up|down|new)"', changed.text)
    broken = signed_in.post("/programmes/p1/preview", {"group_min": "6", "group_max": "3"})
    assert "минимальный размер группы больше максимального" in broken.text


def test_the_page_previews_an_import_then_confirms_and_undoes_it(signed_in):
    page = signed_in.post("/banks/import", {"preview": "true"},
                          files={"file": ("sample.xlsx", SAMPLE.read_bytes())})
    assert page.status_code == 200
    assert "Предпросмотр: пока ничего не сохранено" in page.text
    assert 'data-count="created">21<' in page.text
    assert rows(signed_in.client.get("/banks").text) == []  # nothing stored yet
    token = re.search(r'name="token" value="([0-9a-f]+)"', page.text).group(1)
    done = signed_in.post("/banks/import/confirm", {"token": token})
    assert done.status_code == 200
    assert 'data-count="created">21<' in done.text
    assert len(rows(signed_in.client.get("/banks").text)) == 21
    again = signed_in.post("/banks/import/confirm", {"token": token})
    assert again.status_code == 410  # one confirmation per preview
    undo = re.search(r'action="/banks/imports/(\d+)/undo"', done.text).group(1)
    undone = signed_in.post(f"/banks/imports/{undo}/undo")
    assert undone.status_code == 200 and "Загрузка отменена" in undone.text
    assert rows(signed_in.client.get("/banks").text) == []



def test_the_page_import_keeps_the_files_conflicts(signed_in):
    page = signed_in.import_sample()
    assert 'data-count="conflicts">1<' in page.text


def test_outside_organisations_of_the_sample_join_as_partners_after_the_preview(signed_in):
    page = signed_in.post("/banks/import", {"preview": "true"},
                          files={"file": ("sample.xlsx", SAMPLE.read_bytes())})
    assert 'id="register_partners"' in page.text
    assert "НГПУ им. К. Минина" in page.text
    token = re.search(r'name="token" value="([0-9a-f]+)"', page.text).group(1)
    done = signed_in.post("/banks/import/confirm", {"token": token, "register_partners": "true"})
    assert 'data-count="created">24<' in done.text
    assert 'data-count="errors">0<' in done.text
    partners = signed_in.client.get("/organisations").text
    assert "АО «Кстовский машиностроительный завод»" in partners


def test_a_curator_adds_and_removes_a_partner_on_the_organisations_page(signed_in):
    added = signed_in.post("/organisations/1/partners", {"name": "АО «Завод»"})
    assert added.status_code == 200  # followed the redirect back to the page
    assert "АО «Завод»" in added.text
    remove = re.search(r'action="(/organisations/1/partners/\d+/remove)"', added.text).group(1)
    gone = signed_in.post(remove)
    assert "АО «Завод»" not in gone.text
    refused = signed_in.post("/organisations", {"name": "Новая школа"})
    assert refused.status_code == 403  # only an administrator registers organisations


def test_the_bank_downloads_as_xlsx_and_csv(signed_in):
    signed_in.import_sample()
    xlsx = signed_in.client.get("/banks/download?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    csv = signed_in.client.get("/banks/download?format=csv")
    assert csv.status_code == 200 and "ФИО" in csv.content.decode("utf-8-sig")
    assert signed_in.client.get("/banks/download?format=pdf").status_code == 415


def test_the_programme_page_shows_and_saves_the_definitions_and_the_group_value(signed_in):
    """Issue 10: the definitions block and the group value, each with one line of help."""
    page = signed_in.client.get("/programmes/new")
    for field in ("group_value", "d_young_max_experience", "d_young_max_age",
                  "d_mentor_min_years_in_organisation", "d_mentor_min_category",
                  "d_min_student_age", "d_employer_min_grade"):
        assert f'name="{field}"' in page.text, field
    assert 'name="group_value" type="number" min="0" max="1" step="0.01" value="0.05"' in page.text
    assert "Ценность группы" in page.text and "0 — выключено" in page.text
    assert "003: обучающиеся «от 10 лет»." in page.text
    assert 'id="model-senior_junior" name="d_student_models" value="senior_junior"' in page.text
    signed_in.create_programme()
    saved = signed_in.post("/programmes/p1", {
        "version": "1", "start": "2025-09-01", "end": "2025-11-30", "group_value": "0",
        "d_young_max_age": "35", "d_min_student_age": "11", "d_employer_min_grade": "9",
        "d_mentor_min_category": "first", "d_student_models_sent": "1",
        "d_student_models": ["peer"]})
    assert "Настройки сохранены" in saved.text, saved.text
    page = signed_in.client.get("/programmes/p1").text
    assert 'name="group_value" type="number" min="0" max="1" step="0.01" value="0.0"' in page
    assert 'id="d_young_max_age" name="d_young_max_age" type="number" min="18" max="100" ' \
           'step="1" value="35"' in page
    assert '<option value="first" selected>' in page
    assert 'value="peer" aria-describedby="h_models" checked' in page
    assert 'value="senior_junior" aria-describedby="h_models" checked' not in page
    cleared = signed_in.post("/programmes/p1", {"version": "2", "d_young_max_age": ""})
    assert "Настройки сохранены" in cleared.text
    assert 'name="d_young_max_age" type="number" min="18" max="100" step="1" value=""' in (
        signed_in.client.get("/programmes/p1").text)
