"""Incremental reruns: a rerun after a small change scores only the changed people and gives
the candidates a fresh run with the same text model gives."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp

from datasets import generate
from matcher.candidates import Candidates
from matcher.model import Bank, Conflict, Programme
from matcher.scoring import Scorer, incremental
from matcher.scoring.features import ROW_FIELDS
from matcher.scoring.incremental import REFIT_SHARE, CacheSlot, ScoreCache
from matcher.scoring.text import TextFeaturizer
from matcher.solver import solve

PROGRAMME = Programme(id="inc", start=date(2026, 9, 1), end=date(2027, 5, 31))


@pytest.fixture(scope="module")
def bank() -> Bank:
    return generate(400, seed=2).bank


def changed(bank: Bank, share: float, seed: int) -> Bank:
    """A copy with `share` of the people edited (texts, experience) or removed."""
    rng = np.random.default_rng(seed)
    people = list(bank.participants)
    picked = rng.choice(len(people), size=max(3, int(share * len(people))), replace=False)
    for j, i in enumerate(picked.tolist()):
        p = people[i]
        if j % 3 == 0:
            people[i] = p.model_copy(update={
                "experience_text": p.experience_text + " проектная деятельность",
                "difficulties_text": p.difficulties_text + " дисциплина на уроке"})
        elif j % 3 == 1:
            people[i] = p.model_copy(update={"experience_years": (p.experience_years or 0) + 3})
    drop = {people[i].id for j, i in enumerate(picked.tolist()) if j % 3 == 2}
    return Bank(participants=tuple(p for p in people if p.id not in drop),
                conflicts=bank.conflicts)


def fresh_with_text_of(cache: ScoreCache) -> ScoreCache:
    """The cache with nothing to reuse but its text model: a full scoring pass."""
    c = cache.candidates
    none = np.zeros(len(c), bool)
    empty = dataclasses.replace(
        c, mentor=c.mentor[none], mentee=c.mentee[none], score=c.score[none],
        form=c.form[none], pair_ok=c.pair_ok[none], group_ok=c.group_ok[none],
        components=None if c.components is None else c.components[none])
    return dataclasses.replace(cache, mentor_hash=(), mentee_hash=(), candidates=empty)


def pairs(c: Candidates) -> list[tuple[str, str]]:
    return [(c.mentor_ids[m], c.mentee_ids[e])
            for m, e in zip(c.mentor.tolist(), c.mentee.tolist(), strict=True)]


@pytest.mark.parametrize("top_k", [None, 5])
def test_an_exact_rerun_equals_a_full_pass_with_the_same_text_model(bank: Bank,
                                                                     top_k: int | None) -> None:
    first = Scorer(top_k=top_k).fit(bank, PROGRAMME)
    first.candidates()
    after = changed(bank, 0.03, seed=1)
    rerun = Scorer(top_k=top_k).fit(after, PROGRAMME, previous=first.cache_)
    got = rerun.candidates()
    full = Scorer(top_k=top_k).fit(after, PROGRAMME, previous=fresh_with_text_of(first.cache_))
    want = full.candidates()
    assert rerun.reused_["pairs_reused"] > 0.8 * len(want)  # most of it was not scored again
    assert 0 < rerun.reused_["mentors_changed"] < 0.1 * len(rerun.mentor_ids_)
    assert full.reused_["pairs_reused"] == 0
    assert pairs(got) == pairs(want)
    np.testing.assert_allclose(got.score, want.score, rtol=0, atol=1e-6)
    assert got.components is not None and want.components is not None
    np.testing.assert_allclose(got.components, want.components, rtol=0, atol=1e-6)
    assert np.array_equal(got.form, want.form) and np.array_equal(got.pair_ok, want.pair_ok)


def test_a_top_k_rerun_keeps_nearly_every_pair_of_a_full_pass(bank: Bank) -> None:
    first = Scorer(exact_limit=1_000, top_k=10).fit(bank, PROGRAMME)
    first.candidates()
    assert first.approximate_
    after = changed(bank, 0.03, seed=1)
    got = Scorer(exact_limit=1_000, top_k=10).fit(after, PROGRAMME, previous=first.cache_)
    want = Scorer(exact_limit=1_000, top_k=10).fit(
        after, PROGRAMME, previous=fresh_with_text_of(first.cache_)).candidates()
    mine = got.candidates()
    recall = len(set(pairs(mine)) & set(pairs(want))) / len(want)
    assert recall >= 0.97
    assert mine.score.sum() >= 0.999 * want.score.sum()


def test_a_new_conflict_removes_a_reused_pair(bank: Bank) -> None:
    first = Scorer().fit(bank, PROGRAMME)
    c = first.candidates()
    mentor, mentee = c.mentor_ids[c.mentor[0]], c.mentee_ids[c.mentee[0]]
    after = bank.model_copy(update={"conflicts": (*bank.conflicts, Conflict(a=mentor, b=mentee))})
    rerun = Scorer().fit(after, PROGRAMME, previous=first.cache_)
    assert (mentor, mentee) not in set(pairs(rerun.candidates()))
    assert rerun.reused_["mentors_changed"] == 0  # nobody's own record changed


def test_a_cache_of_another_programme_is_not_used(bank: Bank) -> None:
    first = Scorer().fit(bank, PROGRAMME)
    first.candidates()
    other = PROGRAMME.model_copy(update={"id": "other"})
    assert Scorer().fit(bank, other, previous=first.cache_).previous_ is None
    assert Scorer(top_k=3).fit(bank, PROGRAMME, previous=first.cache_).previous_ is None
    assert Scorer().fit(bank, PROGRAMME, previous=first.cache_).previous_ is first.cache_


def test_the_cache_file_round_trip_and_a_solve_with_it(bank: Bank, tmp_path: Path) -> None:
    slot = CacheSlot()
    before = solve(bank, PROGRAMME)
    first = solve(bank, PROGRAMME, cache=slot)
    assert slot.value is not None and slot.reused == {}
    path = tmp_path / "scores.cache"
    slot.value.save(path)
    loaded = ScoreCache.load(path)
    assert loaded is not None and loaded.key == slot.value.key
    again = CacheSlot(loaded)
    second = solve(bank, PROGRAMME, cache=again)
    assert again.reused["mentors_changed"] == 0 and again.reused["mentees_rescored"] == 0
    assert [p.model_dump() for p in second.proposals] == [p.model_dump() for p in first.proposals]
    assert first.objective == before.objective
    (tmp_path / "junk.cache").write_bytes(b"not a cache")
    assert ScoreCache.load(tmp_path / "junk.cache") is None


def _same_rows(x: object, y: object) -> bool:
    if x is None or y is None:
        return x is y
    if sp.issparse(x):
        assert sp.issparse(y)
        return bool(np.array_equal(x.indptr, y.indptr) and np.array_equal(x.indices, y.indices)
                    and np.array_equal(x.data, y.data))
    return bool(np.array_equal(np.asarray(x), np.asarray(y)))


@pytest.mark.parametrize("exact_limit", [None, 1_000])
def test_reused_feature_rows_equal_a_full_build(bank: Bank, exact_limit: int | None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Unchanged people keep their rows, the changed ones' texts alone are transformed, and
    the result equals a full build with the same text model, bit for bit (LSA rows too)."""
    kw: dict[str, object] = {"text_method": "tfidf"}
    if exact_limit is not None:
        kw |= {"exact_limit": exact_limit, "top_k": 10}
    first = Scorer(**kw).fit(bank, PROGRAMME)
    first.candidates()
    assert first.cache_.features is not None
    after = changed(bank, 0.03, seed=3)
    seen: list[int] = []
    transform = TextFeaturizer.transform

    def spy(self: TextFeaturizer, texts: list[str]) -> object:
        seen.append(len(texts))
        return transform(self, texts)

    monkeypatch.setattr(TextFeaturizer, "transform", spy)
    rerun = Scorer(**kw).fit(after, PROGRAMME, previous=first.cache_)
    full = Scorer(**kw).fit(after, PROGRAMME,
                            previous=dataclasses.replace(first.cache_, features=None))
    n_people = len(full.mentor_ids_) + len(full.mentee_ids_)
    assert seen[1] == n_people  # the full build transformed everyone
    assert 0 < seen[0] < 0.1 * n_people  # the rerun only the changed people
    assert (rerun.features_.mentors.text_lsa is None) == (exact_limit is None)
    for side in ("mentors", "mentees"):
        a, b = getattr(rerun.features_, side), getattr(full.features_, side)
        assert a.ids == b.ids
        for name in (*ROW_FIELDS, "gid"):
            assert _same_rows(getattr(a, name), getattr(b, name)), (side, name)
    got, want = rerun.candidates(), full.candidates()
    if exact_limit is None:  # every eligible pair: the same pairs and the same scores
        assert pairs(got) == pairs(want)
        assert np.array_equal(got.score, want.score)


def test_a_big_change_refits_the_text_model_and_reuses_nothing(bank: Bank) -> None:
    first = Scorer().fit(bank, PROGRAMME)
    first.candidates()
    after = changed(bank, 0.3, seed=4)  # far beyond REFIT_SHARE
    rerun = Scorer().fit(after, PROGRAMME, previous=first.cache_)
    assert rerun.previous_ is None and rerun.text_ is not first.text_
    got = rerun.candidates()
    assert rerun.reused_ == {}
    want = Scorer().fit(after, PROGRAMME).candidates()
    assert pairs(got) == pairs(want) and np.array_equal(got.score, want.score)


def test_small_changes_add_up_to_a_refit(bank: Bank) -> None:
    """Each step is small, but the text model is refitted once the bank has drifted from the
    one it was fitted on by more than REFIT_SHARE."""
    scorer = Scorer().fit(bank, PROGRAMME)
    scorer.candidates()
    fitted = scorer.text_
    now, refits = bank, 0
    for step in range(8):
        now = changed(now, 0.03, seed=10 + step)
        scorer = Scorer().fit(now, PROGRAMME, previous=scorer.cache_)
        scorer.candidates()
        if scorer.text_ is not fitted:
            refits += 1
            fitted = scorer.text_
            assert scorer.reused_ == {}
        else:
            assert scorer.reused_["pairs_reused"] > 0
    assert 1 <= refits <= 3
    assert REFIT_SHARE == 0.10


def test_a_changed_text_rescores_the_pairs_of_its_person(bank: Bank) -> None:
    first = Scorer().fit(bank, PROGRAMME)
    c = first.candidates()
    at = int(np.argmin(c.score))
    mentor_id, mentee_id = c.mentor_ids[c.mentor[at]], c.mentee_ids[c.mentee[at]]
    mentor = bank.get(mentor_id)
    after = Bank(participants=tuple(
        p.model_copy(update={"difficulties_text": mentor.experience_text})
        if p.id == mentee_id else p for p in bank.participants), conflicts=bank.conflicts)
    rerun = Scorer().fit(after, PROGRAMME, previous=first.cache_)
    got = rerun.candidates()
    assert rerun.reused_["mentees_rescored"] == 1
    score = dict(zip(pairs(got), got.score.tolist(), strict=True))
    assert score[(mentor_id, mentee_id)] > float(c.score[at])  # the texts now match: rescored
    full = Scorer().fit(after, PROGRAMME,
                        previous=dataclasses.replace(fresh_with_text_of(first.cache_),
                                                     features=None)).candidates()
    assert score[(mentor_id, mentee_id)] == dict(
        zip(pairs(full), full.score.tolist(), strict=True))[(mentor_id, mentee_id)]


def test_a_rerun_the_next_day_reuses_the_cache_and_rescores_whom_the_day_changed(
        bank: Bank) -> None:
    """The service runs each solve "as of" today: the next day only the people whose age or
    consents in force the day changed are scored again, not everyone."""
    day1, day2 = date(2026, 10, 5), date(2026, 10, 6)
    first = Scorer().fit(bank, PROGRAMME.model_copy(update={"as_of": day1}))
    c = first.candidates()
    mentee_id = c.mentee_ids[c.mentee[0]]
    # A consent revoked on day 2, recorded before the first run: the record is the same.
    revoking = Bank(participants=tuple(
        p.model_copy(update={"consents": tuple(
            k.model_copy(update={"revoked": day2}) for k in p.consents)})
        if p.id == mentee_id else p for p in bank.participants), conflicts=bank.conflicts)
    first = Scorer().fit(revoking, PROGRAMME.model_copy(update={"as_of": day1}))
    c = first.candidates()
    assert mentee_id in {c.mentee_ids[e] for e in c.mentee.tolist()}
    same = Scorer().fit(revoking, PROGRAMME.model_copy(update={"as_of": day2}),
                        previous=first.cache_)
    assert same.previous_ is first.cache_  # the day is not in the cache key
    got = same.candidates()
    also_mentor = int(mentee_id in same.mentor_ids_)  # their personal-data consent went too
    assert same.reused_["mentors_changed"] == also_mentor
    assert same.reused_["mentees_rescored"] == 1
    assert mentee_id not in {got.mentee_ids[e] for e in got.mentee.tolist()}
    want = Scorer().fit(revoking, PROGRAMME.model_copy(update={"as_of": day2}),
                        previous=fresh_with_text_of(first.cache_)).candidates()
    assert pairs(got) == pairs(want) and np.array_equal(got.score, want.score)


def test_a_rejection_removes_a_reused_pair(bank: Bank) -> None:
    first = Scorer().fit(bank, PROGRAMME)
    c = first.candidates()
    mentor, mentee = c.mentor_ids[c.mentor[-1]], c.mentee_ids[c.mentee[-1]]
    rerun = Scorer().fit(bank, PROGRAMME, rejected={(mentor, mentee)}, previous=first.cache_)
    got = set(pairs(rerun.candidates()))
    assert (mentor, mentee) not in got and len(got) == len(c) - 1
    assert rerun.reused_["mentors_changed"] == 0 and rerun.reused_["mentees_rescored"] == 0


def test_new_pairs_below_a_full_top_k_are_dropped_early_without_changing_it(
        bank: Bank, monkeypatch: pytest.MonkeyPatch) -> None:
    kw = {"exact_limit": 1_000, "top_k": 10}
    first = Scorer(**kw).fit(bank, PROGRAMME)
    first.candidates()
    after = changed(bank, 0.03, seed=6)
    early = Scorer(**kw).fit(after, PROGRAMME, previous=first.cache_).candidates()
    monkeypatch.setattr(incremental, "_kth_floor",
                        lambda reused, k, n_e: np.full(n_e, -np.inf))  # keep every new pair
    late = Scorer(**kw).fit(after, PROGRAMME, previous=first.cache_).candidates()
    assert pairs(early) == pairs(late) and np.array_equal(early.score, late.score)
