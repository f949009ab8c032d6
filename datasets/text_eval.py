"""The labelled set of Russian difficulty/experience paraphrases (datasets/eval/text_pairs_ru.csv)
and how a text method is measured on it.

Each row is one topic of the taxonomy (`matcher/data/topics.json`: every deficit block and the
student topics, five rows each): a mentee's difficulty and, written apart from it in other
words, the experience of the mentor who can help. A method ranks all experiences for each
difficulty; MRR is the mean of 1 / (rank of the right one), top-1 the share ranked first
(a tie with the right experience counts against the method, so scoring everything 0 gets
the lowest MRR, not the highest).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

PAIRS = Path(__file__).parent / "eval" / "text_pairs_ru.csv"


@dataclass(frozen=True)
class Pair:
    topic: str
    difficulty: str
    experience: str


def load_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as f:
        return [Pair(r["topic"], r["difficulty"], r["experience"]) for r in csv.DictReader(f)]


def rank_metrics(similarity: NDArray[np.float64]) -> tuple[float, float]:
    """(MRR, top-1) of a difficulties × experiences similarity matrix whose diagonal holds the
    right pairs. A tie with the right experience counts against the method (pessimistic)."""
    right = np.diag(similarity)[:, None]
    others = similarity >= right
    np.fill_diagonal(others, False)
    rank = 1 + others.sum(axis=1)
    return float((1.0 / rank).mean()), float((rank == 1).mean())
