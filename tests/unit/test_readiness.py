"""The readiness check before a run (matcher.solver.readiness): places against mentees, the
people a missing consent leaves out, and the coverage bound, which no run can beat."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np
import pytest

from matcher.bank_io import read_bank
from matcher.model import Programme
from matcher.solver import solve
from matcher.solver.readiness import max_coverage, readiness
from tests.cases import SAMPLE


def brute_coverage(n_mentors, n_mentees, mentor, mentee, capacity) -> int:
    """Most mentees matched by trying every assignment (tiny cases only)."""
    options = [[None, *sorted({int(m) for m, e in zip(mentor, mentee, strict=True) if e == j})]
               for j in range(n_mentees)]
    best = 0
    for choice in itertools.product(*options):
        load = np.zeros(n_mentors, int)
        for m in choice:
            if m is not None:
                load[m] += 1
        if (load <= capacity).all():
            best = max(best, sum(m is not None for m in choice))
    return best


@pytest.mark.parametrize("seed", range(25))
def test_the_coverage_bound_is_the_most_mentees_matched_within_places(seed):
    rng = np.random.default_rng(seed)
    n_mentors, n_mentees = int(rng.integers(1, 4)), int(rng.integers(1, 6))
    pairs = [(m, e) for m in range(n_mentors) for e in range(n_mentees) if rng.random() < 0.5]
    mentor = np.array([m for m, _ in pairs], np.int32)
    mentee = np.array([e for _, e in pairs], np.int32)
    capacity = rng.integers(0, 3, n_mentors)
    assert max_coverage(n_mentors, n_mentees, mentor, mentee, capacity) == brute_coverage(
        n_mentors, n_mentees, mentor, mentee, capacity)


@pytest.fixture(scope="module")
def sample():
    bank = read_bank(SAMPLE).bank
    programme = Programme(id="p", start=date(2025, 10, 1), end=date(2026, 5, 31))
    return bank, programme, readiness(bank, programme)


def test_the_sample_school_readiness(sample):
    bank, programme, r = sample
    assert r.mentees == len([p for p in bank.mentees if programme.covers(p)])
    assert [(x.person, x.as_mentor) for x in r.left_out] == [("S08", False)]  # no guardian
    assert r.ready_mentees == r.mentees - 1
    assert 0 < r.coverage_bound <= r.ready_mentees
    assert r.coverage_bound <= r.places
    assert {s.key for s in r.by_form} == {f.value for f in programme.forms}
    codes = [a.code for a in r.advice]
    assert "consents_mentees" in codes
    assert all(a.ru and a.en and "{" not in a.ru + a.en for a in r.advice)
    for s in r.by_topic:
        assert s.mentees == sum(1 for p in bank.mentees if s.key in p.requests
                                and (p.id, False) not in {(x.person, x.as_mentor)
                                                          for x in r.left_out})


def test_no_run_covers_more_than_the_bound(sample):
    bank, programme, r = sample
    result = solve(bank, programme)
    covered = {e for p in result.proposals for e in p.mentees}
    assert len(covered) <= r.coverage_bound


def test_a_mentor_without_consent_takes_their_places_out(sample):
    bank, programme, before = sample
    mentor = next(m for m in bank.mentors if m.mentor and m.mentor.capacity_mentees > 0
                  and programme.covers(m))
    stripped = bank.model_copy(update={"participants": tuple(
        p.model_copy(update={"consents": ()}) if p.id == mentor.id else p
        for p in bank.participants)})
    after = readiness(stripped, programme)
    assert (mentor.id, True) in {(x.person, x.as_mentor) for x in after.left_out}
    assert after.ready_mentors == before.ready_mentors - 1
    assert after.coverage_bound <= before.coverage_bound
    assert "consents_mentors" in [a.code for a in after.advice]


def test_pairs_a_rerun_keeps_hold_their_places_in_the_bound(sample):
    bank, programme, r = sample
    result = solve(bank, programme)
    kept = [(p.mentor, p.mentees) for p in result.proposals]
    covered = len({e for p in result.proposals for e in p.mentees})
    with_kept = readiness(bank, programme, kept=kept)
    assert covered <= with_kept.coverage_bound <= r.coverage_bound
    # mentors whose places the kept pairs fill leave nothing to share out: exactly the kept
    load: dict[str, int] = {}
    for p in result.proposals:
        load[p.mentor] = load.get(p.mentor, 0) + len(p.mentees)
    full = bank.model_copy(update={"participants": tuple(
        p.model_copy(update={"mentor": p.mentor.model_copy(update={
            "capacity_mentees": load.get(p.id, 0)})}) if p.mentor is not None else p
        for p in bank.participants)})
    assert readiness(full, programme, kept=kept).coverage_bound == covered
    # a kept pair with someone no longer in the bank holds nothing
    ghost = readiness(bank, programme, kept=[("NOBODY", ("NOONE",))])
    assert ghost.coverage_bound == r.coverage_bound
