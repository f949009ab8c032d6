"""Stated preferences for stability: wishes first, scores where no wish is stated.

A person prefers a `yes` (ranked ones by rank, then unranked) to a `maybe`, a `maybe` to no
stated wish, and among equals the higher pair score; equal keys are ties (weak preference).
`no` never occurs among candidates: it is a hard rule.

A person who ranked their topics (`request_ranks` as a mentee, `competency_ranks` as a
mentor) states a preference too: within a wish tier they prefer the partner whose topics meet
their ranking best (`topic_part`, to its full length), then the higher pair score. Nobody
ranked: the keys are exactly as before.
"""

from __future__ import annotations

from matcher.model import Participant, WishLevel, rank_weight

_TIER = {WishLevel.yes: 3, WishLevel.maybe: 2}
MAX_RANK = 9_999  # ranks up to here stay distinct (the key keeps 4 digits for them)
TOPIC_STEPS = 9_999  # a ranked-topic fit in [0, 1] as 0..TOPIC_STEPS (4 digits of the key)


def topic_fit(person: Participant, partner: Participant, *, as_mentor: bool) -> float | None:
    """How well `partner` meets `person`'s topic ranking, in [0, 1]; None if they rank none.

    A mentee: their ranked requests weighted by rank, each covered to the mentor's level / 3.
    A mentor: their ranked competencies weighted by rank and level / 3, times the share of the
    mentee's asks (by rank or priority) on each."""
    if as_mentor:
        ranks, levels = person.competency_ranks, person.competencies
        if not ranks:
            return None
        asks = _asks(partner)
        return sum(rank_weight(ranks.get(t), len(levels)) * lvl / 3 * asks.get(t, 0.0)
                   for t, lvl in levels.items())
    ranks, levels = person.request_ranks, person.requests
    if not ranks:
        return None
    weights = {t: rank_weight(ranks.get(t), len(levels)) for t in levels}
    total = sum(weights.values())
    return sum(w * partner.competencies.get(t, 0) / 3 for t, w in weights.items()) / total


def _asks(mentee: Participant) -> dict[str, float]:
    """A mentee's requests as shares summing to 1: by rank where ranked, else by priority."""
    n = len(mentee.requests)
    raw = {t: rank_weight(mentee.request_ranks.get(t), n) if mentee.request_ranks else lvl
           for t, lvl in mentee.requests.items()}
    total = sum(raw.values()) or 1.0
    return {t: v / total for t, v in raw.items()}


def preference_key(person: Participant | None, other: str, score_int: int, *,
                   partner: Participant | None = None, as_mentor: bool = False) -> int:
    """How much `person` wants `other` (higher is better), given their pair score ×SCALE;
    with the `partner` itself, a person's topic ranking counts too (`topic_fit`)."""
    wish = person.wish_about(other) if person is not None else None
    tier, rank_part = 1, 0
    if wish is not None and wish.level in _TIER:
        tier = _TIER[wish.level]
        if wish.rank is not None:
            rank_part = MAX_RANK + 1 - min(wish.rank, MAX_RANK)
    fit = topic_fit(person, partner, as_mentor=as_mentor) \
        if person is not None and partner is not None else None
    topic = 0 if fit is None else round(min(max(fit, 0.0), 1.0) * TOPIC_STEPS)
    return ((tier * 100_000 + rank_part) * 10_000 + topic) * 10_000 + score_int
