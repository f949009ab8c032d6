"""Simulated outcomes of a programme, drawn from a generated bank's hidden truth.

A curator sees the pairs the product proposes, so judged pairs are mostly the high-scoring
ones: half of the sample is drawn from each mentee's best candidates by the current score,
half from all eligible pairs. What makes a pair work differs between schools, so a school's
hidden emphasis `SchoolTruth` mixes the bank's hidden profile fit, the hidden personal affinity
and whether the two can meet (common free time):

    latent = profile · w_p + affinity · w_a + time_overlap · w_t

and a pair turns out good with probability `sigmoid((latent − median) / TEMPERATURE)`, the
median taken over the sample, so about half are good and the labels follow the hidden truth,
not the product's score. The default emphasis is the generator's own true fit (0.7 profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from datasets.generators import GeneratedBank, Size, generate
from matcher.learning import Outcomes
from matcher.model import Programme
from matcher.scoring import COMPONENTS, Scorer

TEMPERATURE = 0.04  # how sharply true fit decides the outcome (smaller: less noise)
TOP_PER_MENTEE = 5  # a mentee's best candidates by the current score, where proposals come from
PROGRAMME = Programme(id="outcomes", start=date(2026, 9, 1), end=date(2027, 5, 31))


@dataclass(frozen=True)
class SchoolTruth:
    """What makes a pair work in one school (weights of the hidden parts of a pair's fit)."""

    profile: float = 0.7
    affinity: float = 0.3
    time: float = 0.0


GENERATOR_TRUTH = SchoolTruth()
# A school where personal fit and being able to meet matter more than the product assumes.
PEOPLE_FIRST = SchoolTruth(profile=0.3, affinity=0.45, time=0.25)


def simulate(gen: GeneratedBank, pairs: int, *, seed: int, truth: SchoolTruth = GENERATOR_TRUTH,
             programme: Programme = PROGRAMME) -> Outcomes:
    """`pairs` judged pairs of the bank with their score components and simulated labels."""
    rng = np.random.default_rng(seed)
    scorer = Scorer().fit(gen.bank, programme)
    ok = scorer.eligible_matrix()
    score = np.where(ok, scorer.score_matrix(), -np.inf)
    k = min(TOP_PER_MENTEE, score.shape[0])
    top = np.argsort(-score, axis=0)[:k]  # rows: mentors, columns: mentees
    top_pairs = np.array([(top[r, c], c) for r in range(k) for c in range(score.shape[1])
                          if ok[top[r, c], c]]).reshape(-1, 2)
    all_pairs = np.argwhere(ok)
    half = pairs // 2
    pick_top = top_pairs[rng.choice(len(top_pairs), size=min(half, len(top_pairs)),
                                    replace=False)]
    pick_any = all_pairs[rng.choice(len(all_pairs), size=min(pairs - len(pick_top),
                                                            len(all_pairs)), replace=False)]
    chosen = np.unique(np.vstack([pick_top, pick_any]), axis=0)
    m_idx = np.array([gen.mentor_index[scorer.mentor_ids_[i]] for i in chosen[:, 0]])
    e_pos = {pid: i for i, pid in enumerate(gen.mentee_ids)}
    e_idx = np.array([e_pos[scorer.mentee_ids_[j]] for j in chosen[:, 1]])
    x = np.column_stack([scorer.components_matrix(c)[chosen[:, 0], chosen[:, 1]]
                         for c in COMPONENTS]).astype(np.float64)
    hidden = gen.truth
    m_rows, e_rows = hidden.mentor_person[m_idx], hidden.mentee_person[e_idx]
    profile = hidden.profile_fit(m_rows, e_rows)
    affinity = 0.5 * (1.0 + (hidden.z[m_rows] * hidden.z[e_rows]).sum(axis=1))
    latent = (truth.profile * profile + truth.affinity * affinity
              + truth.time * x[:, COMPONENTS.index("time_overlap")])
    chance = 1.0 / (1.0 + np.exp(-(latent - np.median(latent)) / TEMPERATURE))
    good = rng.random(latent.size) < chance
    return Outcomes(x, good)


def simulated_programme(size: Size = "district", pairs: int = 600, *, seed: int = 1,
                        truth: SchoolTruth = GENERATOR_TRUTH) -> Outcomes:
    """Outcomes of a generated bank of `size`, reproducible from `seed`."""
    return simulate(generate(size, seed=seed), pairs, seed=seed, truth=truth)
