"""Solver: the exact flow for plain pairing, CP-SAT for groups and options, reruns, why-not.

`solve(bank, programme, ...) -> RunResult` is the entry point (see `matcher.solver.api`);
`assign(scores, capacity, ...) -> Assignment` is the exact method for a caller's own scores
(see `matcher.solver.assignment`).
Nothing here starts a solver or loads the scorer at import time.
"""

from matcher.options import SolveOptions
from matcher.solver.api import solve
from matcher.solver.assignment import Assignment, assign
from matcher.solver.causes import name_causes, previous_people
from matcher.solver.rerun import RunDiff, diff
from matcher.solver.why_not import WhyNot, why_not

__all__ = ["Assignment", "RunDiff", "SolveOptions", "WhyNot", "assign", "diff", "name_causes",
           "previous_people", "solve", "why_not"]
