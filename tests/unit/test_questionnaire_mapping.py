"""Questionnaire exports mapped to our template (issue 12, part 4): realistic exports of
Yandex Forms, Google Forms and Microsoft Forms (a timestamp column, long question texts as
headers, several choices in one cell separated by ", " or ";") get a suggested field per
column, become our template, and read as a bank; unknown topic answers get a suggestion."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from matcher.bank_io import read_bank
from matcher.bank_io.mapping import (
    IGNORE,
    apply_mapping,
    is_our_template,
    mapping_clashes,
    mapping_step,
    signature,
    suggest_mapping,
    topic_suggestions,
)
from matcher.bank_io.tabular import header_row
from tests.questionnaires import FORMS, GOOGLE, MICROSOFT, SCHOOL, YANDEX

EXPECTED = {
    "google": {0: IGNORE, 1: "full_name", 2: "birth_year", 3: "organisation", 4: "position",
               5: "requests", 6: "difficulties_text"},
    "yandex": {0: "id", 1: IGNORE, 2: "full_name", 3: "birth_year", 4: "organisation",
               5: "position", 6: "competencies", 7: "interests"},
    "microsoft": {1: IGNORE, 2: IGNORE, 3: IGNORE, 5: "full_name", 6: "birth_year",
                  7: "organisation", 8: "position", 9: "requests"},
}


@pytest.mark.parametrize("form", list(FORMS))
def test_each_column_gets_the_field_it_fits(form: str) -> None:
    header, *rows = FORMS[form]
    assert not is_our_template(header)
    got = {s.index: s.key for s in suggest_mapping(header, rows)}
    assert {i: got[i] for i in EXPECTED[form]} == EXPECTED[form]
    assert len([k for k in got.values() if k]) == len(set(k for k in got.values() if k))


def read_as_bank(tmp_path: Path, header: list[str], rows: list[list[object]]):
    path = tmp_path / "mapped.csv"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return read_bank(path)


@pytest.mark.parametrize("form", list(FORMS))
def test_the_mapped_file_reads_as_a_bank(tmp_path: Path, form: str) -> None:
    header, *rows = FORMS[form]
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    ours, cells = apply_mapping(header, rows, mapping)
    assert is_our_template(ours)
    report = read_as_bank(tmp_path, ours, cells)
    people = report.bank.participants
    unknown = [p for p in report.errors if "Неизвестная тема" in p.message]
    assert len(people) + len({p.row for p in unknown}) == len(rows)
    assert all(p.organisation == SCHOOL and p.role.value == "teacher" for p in people)
    assert {p.full_name for p in people} <= {r[mapping_index(mapping, "full_name")]
                                             for r in rows}


def mapping_index(mapping: dict[int, str], key: str) -> int:
    return next(i for i, k in mapping.items() if k == key)


def test_several_choices_in_one_cell_become_topics(tmp_path: Path) -> None:
    header, *rows = MICROSOFT
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    ours, cells = apply_mapping(header, rows, mapping, topics={"Нейросети": "new_technologies"})
    people = {p.full_name: p for p in read_as_bank(tmp_path, ours, cells).bank.participants}
    assert set(people["Лебедева Анна Игоревна"].requests) == {
        "exam_preparation", "working_with_parents", "new_technologies"}
    assert set(people["Павлов Олег Петрович"].requests) == {"functional_literacy"}
    assert people["Лебедева Анна Игоревна"].birth_year == 2001


def test_an_unknown_answer_gets_a_suggestion_and_the_curator_decides(tmp_path: Path) -> None:
    header, *rows = GOOGLE
    [unknown] = topic_suggestions([r[5] for r in rows])
    assert unknown.value == "Цифровые штуки"
    assert unknown.topic_id == "digital_tools" and unknown.label.startswith("Цифровые")
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    left, cells = apply_mapping(header, rows, mapping)  # not decided: the reader names it
    errors = read_as_bank(tmp_path, left, cells).errors
    assert [e.message for e in errors if e.column == "Запрос"] == [
        "Неизвестная тема «Цифровые штуки»; возможно, «Цифровые образовательные инструменты»"]
    fixed, cells = apply_mapping(header, rows, mapping, topics={"цифровые штуки": "digital_tools"})
    bank = read_as_bank(tmp_path, fixed, cells).bank
    belov = next(p for p in bank.participants if p.full_name.startswith("Белов"))
    assert set(belov.requests) == {"teaching_methods", "digital_tools"}


def test_free_text_names_topics_through_synonyms(tmp_path: Path) -> None:
    header, *rows = YANDEX
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    ours, cells = apply_mapping(header, rows, mapping)
    bank = read_as_bank(tmp_path, ours, cells).bank
    sokolova = next(p for p in bank.participants if p.full_name.startswith("Соколова"))
    assert set(sokolova.competencies) == {"exam_preparation", "teaching_methods", "olympiads"}
    assert sokolova.birth_year == 1975 and sokolova.interests == ("шахматы", "театр")


def test_the_same_form_exported_again_has_the_same_signature() -> None:
    header = GOOGLE[0]
    assert signature(header) == signature(list(header))
    assert signature(header) != signature(YANDEX[0])
    assert is_our_template(header_row())


GOOGLE_WITH_EMAIL = [
    ["Отметка времени", "Адрес электронной почты", "Фамилия, имя, отчество", "Год рождения",
     "Образовательная организация", "Контакт для связи", "Занимаемая должность"],
    ["2025/09/03 10:15:42 AM GMT+3", "Orlova.MS@School7.Example", "Орлова Мария Сергеевна",
     "1999", SCHOOL, "orlova.ms@school7.example", "учитель математики"],
    ["2025/09/03 11:02:07 AM GMT+3", "belov@school7.example", "Белов Игорь Андреевич", "2000",
     SCHOOL, "belov@school7.example", "учитель истории"],
]


def test_an_email_column_is_found_by_its_header_and_by_the_at_shape_of_its_answers(
        tmp_path: Path) -> None:
    header, *rows = GOOGLE_WITH_EMAIL
    got = {s.index: (s.key, s.by) for s in suggest_mapping(header, rows)}
    assert got[1] == ("email", "ours")  # Google's «Адрес электронной почты»
    assert got[5] == (IGNORE, "")  # also addresses, but the field is taken once
    alone = [[r[i] for i in (0, 2, 3, 4, 5)] for r in GOOGLE_WITH_EMAIL]
    by_values = {s.index: (s.key, s.by) for s in suggest_mapping(alone[0], alone[1:])}
    assert by_values[4] == ("email", "values")  # «Контакт для связи»: the answers tell
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    ours, cells = apply_mapping(header, rows, mapping)
    people = {p.full_name: p for p in read_as_bank(tmp_path, ours, cells).bank.participants}
    assert people["Орлова Мария Сергеевна"].email == "Orlova.MS@school7.example"


def test_an_anonymous_email_column_is_not_imported() -> None:
    header, *rows = MICROSOFT
    assert header[3] == "Электронная почта" and rows[0][3] == "anonymous"
    got = {s.index: s.key for s in suggest_mapping(header, rows)}
    assert got[3] == IGNORE and "email" not in got.values()


def test_the_mapping_step_shows_three_answers_per_column_and_the_unknown_topics() -> None:
    header, *rows = GOOGLE
    extra = [["2025/09/04 09:00:00 AM GMT+3", "Зайцева Ольга Павловна", "1995", SCHOOL,
              "учитель биологии", "ОГЭ", ""],
             ["2025/09/04 09:30:00 AM GMT+3", "Орлова Мария Сергеевна", "1999", SCHOOL,
              "учитель математики", "ОГЭ", ""]]
    step = mapping_step(header, [*rows, *extra])
    assert step.signature == signature(header)
    assert [s.key for s in step.columns] == [s.key for s in suggest_mapping(header, rows)]
    assert step.samples[1] == ("Орлова Мария Сергеевна", "Белов Игорь Андреевич",
                               "Зайцева Ольга Павловна")  # three, each once
    assert step.samples[6] == tuple(r[6] for r in rows)  # empty answers are no samples
    assert [(t.value, t.topic_id) for t in step.topics] == [("Цифровые штуки", "digital_tools")]


def test_an_answer_marked_as_no_topic_is_left_out(tmp_path: Path) -> None:
    header, *rows = GOOGLE
    mapping = {s.index: s.key for s in suggest_mapping(header, rows)}
    ours, cells = apply_mapping(header, rows, mapping, topics={"Цифровые штуки": IGNORE})
    report = read_as_bank(tmp_path, ours, cells)
    assert not report.errors
    belov = next(p for p in report.bank.participants if p.full_name.startswith("Белов"))
    assert set(belov.requests) == {"teaching_methods"}


def test_a_field_of_one_value_chosen_twice_is_a_clash_a_list_is_not() -> None:
    assert mapping_clashes({0: "full_name", 1: "full_name", 2: IGNORE, 3: IGNORE}) == [
        "full_name"]
    assert mapping_clashes({0: "requests", 1: "requests", 2: "interests", 3: "interests",
                            4: "difficulties_text", 5: "difficulties_text"}) == []
