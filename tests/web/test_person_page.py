"""The person page (issue 12, part 2): every field, add and edit, consents given and revoked
with their dates, wishes, conflicts, and the history; names in the bank list open it; plain
forms with labels and no inline script."""

from __future__ import annotations

import re
from html import unescape

from matcher.bank_io.columns import BY_KEY
from tests.web.conftest import Pages

INPUT = re.compile(r"<input\b([^>]*)>")
AREA = re.compile(r'<textarea\b[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>')
ATTR = re.compile(r'\b(name|value)="([^"]*)"')
SELECTED = re.compile(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]*)" selected>')


def form_of(html: str) -> dict[str, str]:
    """The person form's fields as the page filled them (the first form with `version`)."""
    start = html.index('name="version"')
    form = html[html.rfind("<form", 0, start):html.index("</form>", start)]
    out: dict[str, str] = {}
    for attrs in INPUT.findall(form):
        found = dict(ATTR.findall(attrs))
        if "name" in found:
            out[found["name"]] = unescape(found.get("value", ""))
    for name, text in AREA.findall(form):
        out[name] = unescape(text)
    for name, body in SELECTED.findall(form):
        chosen = OPTION.findall(body)
        out[name] = unescape(chosen[0]) if chosen else ""
    return out


def page(signed_in: Pages, pid: str = "T01") -> str:
    answer = signed_in.client.get(f"/banks/people/{pid}")
    assert answer.status_code == 200, answer.text
    return answer.text


def test_the_bank_list_links_each_name_to_the_person_page(signed_in: Pages) -> None:
    signed_in.import_sample()
    banks = signed_in.client.get("/banks").text
    assert '<a href="/banks/people/T01">Смирнова Ольга Викторовна</a>' in banks
    html = page(signed_in)
    for header in ("ФИО", "Площадка", "Компетенции", "Опыт (свободный текст)", "Наставник: мест"):
        assert f">{header}" in html
    fields = form_of(html)
    assert fields["full_name"] == "Смирнова Ольга Викторовна" and fields["site"] == "Кстово"
    assert fields["experience_text"].startswith("Готовлю к ОГЭ и ЕГЭ")
    assert "добавлен(а) загрузкой файла" in html  # the history: the import


def test_no_inline_script_and_every_field_has_a_label(signed_in: Pages) -> None:
    signed_in.import_sample()
    html = page(signed_in)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # scripts only from files
    assert not re.search(r"\son[a-z]+=", html)  # no inline handlers
    for control in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', html):
        assert f'for="{control}"' in html, control


def test_edit_changes_what_was_changed_clears_what_was_emptied(signed_in: Pages) -> None:
    signed_in.import_sample()
    before = form_of(page(signed_in))
    sent = {**before, "site": "Кстово, корпус 2", "experience_text": ""}
    answer = signed_in.post("/banks/people/T01", sent, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    after = form_of(page(signed_in))
    assert after["site"] == "Кстово, корпус 2" and after["experience_text"] == ""
    assert after["version"] == str(int(before["version"]) + 1)
    unchanged = {k for k in before if k not in ("site", "experience_text", "version")}
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}
    html = page(signed_in)
    assert "изменены сведения" in html and "Площадка" in html
    # the same form again is stale: refused with the input kept, nothing changed
    stale = signed_in.post("/banks/people/T01", {**sent, "site": "другое"})
    assert stale.status_code == 409 and "уже изменён" in stale.text
    assert form_of(stale.text)["site"] == "другое"
    assert form_of(page(signed_in))["site"] == "Кстово, корпус 2"


def test_a_bad_cell_is_refused_naming_its_column(signed_in: Pages) -> None:
    signed_in.import_sample()
    before = form_of(page(signed_in))
    bad = signed_in.post("/banks/people/T01", {**before, "birth_year": "тысяча"})
    assert bad.status_code == 422
    assert f"<strong>{BY_KEY['birth_year'].header}</strong>" in bad.text
    assert form_of(page(signed_in))["version"] == before["version"]


def test_consents_are_given_and_revoked_with_their_dates(signed_in: Pages) -> None:
    signed_in.import_sample()
    given = signed_in.post("/banks/people/T01/consents",
                           {"kind": "participation", "given": "2025-09-15"},
                           follow_redirects=False)
    assert given.status_code == 303
    assert given.headers["location"] == "/banks/people/T01#consents"
    assert "15.09.2025" in page(signed_in)
    again = signed_in.post("/banks/people/T01/consents",
                           {"kind": "participation", "given": "2025-09-16"})
    assert again.status_code == 409 and "уже действует" in again.text
    revoked = signed_in.post("/banks/people/T01/consents/participation/revoke",
                             {"revoked": "2025-10-01"}, follow_redirects=False)
    assert revoked.status_code == 303
    html = page(signed_in)
    assert "01.10.2025" in html and "согласие отозвано" in html


def test_wishes_and_conflicts_are_entered_and_removed(signed_in: Pages) -> None:
    signed_in.import_sample()
    wish = signed_in.post("/banks/people/T01/wishes",
                          {"target": "T02", "level": "yes", "rank": "1"},
                          follow_redirects=False)
    assert wish.status_code == 303
    assert '<a href="/banks/people/T02">T02</a>' in page(signed_in)
    unknown = signed_in.post("/banks/people/T01/wishes", {"target": "НЕТ", "level": "no"})
    assert unknown.status_code == 409 and "не найден" in unknown.text
    assert signed_in.post("/banks/people/T01/wishes/T02/delete",
                          follow_redirects=False).status_code == 303
    assert '<a href="/banks/people/T02">T02</a>' not in page(signed_in).split('id="wishes"')[1]
    conflict = signed_in.post("/banks/people/T01/conflicts", {"other": "T03", "note": "родня"},
                              follow_redirects=False)
    assert conflict.status_code == 303
    html = page(signed_in)
    assert "родня" in html
    conflict_id = re.search(r"/banks/people/T01/conflicts/(\d+)/delete", html).group(1)
    assert signed_in.post(f"/banks/people/T01/conflicts/{conflict_id}/delete",
                          follow_redirects=False).status_code == 303
    assert "родня" not in page(signed_in)


def test_a_person_is_added_by_hand(signed_in: Pages) -> None:
    form = signed_in.client.get("/banks/people/new")
    assert form.status_code == 200 and 'value="МБОУ «Средняя школа № 7»"' in unescape(form.text)
    cells = {"id": "N1", "full_name": "Новикова Вера", "role": "учитель",
             "organisation": "МБОУ «Средняя школа № 7»", "birth_year": "1999",
             "requests": "Методика преподавания:3", "mentee.mentors_wanted": "1"}
    created = signed_in.post("/banks/people", cells, follow_redirects=False)
    assert created.status_code == 303, created.text
    assert created.headers["location"] == "/banks/people/N1"
    html = page(signed_in, "N1")
    assert "Новикова Вера" in html and "добавлен(а) вручную" in html
    twice = signed_in.post("/banks/people", cells)
    assert twice.status_code == 409 or "уже существует" in twice.text
    no_id = signed_in.post("/banks/people", {**cells, "id": ""})
    assert no_id.status_code == 422 and "укажите код участника" in no_id.text


def test_the_email_is_shown_edited_and_a_malformed_one_refused(signed_in: Pages) -> None:
    """The e-mail (issue 12 item 7) is one of the page's fields: shown, changed with the
    domain lower-cased, cleared by emptying it; a malformed address is refused naming it."""
    signed_in.import_sample()
    before = form_of(page(signed_in))
    assert before["email"] == "smirnova.ov@school7.example"
    bad = signed_in.post("/banks/people/T01", {**before, "email": "smirnova@school7"})
    assert bad.status_code == 422
    assert f"<strong>{BY_KEY['email'].header}</strong>" in bad.text
    assert "не адрес электронной почты" in bad.text
    ok = signed_in.post("/banks/people/T01", {**before, "email": "O.Smirnova@School7.Example"},
                        follow_redirects=False)
    assert ok.status_code == 303, ok.text
    after = form_of(page(signed_in))
    assert after["email"] == "O.Smirnova@school7.example"
    cleared = signed_in.post("/banks/people/T01", {**after, "email": ""},
                             follow_redirects=False)
    assert cleared.status_code == 303 and form_of(page(signed_in))["email"] == ""
