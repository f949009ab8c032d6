"""The shortlist search of the top-k regime (`matcher.scoring.shortlist`, issue 15 item 2):
mentees in clusters scored against a shortlist of mentors. Its candidates break no hard rule,
carry exact scores, do not depend on how the work is cut, and keep the exact top 50 well
enough: recall ≥ 0.97 and score sum ≥ 99.9% of the exact top 50's (a one-town bank of 6,000
people, the shortlist a quarter of the mentors; `benchmarks/scoring.py` measures larger ones)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from datasets import generate
from matcher.candidates import Candidates
from matcher.executors import LOCAL, LocalExecutor
from matcher.model import Bank, Programme
from matcher.scoring import Scorer, shortlist
from matcher.scoring import eligibility as elig
from matcher.scoring.pairs import PairList

PROGRAMME = Programme(id="shortlist", start=date(2026, 9, 1), end=date(2027, 5, 31))
K = 50
# Small enough blocks for a 6,000-person bank to take the shortlist search.
SEARCH = {"shortlist": 600, "cluster_size": 16, "block_pairs": 100_000}


@pytest.fixture(scope="module")
def bank() -> Bank:
    return generate(6000, seed=1).bank


@pytest.fixture(scope="module")
def exact(bank: Bank) -> Candidates:
    return Scorer(top_k=K, exact_limit=10**12).fit(bank, PROGRAMME).candidates()


@pytest.fixture(scope="module")
def searched(bank: Bank) -> tuple[Scorer, Candidates, list[np.ndarray]]:
    """The top-k regime with the shortlist search, and the keys (mentor × n_mentees + mentee)
    of the pairs its second stage scored."""
    scored: list[np.ndarray] = []
    original = Scorer._exact_top

    def spy(self: Scorer, mi: np.ndarray, ei: np.ndarray, k: int) -> dict[str, np.ndarray]:
        scored.append(mi.astype(np.int64) * len(self.mentee_ids_) + ei)
        return original(self, mi, ei, k)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Scorer, "_exact_top", spy)
        scorer = Scorer(top_k=K, exact_limit=0, **SEARCH).fit(bank, PROGRAMME)
        return scorer, scorer.candidates(executor=LocalExecutor()), scored  # one thread


def _pairs(c: Candidates) -> set[tuple[str, str]]:
    return {(c.mentor_ids[a], c.mentee_ids[b]) for a, b in zip(c.mentor, c.mentee, strict=True)}


def test_the_search_is_used_on_large_blocks_only(searched: tuple[Scorer, Candidates,
                                                                 list[np.ndarray]],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    scorer, _, _ = searched
    items = [it for role, rows, cols in scorer._role_blocks() if scorer._uses_search(rows, cols)
             for it in scorer._cluster_items(role, rows, cols, K, 1)]
    groups = [g for it in items for g in it.groups]
    assert len(groups) > 10  # many clusters
    far = [short for short, _ in groups if len(short)]
    assert far and all(len(short) == SEARCH["shortlist"] for short in far)

    calls: list[int] = []
    monkeypatch.setattr(Scorer, "_cluster_chunks",
                        lambda self, item: calls.append(1) or [])  # type: ignore[func-returns-value]
    district = generate("district", seed=1).bank
    Scorer(top_k=K, exact_limit=0).fit(district, PROGRAMME).candidates()
    assert calls == []  # a district's blocks are small: every mentor is scored


def test_recall_against_the_exact_top_k(exact: Candidates,
                                        searched: tuple[Scorer, Candidates, list[np.ndarray]]
                                        ) -> None:
    _, got, _ = searched
    assert np.array_equal(np.bincount(got.mentee, minlength=len(got.mentee_ids)),
                          np.bincount(exact.mentee, minlength=len(exact.mentee_ids)))
    recall = len(_pairs(exact) & _pairs(got)) / len(exact)
    assert recall >= 0.97
    assert got.score.sum() >= 0.999 * exact.score.sum()


def test_candidates_are_eligible_and_scored_exactly(
        searched: tuple[Scorer, Candidates, list[np.ndarray]]) -> None:
    scorer, got, _ = searched
    px = PairList(got.mentor, got.mentee, len(got.mentee_ids))
    assert not elig.evaluate(scorer.features_, px).bits.any()
    rng = np.random.default_rng(0)
    for i in rng.choice(len(got), size=40, replace=False):
        mentor, mentee = got.mentor_ids[got.mentor[i]], got.mentee_ids[got.mentee[i]]
        assert scorer.exclusions(mentor, mentee) == ()
        assert scorer.explain(mentor, mentee).score == pytest.approx(got.score[i], abs=1e-6)


def test_same_candidates_however_the_work_is_cut(
        bank: Bank, searched: tuple[Scorer, Candidates, list[np.ndarray]]) -> None:
    _, got, _ = searched
    again = Scorer(top_k=K, exact_limit=0, **SEARCH).fit(bank, PROGRAMME).candidates(
        executor=LocalExecutor(pieces=3))
    for key in ("mentor", "mentee", "form", "pair_ok", "group_ok"):
        assert np.array_equal(getattr(got, key), getattr(again, key)), key
    np.testing.assert_array_equal(got.score, again.score)


def test_same_candidates_on_threads(
        bank: Bank, searched: tuple[Scorer, Candidates, list[np.ndarray]]) -> None:
    """The default executor scores the blocks on threads; the answer is the one thread's."""
    _, got, _ = searched
    for run_on in (LocalExecutor(pieces=5, threads=2), LOCAL):
        again = Scorer(top_k=K, exact_limit=0, **SEARCH).fit(bank, PROGRAMME).candidates(
            executor=run_on)
        for key in ("mentor", "mentee", "form", "pair_ok", "group_ok"):
            assert np.array_equal(getattr(got, key), getattr(again, key)), key
        np.testing.assert_array_equal(got.score, again.score)
        assert got.components is not None and again.components is not None
        np.testing.assert_array_equal(got.components, again.components)


def test_own_organisation_and_wishes_are_always_scored(
        searched: tuple[Scorer, Candidates, list[np.ndarray]]) -> None:
    """Whatever the shortlist, every eligible pair of one organisation and every eligible
    pair with a wish that adds to the score reaches the exact second stage (for the mentees
    the search covers; smaller blocks look at every mentor anyway)."""
    scorer, _, scored = searched
    f, n_e = scorer.features_, len(scorer.mentee_ids_)
    seen = np.unique(np.concatenate(scored))
    searched_mentees = np.concatenate([
        members for role, rows, cols in scorer._role_blocks() if scorer._uses_search(rows, cols)
        for it in scorer._cluster_items(role, rows, cols, K, 1) for _, members in it.groups])
    m_org, e_org = f.mentors.organisation, f.mentees.organisation
    mi, ei = np.nonzero(m_org[:, None] == e_org[None, :])
    keys, gain = scorer._wish_gain()
    wished = keys[gain > 0]
    mi, ei = np.r_[mi, wished // n_e], np.r_[ei, wished % n_e]
    ok = elig.evaluate(f, PairList(mi, ei, n_e)).eligible & np.isin(ei, searched_mentees)
    want = np.unique(mi[ok].astype(np.int64) * n_e + ei[ok])
    assert len(want) > 1000
    assert np.isin(want, seen).all()


def test_same_group_pairs_are_the_pairs_of_equal_groups() -> None:
    rng = np.random.default_rng(3)
    row_group, col_group = rng.integers(0, 5, 40), rng.integers(0, 6, 30)
    rows, cols = np.arange(100, 140), np.arange(30)
    mi, ei = shortlist.same_group_pairs(row_group, rows, col_group, cols)
    want = {(int(r), int(c)) for i, r in enumerate(rows) for j, c in enumerate(cols)
            if row_group[i] == col_group[j]}
    assert set(zip(mi.tolist(), ei.tolist(), strict=True)) == want
    assert len(mi) == len(want)


def test_clusters_cover_every_row_once_and_repeat() -> None:
    rng = np.random.default_rng(5)
    x = np.vstack([rng.normal(c, 0.1, size=(60, 4)) for c in range(5)]).astype(np.float32)
    found = shortlist.clusters(x, 20, random_state=0)
    assert np.array_equal(np.sort(np.concatenate(found)), np.arange(len(x)))
    assert all(len(c) <= 80 for c in found)
    again = shortlist.clusters(x, 20, random_state=0)
    assert [c.tolist() for c in found] == [c.tolist() for c in again]
