"""Learning weights from outcomes (issue 16): advice only past the minimum data, only where the
learned weights rank held-out pairs better, and then better on pairs the fit never saw."""

from __future__ import annotations

import numpy as np
import pytest

from datasets.generators import generate
from datasets.outcomes import GENERATOR_TRUTH, PEOPLE_FIRST, simulate
from matcher.learning import MIN_EACH, MIN_PAIRS, Outcomes, Verdict, advise, auc
from matcher.model import Weights
from matcher.scoring import COMPONENTS


def synthetic(n: int, *, seed: int = 0, driver: str = "time_overlap") -> Outcomes:
    """Random components; a pair is good when `driver` is high (with a little noise)."""
    rng = np.random.default_rng(seed)
    x = rng.random((n, len(COMPONENTS)))
    good = x[:, COMPONENTS.index(driver)] + rng.normal(0, 0.1, n) > 0.5
    return Outcomes(x, good)


def test_no_advice_below_the_minimum_amount_of_data() -> None:
    advice = advise(synthetic(MIN_PAIRS - 1), Weights())
    assert advice.verdict is Verdict.too_few and advice.weights is None
    assert advice.auc_learned is None and not advice.suggested


def test_no_advice_when_almost_every_pair_went_one_way() -> None:
    data = synthetic(200)
    good = np.zeros(200, dtype=bool)
    good[: MIN_EACH - 1] = True
    advice = advise(Outcomes(data.components, good), Weights())
    assert advice.verdict is Verdict.one_sided and advice.weights is None


def test_the_component_that_decides_outcomes_gets_the_weight() -> None:
    advice = advise(synthetic(400, driver="time_overlap"), Weights())
    assert advice.suggested and advice.weights is not None
    assert max(advice.weights, key=advice.weights.__getitem__) == "time_overlap"
    assert max(advice.influence, key=advice.influence.__getitem__) == "time_overlap"
    assert abs(sum(advice.weights.values()) - 1) < 1e-9
    assert all(w >= 0 for w in advice.weights.values())
    assert advice.auc_learned is not None and advice.auc_current is not None
    assert advice.auc_learned > advice.auc_current + 0.2


@pytest.mark.parametrize("seed", [1, 2])
def test_learned_weights_rank_a_fresh_sample_of_the_school_better(seed: int) -> None:
    """A school whose pairs work for other reasons than the defaults assume: the suggestion
    ranks pairs the fit never saw better than the weights the school runs with."""
    gen = generate("school", seed=seed)
    seen = simulate(gen, 300, seed=seed, truth=PEOPLE_FIRST)
    fresh = simulate(gen, 300, seed=seed + 1000, truth=PEOPLE_FIRST)
    advice = advise(seen, Weights(), seed=seed)
    assert advice.suggested and advice.weights is not None, advice
    now = Weights().normalised()
    current = auc(fresh.components @ np.array([now[c] for c in COMPONENTS]), fresh.good)
    learned = auc(fresh.components @ np.array([advice.weights[c] for c in COMPONENTS]),
                  fresh.good)
    assert learned > current + 0.03, (learned, current)


def test_no_suggestion_where_the_current_weights_already_fit() -> None:
    """The defaults were built for the generator's own truth: nothing to suggest there."""
    outcomes = simulate(generate("district", seed=1), 600, seed=1, truth=GENERATOR_TRUTH)
    advice = advise(outcomes, Weights(), seed=1)
    assert advice.verdict is Verdict.no_gain and advice.weights is None
    assert advice.held_out == pytest.approx(0.3 * outcomes.good.size, abs=1)


def test_outcomes_refuse_a_wrong_shape() -> None:
    with pytest.raises(ValueError):
        Outcomes(np.zeros((3, 2)), np.zeros(3, dtype=bool))
    with pytest.raises(ValueError):
        Outcomes(np.zeros((3, len(COMPONENTS))), np.zeros(2, dtype=bool))
    rows = [({"time_overlap": 1.0}, True), ({}, False)]
    built = Outcomes.of(rows)
    assert built.components.shape == (2, len(COMPONENTS)) and built.n_good == 1
