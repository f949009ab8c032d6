"""Solver options; defined in `matcher.options` (below the solver and the validator)."""

from matcher.options import DEFAULT_OPTIONS, SCALE, SolveOptions

__all__ = ["DEFAULT_OPTIONS", "SCALE", "SolveOptions"]
