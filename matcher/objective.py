"""The objective, defined once: what a result is worth, in score units.

Below both the solver and the validator (`matcher.validation`), so the independent check
shares no code with the solver's model.

    objective = W · covered + Σ_e bonus_e · [e covered]         (coverage first)
              + Σ over assigned pairs (score + keep bonus if the pair was proposed before)
              + group_value · Σ_groups (members − 1)                (the mentor time saved)
              − balance · Σ_mentors load²
              + fairness · (worst assigned score, 0 if nobody is assigned)
              + priority_bonus · Σ_e priority_e · [e covered]
              − shortfall_penalty · Σ_quota-values max(0, at_least − pairs)
              − min_load_penalty · Σ_mentors max(0, min_load target − load)

`covered` counts mentees with at least one mentor. With `Goal.coverage_first` the coverage unit
W exceeds everything the other terms can gain, so the order is lexicographic; with
`Goal.best_total` W is 0 and coverage counts only through scores. All terms are integers in
1/SCALE units inside the solvers; the validator recomputes the same value without them.
"""

from __future__ import annotations

from matcher.model import Bank, Goal, Kind, Participant, Programme, Quota, Side
from matcher.options import SCALE, SolveOptions

MAX_LOAD_STEP = 60  # 2·30 − 1: the largest step of load² for a mentor (capacity ≤ 30)


def total_demand(bank: Bank, programme: Programme) -> int:
    """Σ mentors_wanted over the programme's mentees: the most assignments any result has."""
    return sum(p.mentee.mentors_wanted for p in bank.mentees
               if p.mentee is not None and programme.covers(p))


def coverage_unit(demand: int, goal: Goal, options: SolveOptions, group_value: int = 0,
                  penalties: int = 0) -> int:
    """W in 1/SCALE units: more than all other terms together can change (0 for best_total);
    `group_value` in 1/SCALE units (`group_value_of`), `penalties` the most the soft bounds
    can charge (`penalty_room`)."""
    if goal != Goal.coverage_first:
        return 0
    per_assignment = (
        SCALE + options.scaled(options.keep_bonus) + options.scaled(options.unmatched_bonus)
        + MAX_LOAD_STEP * options.scaled(options.balance) + group_value
        + 3 * options.scaled(options.priority_bonus)
    )
    return demand * per_assignment + options.fairness * SCALE + penalties + 1


def min_load_target(p: Participant, programme: Programme, options: SolveOptions) -> int:
    """How many mentees the mentor should get where possible: `min_load` within their
    capacity, for a mentor who may mentor in the programme (0 for anyone else)."""
    if not options.min_load or p.mentor is None or not programme.covers(p) \
            or not p.can_mentor(programme.rules_date):
        return 0
    cap = p.mentor.capacity_mentees or p.mentor.capacity_groups * programme.group_max
    return min(options.min_load, cap)


def penalty_room(bank: Bank, programme: Programme, options: SolveOptions) -> int:
    """The most the soft lower bounds (quotas' "at least", the minimum load) can charge, in
    1/SCALE units; a bound over every value of a field counts once per value in the bank."""
    total = 0
    for q in programme.quotas:
        if q.at_least:
            total += len(quota_values(bank, programme, q)) * q.at_least * options.scaled(
                q.shortfall_penalty)
    if options.min_load:
        pen = options.scaled(options.min_load_penalty)
        total += pen * sum(min_load_target(p, programme, options) for p in bank.mentors)
    return total


def group_value_of(programme: Programme, options: SolveOptions) -> int:
    """The programme's group value in 1/SCALE units (0 where the programme has no groups)."""
    return options.scaled(programme.group_value) if Kind.group in programme.kinds else 0


def group_gain(sizes: list[int], group_value: int) -> int:
    """What groups of these sizes are worth: `group_value` per member beyond the first."""
    return group_value * sum(max(k - 1, 0) for k in sizes)


def quota_side(q: Quota, bank: Bank, programme: Programme) -> tuple[Participant, ...]:
    """The people a quota counts pairs by: the programme's mentors or mentees."""
    people = bank.mentors if q.side == Side.mentor else bank.mentees
    return tuple(p for p in people if programme.covers(p))


def quota_values(bank: Bank, programme: Programme, q: Quota) -> tuple[str, ...]:
    """The values a quota holds for, one bound each: its own value, or every value the
    people on its side have (normalised, sorted)."""
    if q.value:
        return tuple(sorted(q.matches_value()))
    return tuple(sorted({v for p in quota_side(q, bank, programme) for v in q.matches(p)}))
