"""The objective, defined once: what a result is worth, in score units.

Below both the solver and the validator (`matcher.validation`), so the independent check
shares no code with the solver's model.

    objective = W · covered + Σ_e bonus_e · [e covered]         (coverage first)
              + Σ over assigned pairs (score + keep bonus if the pair was proposed before)
              + group_value · Σ_groups (members − 1)                (the mentor time saved)
              − balance · Σ_mentors load²
              + fairness · (worst assigned score, 0 if nobody is assigned)

`covered` counts mentees with at least one mentor. With `Goal.coverage_first` the coverage unit
W exceeds everything the other terms can gain, so the order is lexicographic; with
`Goal.best_total` W is 0 and coverage counts only through scores. All terms are integers in
1/SCALE units inside the solvers; the validator recomputes the same value without them.
"""

from __future__ import annotations

from matcher.model import Bank, Goal, Kind, Programme
from matcher.options import SCALE, SolveOptions

MAX_LOAD_STEP = 60  # 2·30 − 1: the largest step of load² for a mentor (capacity ≤ 30)


def total_demand(bank: Bank, programme: Programme) -> int:
    """Σ mentors_wanted over the programme's mentees: the most assignments any result has."""
    return sum(p.mentee.mentors_wanted for p in bank.mentees
               if p.mentee is not None and programme.covers(p))


def coverage_unit(demand: int, goal: Goal, options: SolveOptions, group_value: int = 0) -> int:
    """W in 1/SCALE units: more than all other terms together can change (0 for best_total);
    `group_value` in 1/SCALE units (`group_value_of`)."""
    if goal != Goal.coverage_first:
        return 0
    per_assignment = (
        SCALE + options.scaled(options.keep_bonus) + options.scaled(options.unmatched_bonus)
        + MAX_LOAD_STEP * options.scaled(options.balance) + group_value
    )
    return demand * per_assignment + options.fairness * SCALE + 1


def group_value_of(programme: Programme, options: SolveOptions) -> int:
    """The programme's group value in 1/SCALE units (0 where the programme has no groups)."""
    return options.scaled(programme.group_value) if Kind.group in programme.kinds else 0


def group_gain(sizes: list[int], group_value: int) -> int:
    """What groups of these sizes are worth: `group_value` per member beyond the first."""
    return group_value * sum(max(k - 1, 0) for k in sizes)
