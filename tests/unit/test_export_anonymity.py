"""k-anonymity of the depersonalised export (issue 13, item 2), on the demo school."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from datetime import date

import pytest

from datasets.generators import generate
from matcher.model import Bank, ConsentKind, Programme, RunResult
from matcher.reports import Pseudonymiser, build_export
from matcher.reports.anonymity import Quasi, anonymise
from matcher.reports.export import to_csv, to_json
from matcher.solver import solve

KEY = "ключ-региона"
QI_COLUMNS = {
    "mentor": ("Наставник", "Организация наставника", "Роль наставника", "Возраст наставника"),
    "mentee": ("Наставляемый", "Организация наставляемого", "Роль наставляемого",
               "Возраст или класс наставляемого", "Молодой специалист"),
}


@pytest.fixture(scope="module")
def school() -> tuple[Bank, Programme, RunResult]:
    bank = generate("school", seed=4).bank
    programme = Programme(id="demo-2026", name="Демонстрация", start=date(2026, 9, 1),
                          end=date(2027, 5, 31), seed=4, time_limit_s=10)
    return bank, programme, solve(bank, programme)


def test_every_exported_person_shares_their_quasi_identifiers_with_four_others(school) -> None:
    export = build_export(*school, key=KEY)
    doc = json.loads(to_json(export))
    classes = Counter((p["organisation"], p["role"], p["age_band"], p["study"],
                       p["young_specialist"]) for p in doc["participants"])
    assert doc["participants"] and min(classes.values()) >= 5
    assert doc["privacy"]["k"] == 5 and doc["privacy"]["k_achieved"] == min(classes.values())
    rows = list(csv.DictReader(io.StringIO(to_csv(export)), delimiter=";"))
    for side, (who, *qi) in QI_COLUMNS.items():
        people = {r[who]: tuple(r[c] for c in qi) for r in rows if r[who]}
        sizes = Counter(people.values())
        assert min(sizes.values()) >= 5, (side, sizes)


def test_nobody_without_a_personal_data_consent_is_exported(school) -> None:
    bank, programme, result = school
    names = Pseudonymiser(KEY)
    at = programme.rules_date
    without = {names.person(p.id) for p in bank.participants
               if not p.consent_active(ConsentKind.personal_data, at)}
    assert without, "the demo school should have someone without consent"
    export = build_export(bank, programme, result, key=KEY)
    text = to_json(export) + to_csv(export)
    assert not any(alias in text for alias in without)
    assert export.privacy["excluded_without_consent"] >= 1


def test_no_organisation_name_or_programme_id_in_clear(school) -> None:
    bank, programme, result = school
    export = build_export(bank, programme, result, key=KEY)
    for text in (to_json(export), to_csv(export), to_csv(export, "en")):
        for org in {p.organisation for p in bank.participants}:
            assert org not in text
        assert programme.id not in text and programme.name not in text


def test_a_larger_k_generalises_further_and_suppresses_what_is_left(school) -> None:
    five = build_export(*school, key=KEY).privacy
    many = build_export(*school, key=KEY, k=40).privacy
    assert len(many["generalisation"]) >= len(five["generalisation"])
    assert many["k_achieved"] is None or many["k_achieved"] >= 40


def test_anonymise_merges_rare_roles_and_suppresses_a_lone_record() -> None:
    people = {f"P{i}": Quasi("O-A", "teacher", "under_35", None, True) for i in range(5)}
    people |= {f"L{i}": Quasi("O-A", "leader", "over_50", None, False) for i in range(2)}
    people["S"] = Quasi("O-B", "student", None, "grade_3", None)
    out = anonymise(people, 5)
    # two leaders merge into «other» but stay two; the student is alone in its organisation
    assert out.suppressed == frozenset({"S", "L0", "L1"})
    assert out.steps == ("exact", "grade_bands", "rare_roles", "wide_bands", "no_age",
                         "rare_organisations")
    assert set(out.people.values()) == {Quasi("O-A", "teacher", "any", None, None)}
    assert out.achieved == 5
    with pytest.raises(ValueError):
        anonymise(people, 0)
