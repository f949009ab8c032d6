"""The shared report school in tests/cases.py is what its docstring says it is."""

from __future__ import annotations

from tests.cases import BANK, PEOPLE, PROGRAMME, SCHOOL


def test_the_case_is_consistent():
    # The figures in the docstring rest on these facts; if the case changes, recompute them.
    assert len(BANK.participants) == 11
    assert {p.id for p in BANK.mentees} == {"T3", "T4", "T5", "S2", "S3", "S4"}
    assert all(PROGRAMME.covers(p) for p in PEOPLE)
    assert BANK.get("E1").organisation != SCHOOL
