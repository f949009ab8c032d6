"""The CP-SAT model over one set of candidates: data, variables, constraints, objective, solve.

The objective is `matcher.solver.objective`, maximised (written as a minimisation of its
negative in the proto). Every solver status is handled: OPTIMAL and FEASIBLE give a result with
its bound; INFEASIBLE raises `Infeasible`; UNKNOWN (no solution in time) returns None so the
caller can fall back to a known feasible answer or raise `NoSolution`; MODEL_INVALID is a bug.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from matcher.errors import Infeasible
from matcher.solver.instance import I64, GroupOptions, Instance
from matcher.solver.rules import balance, capacity, demand, fairness, groups, kept, stable
from matcher.solver.solution import Solution
from matcher.solver.variables import Vars, build_vars


@dataclass(frozen=True, eq=False)
class CpOutcome:
    solution: Solution
    optimal: bool
    value: int  # objective of the solution, 1/SCALE units
    bound: int  # proven upper bound on the objective
    work: float = 0.0  # deterministic time CP-SAT spent (reproducible, unlike wall time)


def build_model(
    inst: Instance, cands: np.ndarray, group_options: GroupOptions, *, stable_rule: bool = False,
) -> tuple[cp_model.CpModel, Vars]:
    """Variables, constraints and objective for candidates `cands` (sorted global indices)."""
    model = cp_model.CpModel()
    v = build_vars(model, inst, cands, group_options)
    capacity.build(model, v)
    demand.build(model, v)
    groups.build(model, v)
    kept.build(model, v)
    if stable_rule:
        stable.build(model, v)
    if inst.fairness:
        fairness.build(model, v)
    if inst.balance:
        balance.build(model, v)
    objective(model, v)
    return model, v


def objective(model: cp_model.CpModel, v: Vars) -> None:
    """The whole objective of `matcher.solver.objective` over this model's variables."""
    inst = v.inst
    term_var, term_cand = v.terms()
    parts = [(term_var, inst.gain[v.cands[term_cand]]), *v.objective_terms]
    if v.covered.size:
        mentees = np.flatnonzero(v.covered >= 0)
        parts.append((v.covered[mentees], inst.cover_unit + inst.cover_bonus[mentees]))
    if v.worst is not None:
        parts.append((np.asarray([v.worst], I64), np.asarray([inst.fairness], I64)))
    variables = np.concatenate([p[0] for p in parts]).astype(I64)
    coeffs = np.concatenate([np.asarray(p[1], I64) for p in parts])
    set_objective(model, variables, coeffs)


def set_objective(model: cp_model.CpModel, variables: np.ndarray, coeffs: np.ndarray) -> None:
    """Maximise Σ coeffs·variables (written as minimising its negative)."""
    keep = coeffs != 0
    model.proto.clear_objective()
    objective = model.proto.objective
    objective.vars.extend(variables[keep].tolist())
    objective.coeffs.extend((-coeffs[keep]).tolist())


def coverage_terms(v: Vars) -> tuple[np.ndarray, np.ndarray]:
    """The coverage part of the objective: (covered variables, W + bonus)."""
    mentees = np.flatnonzero(v.covered >= 0)
    inst = v.inst
    return v.covered[mentees], inst.cover_unit + inst.cover_bonus[mentees]


def solve_lexicographic(
    model: cp_model.CpModel, v: Vars, *, time_limit_s: float, seed: int, workers: int,
    log: bool = False, deterministic: bool = True, full_objective: Callable[[], None],
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
    cov_vars, cov_coeffs = coverage_terms(v)
    set_objective(model, cov_vars, cov_coeffs)
    first = solve_model(model, v, time_limit_s=0.6 * time_limit_s, seed=seed, workers=workers,
                        log=log, deterministic=deterministic, wall_limit_s=wall)
    if first is None:
        return None, False
    full_objective()
    ct = model.proto.constraints.add().linear
    ct.vars.extend(cov_vars.tolist())
    ct.coeffs.extend(cov_coeffs.tolist())
    ct.domain.extend((first.value, int(cov_coeffs.sum())))
    start = improve(first.solution) if improve is not None else first.solution
    model.clear_hints()
    hint(model, v, start)
    wall_left = wall - (time.perf_counter() - started)
    left = time_limit_s - first.work if deterministic else wall_left
    second = solve_model(model, v, time_limit_s=left, seed=seed, workers=workers, log=log,
                         deterministic=deterministic, wall_limit_s=wall_left)
    if second is None:  # phase 2 found nothing in time: its start is still the best known
        return CpOutcome(start, first.optimal, first.value, first.bound, first.work), first.optimal
    return CpOutcome(second.solution, second.optimal, second.value, second.bound,
                     first.work + second.work), first.optimal


def hint(model: cp_model.CpModel, v: Vars, sol: Solution) -> None:
    """Hint a complete solution: assignments, coverage, load units and the worst score."""
    variables, values = v.hint_values(sol)
    parts_v, parts_x = [variables], [values]
    inst, idx = v.inst, sol.assigned()
    if v.covered.size:
        mentees = np.flatnonzero(v.covered >= 0)
        parts_v.append(v.covered[mentees])
        parts_x.append(np.isin(mentees, inst.mentee[idx]).astype(I64))
    if v.load_units is not None:
        units, owner, k = v.load_units
        load = np.bincount(inst.mentor[idx], minlength=len(inst.mentor_ids))
        parts_v.append(units)
        parts_x.append((k <= load[owner]).astype(I64))
    if v.worst is not None:
        parts_v.append(np.asarray([v.worst], I64))
        parts_x.append(np.asarray([int(inst.score[idx].min()) if idx.size else 0], I64))
    h = model.proto.solution_hint
    h.vars.extend(np.concatenate(parts_v).tolist())
    h.values.extend(np.concatenate(parts_x).tolist())


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
    if inst.pref_mentee is not None:
        reasons.append("нет устойчивого распределения при границах групп / "
                       "no stable result within the group bounds")
    return reasons or ["правила модели несовместимы / the model's rules conflict"]
