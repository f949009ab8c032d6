"""The objective; defined in `matcher.objective` (below the solver and the validator)."""

from matcher.objective import MAX_LOAD_STEP, coverage_unit, total_demand

__all__ = ["MAX_LOAD_STEP", "coverage_unit", "total_demand"]
