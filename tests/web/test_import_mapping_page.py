"""The banks page's mapping step for a questionnaire export (issue 12, part 4), its programme
selector, and the programme topics a single person may hold (person page, consents).

The first upload of a form shows a field per column (pre-set to the suggestion, with why) and
a topic per unknown answer; the curator's corrections are honoured, the file is not uploaded
twice (it waits on the server under a token), and the mapping is remembered: the second
export of the same form goes straight to the preview, another school is asked again."""

from __future__ import annotations

import csv
import html
import io
import re

from fastapi.testclient import TestClient

from service import services
from service.db.engine import make_engine, make_session_factory
from service.db.unit_of_work import SqlAlchemyUnitOfWork
from service.domain import SYSTEM, UserRole
from tests.questionnaires import GOOGLE, SCHOOL, as_csv
from tests.web.conftest import CSRF, Pages
from tests.web.scan import problems
from tests.web.test_person_page import form_of

TOKEN = re.compile(r'name="token" value="([0-9a-f]+)"')
PREVIEW = "Предпросмотр: пока ничего не сохранено"
MAPPING = 'action="/banks/import/mapping"'
DIFFICULTIES = GOOGLE[0][6]  # «Опишите своими словами, с какими трудностями вы сталкиваетесь»


def upload(pages: Pages, content: bytes, name: str = "form.csv", **data: str):
    return pages.post("/banks/import", {"preview": "true", **data},
                      files={"file": (name, content, "text/csv")})


def selected(page: str, name: str) -> str:
    """The value selected in the <select name=...> of the page ("" for none)."""
    block = re.search(rf'<select id="{name}" name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert block, name
    chosen = re.search(r'<option value="([^"]*)" selected>', block.group(1))
    return chosen.group(1) if chosen else ""


def mapping_answer(page: str, **changes: str) -> dict[str, str]:
    """The mapping form as the browser would send it, with some selects changed."""
    form = page[page.index(MAPPING):]
    form = form[:form.index("</form>")]
    data = {"token": TOKEN.search(form).group(1)}
    for name in re.findall(r'<select id="[^"]+" name="([^"]+)"', form):
        data[name] = selected(form, name)
    for name, value in re.findall(r'<input type="hidden" name="(answer-\d+)" value="([^"]*)"',
                                  form):
        data[name] = html.unescape(value)
    return {**data, **changes}


def bank_rows(pages: Pages) -> dict[str, dict[str, str]]:
    """The stored bank as our template's CSV, by full name."""
    got = pages.client.get("/banks/download?format=csv")
    assert got.status_code == 200
    text = got.content.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text), delimiter=";" if ";" in text.splitlines()[0]
                            else ",")
    return {r["ФИО"]: r for r in reader}


def topics(cell: str) -> set[str]:
    """The topics of a «Запрос» cell, without their priorities."""
    return {t.rsplit(":", 1)[0] for t in cell.split("; ") if t}


def test_the_mapping_step_suggests_takes_a_correction_and_is_remembered(signed_in):
    first = upload(signed_in, as_csv(GOOGLE))
    assert first.status_code == 200
    page = first.text
    assert MAPPING in page and PREVIEW not in page
    # a field per column pre-set to the suggestion, with its reason and three sample answers
    assert [selected(page, f"col-{i}") for i in range(7)] == [
        "", "full_name", "birth_year", "organisation", "position", "requests",
        "difficulties_text"]
    assert problems(page, "ru") == []  # the form's own words are the curator's
    assert '<label for="col-1"><span translate="no">Фамилия, имя, отчество</span></label>' in page
    assert 'id="col-1-why">предложено по заголовку' in page
    assert '<span class="sample" translate="no">Орлова Мария Сергеевна</span>' in page
    # a long question shortened, the whole of it in the tooltip and for screen readers
    long = GOOGLE[0][5]
    assert f'title="{long}"' in page and f'id="col-5-full" translate="no">{long}<' in page
    assert f">{long}</span></label>" not in page
    # the unknown answer with its suggested topic
    assert '<label for="topic-0" translate="no">Цифровые штуки</label>' in page
    assert selected(page, "topic-0") == "digital_tools"

    # the curator says the free-text column is the experience, not the difficulties
    answer = mapping_answer(page, **{"col-6": "experience_text"})
    preview = signed_in.post("/banks/import/mapping", answer)
    assert preview.status_code == 200, preview.text
    assert PREVIEW in preview.text and 'data-count="created">2<' in preview.text
    assert signed_in.post("/banks/import/mapping", answer).status_code == 410  # used once
    done = signed_in.post("/banks/import/confirm", {"token": TOKEN.search(preview.text).group(1)})
    assert 'data-count="created">2<' in done.text and 'data-count="errors">0<' in done.text
    people = bank_rows(signed_in)
    belov = people["Белов Игорь Андреевич"]
    assert belov["Опыт (свободный текст)"] == "Хочу освоить интерактивную доску"
    assert belov["Затруднения"] == ""
    assert topics(belov["Запрос"]) == {"Методика преподавания",
                                       "Цифровые образовательные инструменты"}

    # the same form exported again, with a new answer: straight to the preview
    again = upload(signed_in, as_csv([*GOOGLE, [
        "2025/09/05 10:00:00 AM GMT+3", "Зайцева Ольга Павловна", "1995", SCHOOL,
        "учитель биологии", "Олимпиады", "Нет опыта олимпиад"]]))
    assert MAPPING not in again.text and PREVIEW in again.text
    assert 'data-count="created">1<' in again.text
    signed_in.post("/banks/import/confirm", {"token": TOKEN.search(again.text).group(1)})
    assert bank_rows(signed_in)["Зайцева Ольга Павловна"]["Опыт (свободный текст)"] == (
        "Нет опыта олимпиад")  # the corrected column, remembered


def test_another_school_does_not_see_the_remembered_mapping(signed_in, settings):
    first = upload(signed_in, as_csv(GOOGLE))
    signed_in.post("/banks/import/mapping", mapping_answer(first.text))
    assert PREVIEW in upload(signed_in, as_csv(GOOGLE)).text  # remembered for this school
    other_school = "МАОУ «Лицей № 2»"
    engine = make_engine(settings.database_url)
    try:
        uow = lambda: SqlAlchemyUnitOfWork(make_session_factory(engine))  # noqa: E731
        org = services.create_organisation(uow(), SYSTEM, other_school, "Кстово")
        services.create_user(uow(), SYSTEM, login="kurator2", password="Nastavnik-2025-2",
                             full_name="Петрова Ольга", role=UserRole.curator,
                             organisation_id=org.id)
    finally:
        engine.dispose()
    with TestClient(signed_in.client.app) as client:
        other = Pages(client)
        page = client.post("/login", data={"username": "kurator2", "password": "Nastavnik-2025-2"})
        other.csrf = CSRF.search(page.text).group(1)
        form = [GOOGLE[0], *[[*r[:3], other_school, *r[4:]] for r in GOOGLE[1:]]]
        asked = upload(other, as_csv(form))
        assert MAPPING in asked.text and PREVIEW not in asked.text


def test_no_topic_drops_the_answer_and_a_name_chosen_twice_is_refused(signed_in):
    page = upload(signed_in, as_csv(GOOGLE)).text
    clash = signed_in.post("/banks/import/mapping", mapping_answer(page, **{"col-4": "full_name"}))
    assert clash.status_code == 422
    assert "поле «ФИО» выбрано для нескольких столбцов" in clash.text
    assert selected(clash.text, "col-4") == "full_name"  # the curator's choice is kept
    fixed = signed_in.post("/banks/import/mapping",
                           mapping_answer(clash.text, **{"col-4": "position", "topic-0": ""}))
    assert PREVIEW in fixed.text and 'data-count="refused">0<' in fixed.text
    signed_in.post("/banks/import/confirm", {"token": TOKEN.search(fixed.text).group(1)})
    assert topics(bank_rows(signed_in)["Белов Игорь Андреевич"]["Запрос"]) == {
        "Методика преподавания"}
    expired = signed_in.post("/banks/import/mapping", {"token": "0" * 32, "col-1": "full_name"})
    assert expired.status_code == 410 and "Предпросмотр устарел" in expired.text
    forged = signed_in.client.post("/banks/import/mapping", data={"token": "0" * 32})
    assert forged.status_code == 403  # no CSRF token: refused like every other form
    unknown = upload(signed_in, as_csv(GOOGLE), programme="nope")
    assert unknown.status_code == 404 and "<html" in unknown.text  # a page, not a trace


ROBOTICS = "robotics: Кружок робототехники; робототехника"
OWN_TOPIC_BANK = ("ID;ФИО;Роль;Организация;Год рождения;Запрос\n"
                  f"T1;Иванова Анна Петровна;учитель;{SCHOOL};1990;робототехника:3\n")


def with_robotics(pages: Pages) -> None:
    pages.create_programme()
    saved = pages.post("/programmes/p1", {"version": "1", "topics_text": ROBOTICS})
    assert "Настройки сохранены" in saved.text


def test_the_programme_selector_reads_the_programmes_own_topics(signed_in):
    with_robotics(signed_in)
    assert '<select id="import-programme" name="programme"' in signed_in.client.get("/banks").text
    plain = upload(signed_in, OWN_TOPIC_BANK.encode("utf-8-sig"), name="bank.csv")
    assert 'data-count="refused">1<' in plain.text and "Неизвестная тема" in plain.text
    page = upload(signed_in, OWN_TOPIC_BANK.encode("utf-8-sig"), name="bank.csv",
                  programme="p1")
    assert 'data-count="created">1<' in page.text and 'data-count="refused">0<' in page.text
    done = signed_in.post("/banks/import/confirm", {"token": TOKEN.search(page.text).group(1)})
    assert 'data-count="created">1<' in done.text and 'data-count="errors">0<' in done.text
    assert topics(bank_rows(signed_in)["Иванова Анна Петровна"]["Запрос"]) == {
        "Кружок робототехники"}


def test_a_form_mapped_for_a_programme_offers_its_topics(signed_in):
    with_robotics(signed_in)
    form = [GOOGLE[0], [*GOOGLE[1][:5], "ОГЭ, Роботехника", ""]]  # misspelt
    without = upload(signed_in, as_csv(form)).text
    assert '<label for="topic-0" translate="no">Роботехника</label>' in without
    assert 'value="robotics"' not in without  # the built-in topics only
    page = upload(signed_in, as_csv(form), programme="p1").text
    assert '<label for="topic-0" translate="no">Роботехника</label>' in page
    assert '<option value="robotics" selected>Кружок робототехники</option>' in page
    preview = signed_in.post("/banks/import/mapping", mapping_answer(page))
    assert PREVIEW in preview.text and 'data-count="refused">0<' in preview.text
    signed_in.post("/banks/import/confirm", {"token": TOKEN.search(preview.text).group(1)})
    assert topics(bank_rows(signed_in)["Орлова Мария Сергеевна"]["Запрос"]) == {
        "Подготовка к ОГЭ и ЕГЭ", "Кружок робототехники"}


def test_a_person_with_a_programme_topic_is_edited_and_added_on_the_person_page(signed_in):
    with_robotics(signed_in)
    upload(signed_in, OWN_TOPIC_BANK.encode("utf-8-sig"), name="bank.csv", programme="p1")
    imported = upload(signed_in, OWN_TOPIC_BANK.encode("utf-8-sig"), name="bank.csv",
                      programme="p1")
    signed_in.post("/banks/import/confirm", {"token": TOKEN.search(imported.text).group(1)})
    # no programme in context: the topic of the school's programme is not refused
    given = signed_in.post("/banks/people/T1/consents", {
        "kind": "personal_data", "given": "2025-09-01", "note": ""})
    assert given.status_code == 200, given.text
    person = signed_in.client.get("/banks/people/T1").text
    assert "Кружок робототехники" in person
    sent = {**form_of(person), "position": "учитель технологии"}
    assert "Кружок робототехники" in sent["requests"]  # shown by its label, read back so
    edited = signed_in.post("/banks/people/T1", sent)
    assert edited.status_code == 200, edited.text
    assert "учитель технологии" in edited.text and "Кружок робототехники" in edited.text
    added = signed_in.post("/banks/people", {
        "id": "T2", "full_name": "Орлов Пётр Ильич", "role": "учитель", "organisation": SCHOOL,
        "birth_year": "1985", "competencies": "робототехника:3"})
    assert added.status_code == 200, added.text
    assert "Кружок робототехники" in signed_in.client.get("/banks/people/T2").text
    refused = signed_in.post("/banks/people", {
        "id": "T3", "full_name": "Сидоров Иван", "role": "учитель", "organisation": SCHOOL,
        "birth_year": "1985", "competencies": "астрономия:3"})
    assert refused.status_code == 422 and "Неизвестная тема" in refused.text


def test_a_column_chosen_for_topics_asks_about_its_answers_and_a_mapping_is_changed(
        signed_in):
    form = [[*GOOGLE[0], "Ваши увлечения"],
            *[[*r, hobby] for r, hobby in zip(GOOGLE[1:], ("шахматы", "Цифровые штучки"),
                                              strict=True)]]
    page = upload(signed_in, as_csv(form)).text
    assert selected(page, "col-7") == "interests"
    # the curator takes the hobbies for requests: its unknown answer is asked about first
    asked = signed_in.post("/banks/import/mapping", mapping_answer(page, **{"col-7": "requests"}))
    assert asked.status_code == 422 and PREVIEW not in asked.text
    assert "есть ответы, которых нет в справочнике" in asked.text
    assert selected(asked.text, "col-7") == "requests"
    chess = re.search(r'<label for="(topic-\d+)" translate="no">шахматы</label>', asked.text)
    assert chess, "the answer of the column chosen for topics is asked about"
    answer = mapping_answer(asked.text)
    assert answer[chess.group(1)] == ""  # no topic like it: «не тема» unless chosen
    preview = signed_in.post("/banks/import/mapping", answer)
    assert PREVIEW in preview.text and 'data-count="refused">0<' in preview.text
    # remembered; «заново» shows the remembered mapping to change instead of applying it
    assert PREVIEW in upload(signed_in, as_csv(form)).text
    again = upload(signed_in, as_csv(form), remap="true").text
    assert MAPPING in again
    assert selected(again, "col-7") == "requests"
    assert re.search(r'<label for="topic-\d+" translate="no">шахматы</label>', again)
    changed = signed_in.post("/banks/import/mapping",
                             mapping_answer(again, **{"col-7": "interests"}))
    assert PREVIEW in changed.text
    signed_in.post("/banks/import/confirm", {"token": TOKEN.search(changed.text).group(1)})
    orlova = bank_rows(signed_in)["Орлова Мария Сергеевна"]
    assert orlova["Интересы"] == "шахматы"
