"""Learning from what happened: which score components predicted a good pair, and the weights
they suggest.

Outcomes are pairs a programme actually formed or judged (a curator's confirmation or rejection,
a participant's answer, a monitoring survey), each with its score components and a good/bad
label. A logistic regression on the components (scikit-learn) is fitted on part of them and
checked on the rest: advice is given only with enough data of both kinds and only where the
learned weights rank the held-out pairs better than the programme's own weights. Nothing here
changes a programme: the caller shows the suggestion and the curator decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import train_test_split

from matcher.model import Weights
from matcher.scoring.components import COMPONENTS

MIN_PAIRS = 60  # outcomes before any advice: fewer give held-out figures that are mostly noise
MIN_EACH = 15  # good and bad outcomes each, for the same reason
HELD_OUT_SHARE = 0.3  # share of outcomes kept aside to check the learned weights
MIN_GAIN = 0.02  # held-out AUC the learned weights must add before they are suggested
REGULARISATION = 1.0  # scikit-learn's C: moderate shrinkage, the data are small


class Verdict(StrEnum):
    """Why advice is or is not given (message codes `learning_<verdict>`)."""

    too_few = "too_few"  # fewer than MIN_PAIRS outcomes
    one_sided = "one_sided"  # fewer than MIN_EACH good or bad ones
    no_gain = "no_gain"  # learned weights do not rank held-out pairs better
    suggest = "suggest"  # the learned weights rank better: shown as a suggestion


@dataclass(frozen=True)
class Outcomes:
    """Judged pairs: `components` (pairs × COMPONENTS, each in [0, 1]) and `good` (bool)."""

    components: np.ndarray
    good: np.ndarray

    def __post_init__(self) -> None:
        if self.components.ndim != 2 or self.components.shape[1] != len(COMPONENTS):
            raise ValueError(f"components must be (pairs, {len(COMPONENTS)})")
        if self.good.shape != (self.components.shape[0],):
            raise ValueError("one label per pair")

    @property
    def n_good(self) -> int:
        return int(self.good.sum())

    @property
    def n_bad(self) -> int:
        return int(self.good.size - self.good.sum())

    @classmethod
    def of(cls, rows: list[tuple[dict[str, float], bool]]) -> Outcomes:
        """From (component values by name, good?) rows; a missing component counts 0."""
        x = np.array([[values.get(c, 0.0) for c in COMPONENTS] for values, _ in rows],
                     dtype=np.float64).reshape(len(rows), len(COMPONENTS))
        return cls(x, np.array([good for _, good in rows], dtype=bool))


@dataclass(frozen=True)
class Advice:
    """What the outcomes say: held-out AUCs, each component's influence and, when they rank
    better, suggested weights (normalised, summing to 1; never applied here)."""

    verdict: Verdict
    pairs: int
    good: int
    bad: int
    held_out: int = 0
    auc_current: float | None = None
    auc_learned: float | None = None
    # Standardised logistic coefficients: the change in log-odds of a good pair for one
    # standard deviation of the component (positive: more of it, better pairs).
    influence: dict[str, float] = field(default_factory=dict)
    weights: dict[str, float] | None = None

    @property
    def suggested(self) -> bool:
        return self.verdict is Verdict.suggest


def auc(scores: np.ndarray, good: np.ndarray) -> float:
    """Probability that a random good pair outscores a random bad one (ties count half)."""
    return float(roc_auc_score(good.astype(int), scores))


def _fit(x: np.ndarray, y: np.ndarray, seed: int) -> LogisticRegression:
    model = LogisticRegression(C=REGULARISATION, max_iter=2000, random_state=seed)
    return model.fit(x, y.astype(int))


def _as_weights(coef: np.ndarray) -> dict[str, float] | None:
    """Non-negative weights from logistic coefficients: a component whose coefficient is
    negative gets 0 (a weight cannot reward less fit); None if nothing is left."""
    w = np.clip(coef, 0.0, None)
    total = float(w.sum())
    if total <= 0:
        return None
    return {c: float(v / total) for c, v in zip(COMPONENTS, w, strict=True)}


def advise(outcomes: Outcomes, current: Weights, *, seed: int = 0) -> Advice:
    """Fit the outcomes, check on held-out pairs against `current`, and say what follows."""
    n, n_good, n_bad = outcomes.good.size, outcomes.n_good, outcomes.n_bad
    if n < MIN_PAIRS:
        return Advice(Verdict.too_few, n, n_good, n_bad)
    if min(n_good, n_bad) < MIN_EACH:
        return Advice(Verdict.one_sided, n, n_good, n_bad)
    x, y = outcomes.components.astype(np.float64), outcomes.good
    x_fit, x_test, y_fit, y_test = train_test_split(
        x, y, test_size=HELD_OUT_SHARE, stratify=y, random_state=seed)
    learned = _as_weights(_fit(x_fit, y_fit, seed).coef_[0])
    now = current.normalised()
    w_now = np.array([now[c] for c in COMPONENTS])
    auc_now = auc(x_test @ w_now, y_test)
    auc_learned = (auc(x_test @ np.array([learned[c] for c in COMPONENTS]), y_test)
                   if learned else None)
    std = x.std(axis=0)
    scale = np.where(std > 0, std, 1.0)
    influence = dict(zip(COMPONENTS, (_fit(x / scale, y, seed).coef_[0] * (std > 0)).tolist(),
                         strict=True))
    better = auc_learned is not None and auc_learned >= auc_now + MIN_GAIN
    # The suggestion is refitted on every outcome: the held-out check has been made.
    weights = _as_weights(_fit(x, y, seed).coef_[0]) if better else None
    verdict = Verdict.suggest if better and weights else Verdict.no_gain
    return Advice(verdict, n, n_good, n_bad, held_out=int(y_test.size), auc_current=auc_now,
                  auc_learned=auc_learned, influence=influence,
                  weights=weights if verdict is Verdict.suggest else None)
