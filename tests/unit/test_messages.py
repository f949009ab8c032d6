"""The catalogue of messages: every code the model raises has both texts, the import report and
the API read the same entry, and Russian plurals agree with the number."""

from __future__ import annotations

import ast
import re
import string
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import matcher.model
from matcher.bank_io.problems import russian
from matcher.messages import CATALOGUE, lower_first, message, plural
from matcher.messages.catalogue import DOMAIN, GROUPS
from matcher.model import Participant, Programme, Proposal, Role
from service.i18n import pydantic_message

NUMBERS = (0, 1, 2, 5, 11, 21, 22, 25, 101, 111)


@pytest.mark.parametrize(("word", "expected"), [
    ("наставник", ["0 наставников", "1 наставник", "2 наставника", "5 наставников",
                   "11 наставников", "21 наставник", "22 наставника", "25 наставников",
                   "101 наставник", "111 наставников"]),
    ("год", ["0 лет", "1 год", "2 года", "5 лет", "11 лет", "21 год", "22 года", "25 лет",
             "101 год", "111 лет"]),
])
def test_plural_matches_the_hand_written_rules_it_replaced(word: str, expected: list[str]) -> None:
    assert [plural(n, word) for n in NUMBERS] == expected


MODEL_FILES = sorted(Path(matcher.model.__file__).parent.glob("*.py"))


def _raised_codes() -> set[str]:
    """Every code `domain_error(...)` is called with in the modules of matcher/model/."""
    return {
        node.args[0].value
        for path in MODEL_FILES
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
        and node.func.id == "domain_error"
        and node.args and isinstance(node.args[0], ast.Constant)
    }


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_code_the_validators_raise_has_both_texts() -> None:
    codes = _raised_codes()
    assert len(codes) >= 16
    assert len(MODEL_FILES) >= 4
    for path in MODEL_FILES:
        assert not re.search(r"raise ValueError", path.read_text("utf-8")), path
    for code in codes:
        assert code in DOMAIN, code
        ru, en = CATALOGUE[code]
        assert ru and en and ru != en
        assert _names(ru) == _names(en), code  # pydantic fills the English with the same ctx


def test_every_entry_has_both_texts_with_the_same_parameters() -> None:
    assert sum(len(group) for group in GROUPS) == len(CATALOGUE)  # codes unique across groups
    for code, (ru, en) in CATALOGUE.items():
        assert ru.strip() and en.strip(), code
        if code.startswith("field.") and en == "{msg}":
            continue  # English is pydantic's own message
        english = {n.removesuffix("_en") for n in _names(en)}
        russian_names = {"n" if n == "mentors" else n for n in _names(ru)}  # «3 наставника»
        # `gender` only makes Russian agree («включён|включена»); English has nothing to agree.
        russian_names -= {"gender"} - english
        assert english == russian_names, code


def _error(model: type, data: dict) -> dict:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    [err] = caught.value.errors()
    return dict(err)


PERSON = {"id": "S1", "full_name": "Ученик", "role": Role.student, "organisation": "Школа",
          "birth_year": 2010}


@pytest.mark.parametrize(("model", "data", "code"), [
    (Participant, {**PERSON, "grade": 5, "course": 1}, "grade_and_course"),
    (Participant, {**PERSON, "experience_years": 2, "years_in_organisation": 9},
     "org_years_exceed_experience"),
    (Participant, {**PERSON, "wishes": [{"target": "S1", "level": "yes"}]}, "wish_self"),
    (Programme, {"id": "p", "start": date(2026, 9, 1), "end": date(2026, 10, 1)},
     "programme_period"),
    (Proposal, {"id": "x", "mentor": "m", "mentees": ["m"], "form": "teacher_teacher",
                "kind": "individual", "score": 0.5}, "proposal_self"),
])
def test_report_and_api_read_the_same_entry(model: type, data: dict, code: str) -> None:
    err = _error(model, data)
    assert err["type"] == code
    expected = message(code, "ru", **err.get("ctx", {}))
    assert "{" not in expected
    assert russian(err, "") == expected  # the import report
    assert pydantic_message(err, "ru") == lower_first(expected)  # the API and pages
    assert pydantic_message(err, "en") == err["msg"] == message(code, "en", **err.get("ctx", {}))


def test_matcher_does_not_import_the_generator_layer() -> None:
    root = Path(matcher.model.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "datasets" or n.startswith("datasets.") for n in names), path
