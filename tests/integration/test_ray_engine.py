"""The Ray engine gives the single process's result: a local Ray instance with two workers,
started here, scores in blocks and solves CP-SAT components as tasks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import numpy as np
import pytest

from datasets import generate
from matcher.executors import LOCAL, RayExecutor, executor
from matcher.model import Programme, RunResult
from matcher.scoring import Scorer
from matcher.solver import SolveOptions, solve
from service.config import Settings

ray = pytest.importorskip("ray", reason="ray is not installed: pip install -r requirements.lock")


@pytest.fixture(scope="module")
def cluster() -> Iterator[RayExecutor]:
    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    except Exception as e:
        pytest.skip(f"a local Ray instance cannot start on this machine: {e!r}")
    try:
        yield RayExecutor(min_items=1)  # joins the instance started above
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def students() -> Any:
    return generate("students", seed=1).bank


PROGRAMME = Programme(id="ray", start=date(2026, 9, 1), end=date(2027, 5, 31), group_value=0.3)


def _same(a: RunResult, b: RunResult) -> None:
    assert a.objective == b.objective and a.best_bound == b.best_bound
    assert a.status == b.status and a.solver == b.solver
    assert [p.model_dump() for p in a.proposals] == [p.model_dump() for p in b.proposals]
    assert a.unmatched == b.unmatched


def _same_candidates(scorer: Scorer, ray_exec: RayExecutor) -> int:
    here, there = scorer.candidates(), scorer.candidates(executor=ray_exec)
    for key in ("mentor", "mentee", "score", "form", "pair_ok", "group_ok", "components"):
        assert np.array_equal(getattr(here, key), getattr(there, key)), key
    return len(here)


def test_scoring_blocks_as_ray_tasks_give_the_same_candidates(cluster: RayExecutor,
                                                               students: Any) -> None:
    # small blocks, so the mentees are cut into many tasks; both regimes (exact and top-k)
    exact = Scorer(block_pairs=2_000).fit(students, PROGRAMME)
    top_k = Scorer(block_pairs=2_000, exact_limit=1_000, top_k=5).fit(students, PROGRAMME)
    assert not exact.approximate_ and top_k.approximate_
    assert _same_candidates(exact, cluster) > 0
    assert _same_candidates(top_k, cluster) > 0


def test_a_solve_on_ray_equals_the_single_process_result(cluster: RayExecutor,
                                                         students: Any) -> None:
    opts = SolveOptions(force_cpsat=True)  # every component goes to CP-SAT: one task each
    here = solve(students, PROGRAMME, options=opts)
    there = solve(students, PROGRAMME, options=opts, executor=cluster)
    assert here.metrics["cpsat_components"] >= 2  # the tasks really ran side by side
    assert here.metrics["groups"] >= 1
    _same(here, there)


def test_the_engine_setting_names_an_executor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MATCHER_ENGINE", raising=False)
    assert executor() is LOCAL
    monkeypatch.setenv("MATCHER_ENGINE", "ray")
    monkeypatch.setenv("RAY_ADDRESS", "ray://head:10001")
    chosen = executor()
    assert isinstance(chosen, RayExecutor) and chosen.address == "ray://head:10001"
    settings = Settings(_env_file=None)  # the service reads the same two variables
    assert (settings.matcher_engine, settings.ray_address) == ("ray", "ray://head:10001")
    from_settings = executor(settings.matcher_engine, settings.ray_address)
    assert isinstance(from_settings, RayExecutor) and from_settings.address == "ray://head:10001"
    with pytest.raises(ValueError, match="unknown engine"):
        executor("dask")
