"""The service keeps each programme's score cache in memory for reruns, bounded both by
the number of programmes and by `SCORE_CACHE_MB`: the least recently used go first, the
cache of the run starting now stays."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import sessionmaker

from datasets.generators import generate
from matcher.model import Programme
from matcher.scoring.incremental import CacheSlot
from matcher.solver import SolveOptions, solve
from service import jobs
from service.config import Settings


@pytest.fixture(scope="module")
def filled() -> CacheSlot:
    slot = CacheSlot()
    bank = generate("school", seed=3).bank
    programme = Programme(id="p", start=date(2026, 9, 1), end=date(2027, 5, 31))
    solve(bank, programme, options=SolveOptions(explain=False), cache=slot)
    assert slot.value is not None
    return slot


def queue(mb: int) -> jobs.InProcessQueue:
    settings = Settings(database_url="sqlite://", score_cache_mb=mb)
    return jobs.InProcessQueue(sessionmaker(), settings)


def test_the_caches_are_bounded_by_their_memory_least_recently_used_first(filled) -> None:
    size = filled.value.nbytes()
    assert size > 100_000  # arrays, candidates and hashes counted
    budget_mb = -(-2 * size // 2**20)  # room for about two caches
    q = queue(budget_mb)
    for name in ("a", "b", "c", "d"):
        q.score_cache(name).value = filled.value
    q.score_cache("b")  # used again: now the most recent
    kept = list(q._caches)
    assert kept[-1] == "b" and "a" not in kept
    assert sum(s.value.nbytes() for s in q._caches.values() if s.value) <= budget_mb * 2**20 \
        or len(kept) == 1
    # the programme asking is kept even when its own cache is over the budget
    tiny = queue(0)
    tiny.score_cache("x").value = filled.value
    assert list(tiny._caches) == ["x"] and tiny.score_cache("x").value is filled.value


def test_the_count_bound_still_holds(filled) -> None:
    q = queue(10_000)
    for i in range(jobs.SCORE_CACHES + 3):
        q.score_cache(str(i)).value = filled.value
    assert len(q._caches) == jobs.SCORE_CACHES
