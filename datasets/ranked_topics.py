"""A programme with ranked topic choices (issue 17, item 5): `n` mentees and `n` mentors of one
place each, every person ranking all of a programme's `n_topics` own topics, and the pair
value both sides' ranks give (`true_value`), against which a result's share of the optimum is
measured. `collapsed=True` writes the same people as the product read them before ranks:
three priority levels (the top third 3, the middle 2, the rest 1) and no ranks."""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy.optimize import linear_sum_assignment

from matcher.model import (
    Bank,
    Consent,
    ConsentKind,
    MenteeRequest,
    MentorOffer,
    Participant,
    Programme,
    Role,
    Weights,
    rank_weight,
)

START, END = date(2026, 9, 1), date(2027, 5, 31)
_GIVEN = date(2026, 8, 1)


def topic_ids(n_topics: int) -> tuple[str, ...]:
    return tuple(f"prog_topic_{i:02}" for i in range(1, n_topics + 1))


def rankings(n: int, n_topics: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(mentor ranks, mentee ranks): n × n_topics arrays of ranks 1..n_topics, one random
    order per person."""
    rng = np.random.default_rng(seed)
    m = np.argsort(rng.random((n, n_topics)), axis=1).argsort(axis=1) + 1
    e = np.argsort(rng.random((n, n_topics)), axis=1).argsort(axis=1) + 1
    return m, e


def _level(rank: int, n_topics: int) -> int:
    return 3 - (3 * (rank - 1)) // n_topics


def bank(n: int, n_topics: int = 30, seed: int = 0, *, collapsed: bool = False) -> Bank:
    ids = topic_ids(n_topics)
    m_ranks, e_ranks = rankings(n, n_topics, seed)
    people: list[Participant] = []
    for i in range(n):
        ranks = {t: int(r) for t, r in zip(ids, m_ranks[i], strict=True)}
        people.append(Participant(
            id=f"m{i:03}", full_name=f"Наставник {i}", role=Role.teacher,
            organisation="Школа 1", birth_year=1975, experience_years=25,
            competencies={t: _level(r, n_topics) for t, r in ranks.items()} if collapsed
            else dict.fromkeys(ids, 3),
            competency_ranks={} if collapsed else ranks,
            mentor=MentorOffer(capacity_mentees=1),
            consents=(Consent(kind=ConsentKind.personal_data, given=_GIVEN),
                      Consent(kind=ConsentKind.mentor_duties, given=_GIVEN))))
    for j in range(n):
        ranks = {t: int(r) for t, r in zip(ids, e_ranks[j], strict=True)}
        people.append(Participant(
            id=f"e{j:03}", full_name=f"Наставляемый {j}", role=Role.teacher,
            organisation="Школа 1", birth_year=2001, experience_years=1,
            requests={t: _level(r, n_topics) for t, r in ranks.items()} if collapsed
            else dict.fromkeys(ids, 3),
            request_ranks={} if collapsed else ranks,
            mentee=MenteeRequest(),
            consents=(Consent(kind=ConsentKind.personal_data, given=_GIVEN),
                      Consent(kind=ConsentKind.participation, given=_GIVEN))))
    return Bank(participants=tuple(people))


def programme() -> Programme:
    """Topic coverage alone counts, so the score is the ranked value the optimum is taken of."""
    zero = dict.fromkeys(Weights.model_fields, 0.0)
    return Programme(id="ranked", start=START, end=END,
                     weights=Weights.model_validate(zero | {"topic_coverage": 1.0}))


def true_value(n: int, n_topics: int = 30, seed: int = 0) -> np.ndarray:
    """n × n (mentor, mentee): Σ over topics of the mentor's rank weight × the mentee's
    normalised rank weight; both rankings used to their full length."""
    m_ranks, e_ranks = rankings(n, n_topics, seed)
    w = np.vectorize(lambda r: rank_weight(int(r), n_topics))
    wm, we = w(m_ranks), w(e_ranks)
    we = we / we.sum(axis=1, keepdims=True)
    return np.asarray(wm @ we.T, dtype=np.float64)


def optimum(values: np.ndarray) -> float:
    rows, cols = linear_sum_assignment(values, maximize=True)
    return float(values[rows, cols].sum())
