"""The CP-SAT model over one set of candidates: data, variables, constraints, objective, solve.

The objective is `matcher.objective`, maximised (written as a minimisation of its negative in
the proto): the assignments' gains plus the `ObjectiveTerms` each rule's `build` returns.
Every solver status is handled: OPTIMAL and FEASIBLE give a result with its bound; INFEASIBLE
raises `Infeasible`; UNKNOWN (no solution in time) returns None so the caller can fall back to
a known feasible answer or raise `NoSolution`; MODEL_INVALID is a bug.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher import control
from matcher.errors import Infeasible
from matcher.solver.instance import I64, GroupOptions, Instance
from matcher.solver.rules import (
    balance,
    capacity,
    demand,
    fairness,
    group_value,
    groups,
    kept,
    min_load,
    quotas,
    stable,
)
from matcher.solver.solution import Solution
from matcher.solver.terms import ObjectiveTerms, Term, concat
from matcher.solver.variables import Vars, build_vars


@dataclass(frozen=True, eq=False)
class CpOutcome:
    solution: Solution
    optimal: bool
    value: int  # objective of the solution, 1/SCALE units
    bound: int  # proven upper bound on the objective
    work: float = 0.0  # deterministic time CP-SAT spent (reproducible, unlike wall time)


@dataclass(frozen=True, eq=False)
class Objective:
    """The objective of one model: the assignments' gains plus the terms every rule returned."""

    gain: Term
    rules: tuple[ObjectiveTerms, ...]

    def coverage(self) -> Term:
        """The coverage level alone (phase 1 of `solve_lexicographic`)."""
        return concat([t for r in self.rules for t in r.coverage])

    def whole(self) -> Term:
        """Every term: gains, coverage and the rest."""
        return concat([self.gain, *(t for r in self.rules for t in (*r.coverage, *r.rest))])

    def hints(self, assigned: np.ndarray) -> list[Term]:
        """Values of the rules' auxiliary variables for the assignment `assigned`."""
        return [r.hint(assigned) for r in self.rules if r.hint is not None]


def build_model(
    inst: Instance, cands: np.ndarray, group_options: GroupOptions, *, stable_rule: bool = False,
) -> tuple[cp_model.CpModel, Vars, Objective]:
    """Variables, constraints and objective for candidates `cands` (sorted global indices)."""
    model = cp_model.CpModel()
    v = build_vars(model, inst, cands, group_options)
    rules = [capacity, demand, groups, kept]
    if stable_rule:
        rules.append(stable)
    if inst.group_value:
        rules.append(group_value)
    if inst.fairness:
        rules.append(fairness)
    if inst.balance:
        rules.append(balance)
    if inst.quotas:
        rules.append(quotas)
    if inst.min_load_penalty and inst.min_load.any():
        rules.append(min_load)
    term_var, term_cand = v.terms()
    obj = Objective(gain=(term_var, inst.gain[v.cands[term_cand]]),
                    rules=tuple(rule.build(model, v) for rule in rules))
    set_objective(model, *obj.whole())
    return model, v, obj


def set_objective(model: cp_model.CpModel, variables: np.ndarray, coeffs: np.ndarray) -> None:
    """Maximise Σ coeffs·variables (written as minimising its negative), terms sorted by
    variable so that the order the rules returned them in does not matter."""
    keep = coeffs != 0
    order = np.argsort(variables[keep], kind="stable")
    model.proto.clear_objective()
    objective = model.proto.objective
    objective.vars.extend(variables[keep][order].tolist())
    objective.coeffs.extend((-coeffs[keep][order]).tolist())


def solve_lexicographic(
    model: cp_model.CpModel, v: Vars, obj: Objective, *, time_limit_s: float, seed: int,
    workers: int, log: bool = False, deterministic: bool = True,
    wall_limit_s: float | None = None, improve: Callable[[Solution], Solution] | None = None,
) -> tuple[CpOutcome | None, bool]:
    """Coverage first, then the rest: phase 1 maximises coverage alone (up to 60% of the
    time), phase 2 keeps that coverage and maximises the whole objective.

    With `deterministic`, `time_limit_s` is deterministic time (see `solve_model`) and phase 2
    gets what phase 1 left of it, so the split does not depend on the machine's speed either.
    `improve`, if given, turns phase 1's answer into a better one with at least its coverage
    (`matcher.solver.keyed`), which phase 2 starts from.
    Returns the phase-2 outcome (the phase-1 one if phase 2 finds nothing in time) and whether
    the coverage was proven optimal (then phase 2's bound is a bound of the whole problem).
    """
    started = time.perf_counter()
    wall = wall_limit_s if wall_limit_s is not None else time_limit_s
    cov_vars, cov_coeffs = obj.coverage()
    set_objective(model, cov_vars, cov_coeffs)
    first = solve_model(model, v, time_limit_s=0.6 * time_limit_s, seed=seed, workers=workers,
                        log=log, deterministic=deterministic, wall_limit_s=wall)
    if first is None:
        return None, False
    set_objective(model, *obj.whole())
    ct = model.proto.constraints.add().linear
    ct.vars.extend(cov_vars.tolist())
    ct.coeffs.extend(cov_coeffs.tolist())
    ct.domain.extend((first.value, int(cov_coeffs.sum())))
    start = improve(first.solution) if improve is not None else first.solution
    model.clear_hints()  # type: ignore[no-untyped-call]  # unannotated in ortools
    hint(model, v, obj, start)
    wall_left = wall - (time.perf_counter() - started)
    left = time_limit_s - first.work if deterministic else wall_left
    second = solve_model(model, v, time_limit_s=left, seed=seed, workers=workers, log=log,
                         deterministic=deterministic, wall_limit_s=wall_left)
    if second is None:  # phase 2 found nothing in time: its start is still the best known
        return CpOutcome(start, first.optimal, first.value, first.bound, first.work), first.optimal
    return CpOutcome(second.solution, second.optimal, second.value, second.bound,
                     first.work + second.work), first.optimal


def hint(model: cp_model.CpModel, v: Vars, obj: Objective, sol: Solution) -> None:
    """Hint a complete solution: assignments and the rules' own variables (coverage, load
    units, the worst score), sorted by variable."""
    parts = [v.hint_values(sol), *obj.hints(sol.assigned())]
    variables, values = concat(parts)
    order = np.argsort(variables, kind="stable")
    h = model.proto.solution_hint
    h.vars.extend(variables[order].tolist())
    h.values.extend(values[order].tolist())


def solve_model(
    model: cp_model.CpModel, v: Vars, *, time_limit_s: float, seed: int, workers: int,
    log: bool = False, deterministic: bool = True, wall_limit_s: float | None = None,
) -> CpOutcome | None:
    """Solve; None if no solution was found in time.

    With `deterministic` the search is CP-SAT's interleaved one and `time_limit_s` is a limit
    on deterministic time (CP-SAT's count of work done, about a second of a free core per
    unit), so the same model and seed give the same answer even when the limit is reached, on
    any machine and under any load. `wall_limit_s` (default: the same number of seconds) is
    only a safety net against a machine far slower than usual. Without `deterministic` the
    free portfolio runs against the wall clock.
    """
    control.checkpoint()
    solver = cp_model.CpSolver()
    p = solver.parameters
    wall = wall_limit_s if wall_limit_s is not None else time_limit_s
    p.max_time_in_seconds = max(wall, 0.05)
    if deterministic:
        p.max_deterministic_time = max(time_limit_s, 0.01)
    p.num_workers = workers
    p.random_seed = seed
    p.interleave_search = deterministic  # reproducible parallel search: same seed, same answer
    p.log_search_progress = log
    # CP-SAT would take Ctrl-C for itself and end the search as if its time were up, so the
    # caller would get a result; a stop is the caller's to ask for (`matcher.control`).
    p.catch_sigint_signal = False
    with control.stopping(solver):  # a requested stop ends the search within a moment
        status = solver.solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        values = np.asarray(solver.response_proto.solution, I64)
        sol = v.extract(values)
        return CpOutcome(
            solution=sol, optimal=status == cp_model.OPTIMAL,
            value=-round(solver.objective_value), bound=-round(solver.best_objective_bound),
            work=solver.deterministic_time,
        )
    if status == cp_model.INFEASIBLE:
        raise Infeasible(_infeasible_reasons(v))
    if status == cp_model.UNKNOWN:
        return None
    raise RuntimeError(f"CP-SAT rejected the model: {model.validate() or status}")


def _infeasible_reasons(v: Vars) -> list[str]:
    inst = v.inst
    reasons = []
    if inst.fixed_pairs.size or inst.fixed_groups:
        reasons.append("подтверждённые предложения нарушают правила / kept proposals break a rule")
    if inst.quotas:
        reasons.append("квоты программы несовместимы с закреплёнными парами или с "
                       "устойчивостью / the programme's quotas conflict with the kept pairs "
                       "or with stability")
    if inst.pref_mentee is not None:
        reasons.append("нет устойчивого распределения при границах групп / "
                       "no stable result within the group bounds")
    return reasons or ["правила модели несовместимы / the model's rules conflict"]
