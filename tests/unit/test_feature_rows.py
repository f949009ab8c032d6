"""The per-person rows built in one pass (issue 15) equal the rules read person by person:
`codes.people_bits` against `codes.person_bits`, a rerun's row merge against a concatenation."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from datasets import generate
from matcher.model import Bank, Category, Definitions, Programme
from matcher.scoring.codes import people_bits, person_bits
from matcher.scoring.features import _take_rows


@pytest.fixture(scope="module")
def bank() -> Bank:
    return generate(300, seed=3).bank


@pytest.mark.parametrize("programme", [
    Programme(id="p", start=date(2026, 9, 1), end=date(2027, 5, 31)),
    Programme(id="q", start=date(2026, 9, 1), end=date(2027, 5, 31), as_of=date(2027, 3, 1),
              definitions=Definitions(mentor_min_years_in_organisation=3,
                                      mentor_min_category=Category.first, min_student_age=14)),
])
def test_people_bits_are_person_bits(bank: Bank, programme: Programme) -> None:
    orgs = sorted({p.organisation for p in bank.participants})
    for prog in (programme, programme.model_copy(update={"organisations": tuple(orgs[:1])})):
        for people, as_mentor in ((bank.mentors, True), (bank.mentees, False),
                                  (bank.participants, True), (bank.participants, False)):
            assert people_bits(people, prog, as_mentor=as_mentor) == [
                person_bits(p, prog, as_mentor=as_mentor) for p in people]


@pytest.mark.parametrize("shape", [(40,), (40, 3)])
def test_take_rows_is_concatenate_then_gather(shape: tuple[int, ...]) -> None:
    rng = np.random.default_rng(0)
    old = rng.random(shape)
    fresh = rng.random((5, *shape[1:]))
    take = rng.permutation(shape[0] + 5)[:42]
    assert np.array_equal(_take_rows(old, fresh, take), np.concatenate([old, fresh])[take])
    assert np.array_equal(_take_rows(old, None, take[take < 40]), old[take[take < 40]])
    assert np.array_equal(_take_rows(old[:0], fresh, np.arange(5)[::-1]), fresh[::-1])
