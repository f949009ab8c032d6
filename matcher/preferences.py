"""Stated preferences for stability: wishes first, scores where no wish is stated.

A person prefers a `yes` (ranked ones by rank, then unranked) to a `maybe`, a `maybe` to no
stated wish, and among equals the higher pair score; equal keys are ties (weak preference).
`no` never occurs among candidates: it is a hard rule.
"""

from __future__ import annotations

from matcher.model import Participant, WishLevel

_TIER = {WishLevel.yes: 3, WishLevel.maybe: 2}
MAX_RANK = 9_999  # ranks up to here stay distinct (the key keeps 4 digits for them)


def preference_key(person: Participant | None, other: str, score_int: int) -> int:
    """How much `person` wants `other` (higher is better), given their pair score ×SCALE."""
    wish = person.wish_about(other) if person is not None else None
    tier, rank_part = 1, 0
    if wish is not None and wish.level in _TIER:
        tier = _TIER[wish.level]
        if wish.rank is not None:
            rank_part = MAX_RANK + 1 - min(wish.rank, MAX_RANK)
    return (tier * 100_000 + rank_part) * 10_000 + score_int
