"""What a CP-SAT rule adds to the objective, returned by its `build` (the cpsat-primer way).

Each rule module's `build(model, vars)` adds its constraints and returns an `ObjectiveTerms`:
its (variables, coefficients) at each objective level and how to hint the auxiliary variables it
made. `matcher.solver.cpsat` collects them, by rule name, and writes the objective in one
explicit order, so which rule ran first no longer changes the objective silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.solver.instance import I64, IntArray

Term = tuple[IntArray, IntArray]  # (proto variable indices, integer coefficients or values)
HintFn = Callable[[IntArray], Term]  # assigned global candidates → (variables, values)


@dataclass(frozen=True, eq=False)
class ObjectiveTerms:
    """One rule's share of the objective (maximised).

    - `coverage`: the coverage level: maximised alone first under `Goal.coverage_first`
      (`cpsat.solve_lexicographic`), then part of the whole objective;
    - `rest`: the other terms of the whole objective;
    - `hint`: values of the rule's own auxiliary variables for a given assignment, so a hinted
      solution is complete.
    """

    coverage: tuple[Term, ...] = ()
    rest: tuple[Term, ...] = ()
    hint: HintFn | None = None


NO_TERMS = ObjectiveTerms()


def concat(terms: list[Term]) -> Term:
    """The terms as one (variables, coefficients) pair, in the order given."""
    if not terms:
        return np.zeros(0, I64), np.zeros(0, I64)
    return (np.concatenate([t[0] for t in terms]).astype(I64),
            np.concatenate([np.asarray(t[1], I64) for t in terms]))
