"""The depersonalised export: no personal data out, stable keyed pseudonyms, the figures kept."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from matcher.model import Bank, Participant, Role
from matcher.reports import Pseudonymiser, build_export, write_export
from matcher.reports.export import age_band, to_csv, to_json
from tests.cases import (
    BANK,
    PEOPLE,
    PROGRAMME,
    RESULT,
    SECRETS,
    START,
)

KEY = "ключ-школы-7"


def _outputs(folder, key: str = KEY) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    out = {}
    for ext in ("csv", "json"):
        path = folder / f"export.{ext}"
        write_export(BANK, PROGRAMME, RESULT, path, key=key)
        out[ext] = path.read_text(encoding="utf-8-sig")
    return out


def _forbidden() -> list[str]:
    """Everything personal or free-form in the bank that must not reach the regional centre."""
    words = list(SECRETS.values())
    for p in PEOPLE:
        words += [p.full_name, *p.full_name.split(), p.id]
        words += [p.experience_text, p.difficulties_text, *p.interests, *p.subjects]
        words += [w.target for w in p.wishes]
    for result_reason in (*RESULT.unmatched[0].reasons, *RESULT.unmatched[0].suggestions):
        words += [result_reason.ru, result_reason.en]
    return [w for w in words if w]


@pytest.mark.parametrize("ext", ["csv", "json"])
def test_no_name_birth_year_id_or_free_text_appears(tmp_path, ext):
    text = _outputs(tmp_path)[ext]
    for word in _forbidden():
        if len(word) <= 3:  # short ids such as "T1": as a whole token only
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word
        else:
            assert word not in text, word
    for p in PEOPLE:
        assert str(p.birth_year) not in text, p.birth_year
    assert "birth" not in text and "рожд" not in text


def test_a_pseudonym_can_never_contain_a_year():
    names = Pseudonymiser("k")
    for i in range(2000):
        alias = names.person(f"person-{i}")
        assert re.fullmatch(r"P-[A-Z2-7]{10}", alias)
        assert not re.search(r"[0189]", alias)  # so no 19xx or 20xx


def test_pseudonyms_are_stable_for_a_key_and_change_with_it():
    a1, a2, b = Pseudonymiser(KEY), Pseudonymiser(KEY), Pseudonymiser("другой ключ")
    assert a1.person("T3") == a2.person("T3")
    assert a1.person("T3") != b.person("T3")
    assert a1.person("T3") != a1.person("T4")
    assert a1.person("p1") != a1.proposal("p1")  # people and proposals never share a name


def test_the_same_key_gives_the_same_files_across_runs(tmp_path):
    first = _outputs(tmp_path / "a")
    second = _outputs(tmp_path / "b")
    assert first == second
    other = _outputs(tmp_path / "c", key="другой ключ")
    assert other["csv"] != first["csv"]


def test_an_empty_key_is_refused():
    with pytest.raises(ValueError, match="empty"):
        Pseudonymiser("")


def test_json_keeps_role_organisation_form_kind_topics_score_status():
    # k = 1: the exact values, to pin the format; k-anonymity is tested on the demo school
    names = Pseudonymiser(KEY)
    doc = json.loads(to_json(build_export(BANK, PROGRAMME, RESULT, key=KEY, k=1)))
    assert doc["format"] == "nastavnik-export/2"
    assert doc["programme"]["id"] == names.programme(PROGRAMME.id)
    assert doc["programme"]["organisations"] == [names.organisation("МБОУ «Средняя школа № 7»")]
    assert doc["privacy"] == {
        "k": 1, "k_achieved": 1, "generalisation": ["exact"], "suppressed_people": 0,
        "excluded_without_consent": 0, "suppressed_pair_rows": 0,
        "suppressed_unmatched_rows": 0,
        "quasi_identifiers": ["organisation", "role", "age_band", "study", "young_specialist"]}
    by_id = {p["id"]: p for p in doc["participants"]}
    t3 = by_id[names.person("T3")]
    assert t3 == {"id": names.person("T3"), "role": "teacher",
                  "organisation": names.organisation("МБОУ «Средняя школа № 7»"),
                  "age_band": "under_35", "study": None, "young_specialist": True}
    s2 = by_id[names.person("S2")]
    assert (s2["role"], s2["age_band"], s2["study"]) == ("student", None, "grade_7")
    assert by_id[names.person("T2")]["age_band"] == "over_50"
    assert names.person("E1") not in by_id  # only in the rejected proposal

    props = {p["id"]: p for p in doc["proposals"]}
    assert set(props) == {names.proposal(x) for x in ("p1", "p2", "p3")}  # not the rejected
    group = props[names.proposal("p3")]
    assert group == {
        "id": names.proposal("p3"), "mentor": names.person("S1"),
        "mentees": [names.person("S2"), names.person("S3")], "form": "student_student",
        "kind": "group", "topics": ["academic_lag"], "score": 0.7,
        "pair_scores": [0.75, 0.65], "status": "locked"}

    unmatched = {u["mentee"]: u["reasons"] for u in doc["unmatched"]}
    assert unmatched == {names.person("T5"): ["mentors_full"],
                         names.person("S4"): ["proposal_inactive"]}
    assert doc["coverage"]["teachers"]["people_involved"] == 4
    assert doc["coverage"]["students"]["involved_share"] == 0.75


def test_inactive_proposals_only_on_request():
    names = Pseudonymiser(KEY)
    export = build_export(BANK, PROGRAMME, RESULT, key=KEY, include_inactive=True, k=1)
    rejected = [p for p in export.proposals if p["status"] == "rejected"]
    assert [p["mentor"] for p in rejected] == [names.person("E1")]
    assert export.people[names.person("E1")].age_band == "35_50"


def test_csv_has_one_row_per_pair_and_per_unmatched_mentee():
    names = Pseudonymiser(KEY)
    rows = list(csv.DictReader(io.StringIO(to_csv(build_export(BANK, PROGRAMME, RESULT,
                                                                  key=KEY, k=1))),
                               delimiter=";"))
    assert len(rows) == 4 + 2
    first = rows[0]
    assert first["Наставник"] == names.person("T1")
    assert first["Наставляемый"] == names.person("T3")
    assert first["Возраст наставника"] == "старше 50"
    assert first["Организация наставника"] == names.organisation("МБОУ «Средняя школа № 7»")
    assert first["Возраст или класс наставляемого"] == "до 35"
    assert first["Молодой специалист"] == "да"
    assert (first["Форма"], first["Вид"], first["Статус"]) == (
        "педагог – педагог", "индивидуальное", "подтверждено")
    assert first["Темы"] == "Дисциплина и управление классом; Методика преподавания"
    assert first["Балл пары (0–100)"] == "82"  # the pages' scale, not a share
    group_rows = [r for r in rows if r["Пара/группа"] == names.proposal("p3")]
    assert [r["Возраст или класс наставляемого"] for r in group_rows] == ["7 класс", "7 класс"]
    assert [r["Наставляемых в группе"] for r in group_rows] == ["2", "2"]
    last = rows[-1]
    assert (last["Наставляемый"], last["Статус"], last["Причины (коды)"]) == (
        names.person("S4"), "без наставника", "proposal_inactive")


def test_english_csv_headers():
    text = to_csv(build_export(BANK, PROGRAMME, RESULT, key=KEY, k=1), lang="en")
    header = text.splitlines()[0].split(";")
    assert header[:3] == ["Pair/group", "Mentor", "Mentor's role"]
    assert "teacher – teacher" in text


def test_unknown_extension_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_export(BANK, PROGRAMME, RESULT, tmp_path / "x.xlsx", key=KEY)


@pytest.mark.parametrize(("birth_year", "band"), [
    (1992, "under_35"),  # 34 in 2026
    (1991, "35_50"),  # 35
    (1976, "35_50"),  # 50
    (1975, "over_50"),  # 51
])
def test_age_bands_at_the_programme_start(birth_year, band):
    p = Participant(id="x", full_name="Орлова Нина Петровна", role=Role.teacher,
                    organisation="Школа", birth_year=birth_year)
    assert age_band(p, START) == band


def with_emails(bank: Bank) -> Bank:
    """The case bank with an address for everyone (personal data like the name)."""
    return Bank(participants=tuple(
        Participant.model_validate(p.model_dump() | {"email": f"{p.id.lower()}.box@school.example"})
        for p in bank.participants), conflicts=bank.conflicts)


@pytest.mark.parametrize("include_inactive", [False, True])
def test_no_email_address_appears_in_the_depersonalised_export(tmp_path, include_inactive):
    """E-mail is personal data (issue 12 item 7): never in either file of the export."""
    bank = with_emails(BANK)
    assert all(p.email for p in bank.participants)
    for ext in ("csv", "json"):
        path = tmp_path / f"export.{ext}"
        write_export(bank, PROGRAMME, RESULT, path, key=KEY, include_inactive=include_inactive)
        text = path.read_text(encoding="utf-8-sig")
        assert "@" not in text and "school.example" not in text, ext
        assert not [p.email for p in bank.participants if p.email.split("@")[0] in text]
