"""Generated banks of any small size and seed keep the invariants the rest of the code relies on."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from datasets import generate
from matcher.model import Participant
from matcher.topics import taxonomy


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.integers(5, 200),
       start=st.dates(date(2024, 1, 1), date(2030, 12, 31)))
def test_small_banks_are_valid_and_consistent(seed: int, n: int, start: date) -> None:
    g = generate(n, seed=seed, start=start)
    people = g.bank.participants
    assert len(people) == n
    ids = {p.id for p in people}
    assert len(ids) == n
    tax = taxonomy()
    for p in people:
        assert Participant.model_validate(p.model_dump()) == p
        assert all(t in tax for t in (*p.competencies, *p.requests))
        assert all(c.given <= start and (c.revoked is None or c.revoked < start)
                   for c in p.consents)
        for w in p.wishes:
            other = g.bank.get(w.target)
            assert (p.mentor and other.mentee) or (p.mentee and other.mentor)
    assert set(g.mentor_ids) == {p.id for p in people if p.mentor is not None}
    assert set(g.mentee_ids) == {p.id for p in people if p.mentee is not None}
    if g.mentor_ids and g.mentee_ids:
        rng = np.random.default_rng(seed)
        fit = g.true_fit(rng.integers(0, len(g.mentor_ids), 500),
                         rng.integers(0, len(g.mentee_ids), 500))
        assert fit.shape == (500,) and np.all((fit >= 0) & (fit <= 1))
