"""A questionnaire export imported through the API (issue 12, part 4): the first upload of a
form asks for the mapping with a suggestion per column and per unknown answer; the upload with
the mapping imports; the second export of the same form needs no mapping; another school's
curator is asked again (mappings are per organisation)."""

from __future__ import annotations

import csv
import io
import json

from tests.api.helpers import API, SCHOOL_A, SCHOOL_B, World, upload

HEADER = ["Отметка времени", "Фамилия, имя, отчество", "Год рождения",
          "Образовательная организация", "Занимаемая должность",
          "Какие темы вызывают у вас профессиональные затруднения? (отметьте все подходящие)"]


def export(school: str, *people: tuple[str, str, str]) -> bytes:
    """A Google Forms CSV export: comma-separated, a timestamp, the questions as headers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for i, (name, year, topics) in enumerate(people):
        writer.writerow([f"2025/09/0{i + 1} 10:15:42 AM GMT+3", name, year, school,
                         "учитель математики", topics])
    return out.getvalue().encode("utf-8")


def send(world: World, who, content: bytes, mapping: dict | None = None):
    data = {} if mapping is None else {"mapping": json.dumps(mapping, ensure_ascii=False)}
    return world.client.post(f"{API}/participants/import", headers=who.headers, data=data,
                             files={"file": ("form.csv", content, "text/csv")})


def test_a_form_is_mapped_once_per_organisation(world: World) -> None:
    first = export(SCHOOL_A, ("Орлова Мария Сергеевна", "1999", "ОГЭ, Работа с родителями"),
                   ("Белов Игорь Андреевич", "2000", "Методика преподавания, Цифровые штуки"))
    asked = send(world, world.curator_a, first)
    assert asked.status_code == 422, asked.text
    body = asked.json()
    assert body["code"] == "mapping_needed"
    columns = {e["field"]: e["value"] for e in body["errors"] if e["field"].startswith("columns.")}
    assert columns == {"columns.0": "", "columns.1": "full_name", "columns.2": "birth_year",
                       "columns.3": "organisation", "columns.4": "position",
                       "columns.5": "requests"}
    [topic] = [e for e in body["errors"] if e["field"].startswith("topics.")]
    assert (topic["field"], topic["value"]) == ("topics.Цифровые штуки", "digital_tools")
    mapping = {"columns": {k.split(".")[1]: v for k, v in columns.items()},
               "topics": {"Цифровые штуки": "digital_tools"}}
    done = send(world, world.curator_a, first, mapping)
    assert done.status_code == 200, done.text
    assert len(done.json()["created"]) == 2
    assert not [p for p in done.json()["problems"] if p["severity"] == "error"]
    # the same form exported again, with a new answer: no mapping step
    again = send(world, world.curator_a, export(
        SCHOOL_A, ("Орлова Мария Сергеевна", "1999", "ОГЭ, Работа с родителями"),
        ("Белов Игорь Андреевич", "2000", "Методика преподавания, Цифровые штуки"),
        ("Зайцева Ольга Павловна", "1995", "Олимпиады")))
    assert again.status_code == 200, again.text
    assert len(again.json()["created"]) == 1
    people = world.client.get(f"{API}/participants?limit=10", headers=world.curator_a.headers)
    requests = {p["full_name"]: set(p["requests"]) for p in people.json()["items"]}
    assert requests["Белов Игорь Андреевич"] == {"teaching_methods", "digital_tools"}
    # another school's curator has not confirmed this form: asked again
    other = send(world, world.curator_b, export(SCHOOL_B, ("Петров Пётр", "1990", "ОГЭ")))
    assert other.status_code == 422 and other.json()["code"] == "mapping_needed"


def test_our_template_and_a_bad_mapping(world: World) -> None:
    ours = "ID;ФИО;Роль;Организация;Год рождения\nT1;Иванова Анна;учитель;" + SCHOOL_A + ";1990\n"
    plain = upload(world, world.curator_a, ours.encode("utf-8-sig"), name="bank.csv")
    assert plain.status_code == 200 and plain.json()["created"] == ["T1"]
    bad = send(world, world.curator_a, export(SCHOOL_A, ("А Б", "1990", "ОГЭ")))
    assert bad.status_code == 422
    broken = world.client.post(f"{API}/participants/import", headers=world.curator_a.headers,
                               data={"mapping": "[1, 2"},
                               files={"file": ("form.csv", b"x", "text/csv")})
    assert broken.status_code == 422 and broken.json()["errors"][0]["field"] == "mapping"
