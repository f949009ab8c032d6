"""The validator on every solve: a result breaking a hard rule never comes back from `solve`,
warnings travel with the result, and the validator stands apart from the solver."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from datasets.generators import generate
from matcher.errors import InvalidResult, Violation
from matcher.model import Programme, RunResult
from matcher.solver import SolveOptions, solve
from matcher.solver import api as solver_api
from matcher.solver.api import score_candidates
from matcher.solver.engine import EngineResult
from matcher.solver.solution import Solution, value
from matcher.validation import active, blocking_pairs, violations

FAST = SolveOptions(explain=False, time_limit_s=5)


@pytest.fixture(scope="module")
def school():
    bank = generate("school", seed=3).bank
    programme = Programme(id="p", start=date(2026, 9, 1), end=date(2027, 5, 31), time_limit_s=5)
    _, cands = score_candidates(bank, programme)
    return bank, programme, cands


def every_candidate_as_a_pair(inst, **_kw) -> EngineResult:
    """A broken engine: every candidate pair at once (capacities and demands overflow)."""
    sol = Solution(pairs=np.flatnonzero(inst.pair_ok))
    v = value(inst, sol)
    return EngineResult(sol, True, v, v, "CP-SAT")


def test_a_result_that_breaks_a_hard_rule_raises_with_the_violations(
        school, monkeypatch: pytest.MonkeyPatch) -> None:
    bank, programme, cands = school
    monkeypatch.setattr(solver_api, "solve_instance", every_candidate_as_a_pair)
    with pytest.raises(InvalidResult) as err:
        solve(bank, programme, candidates=cands, options=FAST)
    found = err.value.violations
    codes = {v.code for v in found}
    assert {"capacity", "demand"} <= codes
    assert all(v.severity == "error" and v.people for v in found)
    capacity = next(v for v in found if v.code == "capacity")
    assert bank.get(capacity.people[0]).mentor is not None
    assert "нарушает правила" in str(err.value) and "breaks rules" in str(err.value)
    assert err.value.ru.startswith("Результат") and err.value.en.startswith("The matching")


def test_a_valid_result_comes_back_without_violations(school) -> None:
    bank, programme, cands = school
    result = solve(bank, programme, candidates=cands, options=FAST)
    assert result.proposals and result.violations == ()


def test_an_objective_that_does_not_recompute_is_a_warning_on_the_result(
        school, monkeypatch: pytest.MonkeyPatch) -> None:
    bank, programme, cands = school
    real = solver_api.solve_instance

    def off_by_one(inst, **kw) -> EngineResult:
        out = real(inst, **kw)
        return replace(out, value=out.value + 1, bound=out.bound + 1)

    monkeypatch.setattr(solver_api, "solve_instance", off_by_one)
    result = solve(bank, programme, candidates=cands, options=FAST)
    assert [v.code for v in result.violations] == ["objective_mismatch"]
    assert result.violations[0].severity == "warning"
    again = RunResult.model_validate_json(result.model_dump_json())
    assert again.violations == result.violations


def test_violations_default_empty_and_old_results_still_load(school) -> None:
    bank, programme, cands = school
    data = solve(bank, programme, candidates=cands, options=FAST).model_dump(mode="json")
    assert data["violations"] == []
    del data["violations"]  # a result stored before the field existed
    assert RunResult.model_validate(data).violations == ()


def test_the_validator_imports_nothing_from_the_solver() -> None:
    code = ("import sys, matcher.validation; "
            "print(sorted(m for m in sys.modules if m.startswith(('matcher.solver', 'ortools'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def plain_blocking_pairs(bank, props, candidates) -> list[Violation]:
    """The blocking-pair check written one candidate at a time (the vectorised one's oracle)."""
    from collections import defaultdict

    from matcher.options import SCALE
    from matcher.preferences import preference_key

    score = {}
    for m, e, s in zip(candidates.mentor.tolist(), candidates.mentee.tolist(),
                       candidates.score.tolist(), strict=True):
        score[(candidates.mentor_ids[m], candidates.mentee_ids[e])] = round(s * SCALE)
    for p in props:
        for ps in p.pairs:
            score.setdefault((p.mentor, ps.mentee), round(ps.score * SCALE))
    mentees_of, mentors_of = defaultdict(list), defaultdict(list)
    for p in props:
        for e in p.mentees:
            mentees_of[p.mentor].append(e)
            mentors_of[e].append(p.mentor)
    out = []
    for i, (m_i, e_i) in enumerate(zip(candidates.mentor.tolist(), candidates.mentee.tolist(),
                                       strict=True)):
        m, e = candidates.mentor_ids[m_i], candidates.mentee_ids[e_i]
        mentor, mentee = bank.get(m), bank.get(e)
        if not candidates.pair_ok[i] or mentor.mentor is None or mentee.mentee is None:
            continue
        if mentor.mentor.capacity_mentees == 0 or m in mentors_of[e]:
            continue
        e_key = preference_key(mentee, m, score[(m, e)])
        m_key = preference_key(mentor, e, score[(m, e)])
        e_wants = len(mentors_of[e]) < mentee.mentee.mentors_wanted or any(
            e_key > preference_key(mentee, m2, score[(m2, e)]) for m2 in mentors_of[e])
        m_wants = len(mentees_of[m]) < mentor.mentor.capacity_mentees or any(
            m_key > preference_key(mentor, e2, score[(m, e2)]) for e2 in mentees_of[m])
        if e_wants and m_wants:
            out.append(Violation("blocking_pair", f"{m} and {e} would rather be together",
                                 "", (m, e)))
    return out


@pytest.mark.parametrize("balance", [0.0, 0.05])
def test_vectorised_blocking_pairs_match_the_plain_check(school, balance: float) -> None:
    bank, programme, cands = school
    result = solve(bank, programme, candidates=cands,
                   options=SolveOptions(explain=False, balance=balance))  # not stable
    props = active(result)
    expected = plain_blocking_pairs(bank, props, cands)
    assert expected  # the free optimum of this bank is not stable: the check has work to do
    assert blocking_pairs(bank, programme, props, cands) == expected
    assert violations(bank, programme, result, stable=True, candidates=cands) == expected
