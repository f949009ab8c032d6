"""The curator's own rules (issue 17): required rules are hard rules the validator checks,
preferred rules change scores and reasons but not eligibility."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError
from rich.console import Console

from datasets.generators import generate
from matcher.cli.common import read_programme_or_exit
from matcher.errors import Violation
from matcher.model import Bank, PairRule, Programme, Tier
from matcher.rules import pair_exclusions
from matcher.scoring import Scorer
from matcher.solver.api import solve
from matcher.validation import violations
from tests import factories as f

RULES = [
    {"kind": "different", "field": "organisation"},
    {"kind": "gap", "field": "experience", "min": 5, "label": "стаж наставника больше на 5 лет"},
    {"kind": "share_topic"},
]


@pytest.fixture(scope="module")
def district() -> Bank:
    return generate(300, seed=3).bank


def programme_file(tmp_path: Path, tier: str) -> Programme:
    path = tmp_path / f"programme-{tier}.json"
    path.write_text(json.dumps({
        "id": "P-rules", "start": "2026-09-01", "end": "2027-05-31",
        "rules": [r | {"tier": tier} for r in RULES],
    }, ensure_ascii=False), encoding="utf-8")
    return read_programme_or_exit(path, Console())


def keeps_required(bank: Bank, mentor: str, mentee: str) -> bool:
    m, e = bank.get(mentor), bank.get(mentee)
    return (m.organisation != e.organisation and m.experience_years - e.experience_years >= 5
            and any(t in m.competencies for t in e.requests))


def test_required_rules_from_a_programme_file_hold_in_every_proposal(
        district: Bank, tmp_path: Path) -> None:
    programme = programme_file(tmp_path, "required")
    assert [r.tier for r in programme.rules] == [Tier.required] * 3
    result = solve(district, programme)
    pairs = [(p.mentor, e) for p in result.proposals for e in p.mentees]
    assert pairs, "the rules leave something to propose"
    assert all(keeps_required(district, m, e) for m, e in pairs)
    assert violations(district, programme, result) == []
    # Without the rules the same bank is matched against them: the validator then objects.
    plain = solve(district, programme.model_copy(update={"rules": ()}))
    found = violations(district, programme, plain)
    assert any(v.code == "rule:programme_rule" for v in found)
    assert all(isinstance(v, Violation) for v in found)


def test_a_broken_required_rule_is_named_not_called_a_conflict() -> None:
    m = f.teacher_mentor("m", experience_years=3, organisation="Школа 1")
    e = f.teacher_mentee("e", experience_years=1, organisation="Школа 1")
    programme = f.programme(rules=RULES)
    reasons = pair_exclusions(m, e, programme)
    assert [r.code for r in reasons] == ["programme_rule"]
    assert "организация" in reasons[0].ru and "стаж наставника больше на 5 лет" in reasons[0].ru
    assert "конфликт" not in reasons[0].ru.lower()
    assert pair_exclusions(m, e, f.programme()) == ()


def test_preferred_rules_change_scores_and_reasons_not_eligibility(
        district: Bank, tmp_path: Path) -> None:
    preferred = programme_file(tmp_path, "preferred")
    plain = preferred.model_copy(update={"rules": ()})
    with_rules = Scorer().fit(district, preferred)
    without = Scorer().fit(district, plain)
    assert (with_rules.eligible_matrix() == without.eligible_matrix()).all()
    scores_a, scores_b = with_rules.score_matrix(), without.score_matrix()
    keep = [keeps_required(district, m, e) for m in with_rules.mentor_ids_
            for e in with_rules.mentee_ids_]
    assert any(keep) and not all(keep)
    assert (scores_a != scores_b).any()
    cand = with_rules.candidates()
    kept_pair = next((cand.mentor_ids[a], cand.mentee_ids[b])
                     for a, b in zip(cand.mentor, cand.mentee, strict=True)
                     if keeps_required(district, cand.mentor_ids[a], cand.mentee_ids[b]))
    part = {c.name: c for c in with_rules.explain(*kept_pair).components}["curator_rules"]
    assert part.value == pytest.approx(1.0)
    assert part.reason.code == "rules_kept_all" and "стаж наставника" in part.reason.ru
    assert "curator_rules" not in {c.name for c in without.explain(*kept_pair).components}
    # A pair keeping all three preferences gains over its plain score; one keeping none loses.
    i, j = with_rules.mentor_ids_.index(kept_pair[0]), with_rules.mentee_ids_.index(kept_pair[1])
    assert scores_a[i, j] > scores_b[i, j]


def test_rule_rows_are_checked() -> None:
    with pytest.raises(ValidationError, match="cannot compare"):
        PairRule(kind="same", field="experience")
    with pytest.raises(ValidationError, match="bound"):
        PairRule(kind="gap", field="age", min=3, max=1)
    with pytest.raises(ValidationError, match="lists no value"):
        PairRule(kind="allowed", field="gender")
    assert PairRule(kind="allowed", field="gender", values=("female",), side="mentee")


def test_gender_and_allowed_values() -> None:
    m = f.teacher_mentor("m", gender="female", department="МО математики")
    e = f.teacher_mentee("e", gender="male", department="мо  математики")
    at = date(2026, 9, 1)
    assert pair_exclusions(m, e, f.programme(rules=[{"kind": "same", "field": "department"}])) \
        == ()
    same_gender = f.programme(rules=[{"kind": "same", "field": "gender"}])
    assert [r.code for r in pair_exclusions(m, e, same_gender)] == ["programme_rule"]
    women = f.programme(rules=[{"kind": "allowed", "field": "gender", "values": ["female"],
                                "side": "mentor"}])
    assert pair_exclusions(m, e, women) == () and at
