"""Candidate blocking by what the rules force: where every allowed form of a mentee role needs
one organisation, the top-k regime scores one block per organisation, and its candidates are
the ones the whole-role block gives."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from datasets import generate
from matcher.model import Bank, Form, Programme
from matcher.scoring import Scorer
from matcher.scoring import scorer as scorer_module

ONE_ORGANISATION = Programme(id="org", start=date(2026, 9, 1), end=date(2027, 5, 31),
                             forms=frozenset({Form.student_student, Form.leader_teacher}))


@pytest.fixture(scope="module")
def students() -> Bank:
    return generate("students", seed=1).bank


def test_one_organisation_forms_are_scored_per_organisation(students: Bank,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    blocked = Scorer(exact_limit=100, top_k=5).fit(students, ONE_ORGANISATION)
    assert blocked.approximate_
    blocks = list(blocked._role_blocks())
    assert len({tuple(b[2].tolist()) for b in blocks}) >= 2  # more than one organisation
    org_m, org_e = blocked.features_.mentors.organisation, blocked.features_.mentees.organisation
    for _, rows, cols in blocks:  # each block holds one organisation
        assert len(np.unique(np.r_[org_m[rows], org_e[cols]])) == 1
    got = blocked.candidates()

    monkeypatch.setattr(scorer_module, "SAME_ORGANISATION_FORMS", frozenset())
    whole = Scorer(exact_limit=100, top_k=5).fit(students, ONE_ORGANISATION)
    assert len(list(whole._role_blocks())) < len(blocks)
    want = whole.candidates()
    assert len(got) > 0
    for key in ("mentor", "mentee", "form", "pair_ok", "group_ok"):
        assert np.array_equal(getattr(got, key), getattr(want, key)), key
    np.testing.assert_allclose(got.score, want.score, rtol=0, atol=1e-6)
