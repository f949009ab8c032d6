"""Stated preferences; defined in `matcher.preferences` (below the solver and the validator)."""

from matcher.preferences import MAX_RANK, preference_key

__all__ = ["MAX_RANK", "preference_key"]
