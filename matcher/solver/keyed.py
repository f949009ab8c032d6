"""Exact assignment once the groups to open are chosen: a min-cost flow with lower bounds.

The hard part of a group problem is which (mentor, topic, form) keys to open; given the open
keys, who joins which group (and who meets whom one-to-one) is a flow:

    source → mentor (capacity) → key (at least group_min, at most min(group_max, capacity))
           → mentee (one arc per membership, cost −(gain + group value)) → sink (coverage
           first, as in `flow`); each open key gives one group value back (a group of k is
           worth k − 1 of them)
    mentor → mentee (one arc per one-to-one candidate)

The lower bound of a key arc is the usual transformation (the key node supplies group_min, its
mentor demands it). The minimum cost is minus the objective, so `polish` turns any feasible
answer into the best one with the same groups open: never worse, often much better in score.
It applies where the flow's objective is the whole objective (no kept proposals, no stability,
fairness or load balance), and answers None if a mentee would meet one mentor twice (possible
only for mentees wanting several mentors), so callers keep what they had.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from matcher import control
from matcher.solver.instance import I64, GroupOptions, Instance, IntArray
from matcher.solver.solution import Group, Solution, value


def applies(inst: Instance, *, stable: bool = False) -> bool:
    """Whether the flow's objective is the whole objective for this instance."""
    return not (stable or inst.coupled or inst.balance or inst.fixed_pairs.size
                or inst.fixed_groups)


def polish(inst: Instance, opts: GroupOptions, sol: Solution, cands: IntArray) -> Solution:
    """The best answer over candidates `cands` with the groups of `sol` open (or `sol` itself
    if that is not better or the flow cannot express it)."""
    better = keyed_flow(inst, opts, open_keys(opts, sol), cands)
    if better is not None and value(inst, better) > value(inst, sol):
        return better
    return sol


def open_keys(opts: GroupOptions, sol: Solution) -> IntArray:
    index = {(int(m), int(t), int(f)): k for k, (m, t, f) in
             enumerate(zip(opts.mentor.tolist(), opts.topic.tolist(), opts.form.tolist(),
                           strict=True))}
    return np.asarray(sorted(index[(g.mentor, g.topic, g.form)] for g in sol.groups), I64)


def keyed_flow(inst: Instance, opts: GroupOptions, keys: IntArray,
               cands: IntArray) -> Solution | None:
    """The optimal answer over `cands` (sorted global candidates) with exactly `keys` open."""
    solved = _solve(inst, opts, keys, cands)
    return None if solved is None else solved[1]()


def keyed_value(inst: Instance, opts: GroupOptions, keys: IntArray,
                cands: IntArray) -> int | None:
    """The objective of `keyed_flow` without building its answer (None where it has none)."""
    solved = _solve(inst, opts, keys, cands)
    return None if solved is None else solved[0]


def _solve(inst: Instance, opts: GroupOptions, keys: IntArray, cands: IntArray,
           ) -> tuple[int, Callable[[], Solution]] | None:
    """The optimal objective with exactly `keys` open and how to build its answer (None if
    the flow has none)."""
    in_cands = np.zeros(inst.n_candidates, bool)
    in_cands[cands] = True
    is_open = np.zeros(opts.n_keys, bool)
    is_open[keys] = True
    member = np.flatnonzero(is_open[opts.member_key] & in_cands[opts.member_cand])
    pairs = cands[inst.pair_usable[cands]]
    edge_cand = np.concatenate([opts.member_cand[member], pairs])
    mentors, m_of = np.unique(np.concatenate([inst.mentor[edge_cand], opts.mentor[keys]]),
                              return_inverse=True)
    mentees, e_of = np.unique(inst.mentee[edge_cand], return_inverse=True)
    n_m, n_k, n_e = mentors.size, keys.size, mentees.size
    source, sink = 0, 1
    m_node = 2 + np.arange(n_m, dtype=I64)
    k_node = 2 + n_m + np.arange(n_k, dtype=I64)
    e_node = 2 + n_m + n_k + np.arange(n_e, dtype=I64)
    key_pos = np.full(opts.n_keys, -1, I64)
    key_pos[keys] = np.arange(n_k)
    key_m = m_of[edge_cand.size:]
    cap = inst.total_cap[mentors]
    most = np.minimum(inst.group_max, inst.total_cap[opts.mentor[keys]])
    low = np.minimum(inst.group_min, most)
    demand = inst.demand[mentees]
    unit = inst.cover_unit + inst.cover_bonus[mentees]
    total = int(cap.sum())
    tails = np.concatenate([np.full(n_m, source), m_node[key_m], k_node[key_pos[opts.member_key[
        member]]], m_node[m_of[member.size:edge_cand.size]], e_node, e_node, [source]])
    heads = np.concatenate([m_node, k_node, e_node[e_of], np.full(2 * n_e + 1, sink)])
    caps = np.concatenate([cap, most - low, np.ones(edge_cand.size, I64), np.ones(n_e, I64),
                           demand - 1, [total]])
    worth = inst.gain[edge_cand] + np.where(np.arange(edge_cand.size) < member.size,
                                            inst.group_value, 0)
    costs = np.concatenate([np.zeros(n_m + n_k, I64), -worth, -unit, np.zeros(n_e + 1, I64)])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails.astype(I64), heads.astype(I64),
                                              caps.astype(I64), costs.astype(I64))
    supply = np.zeros(2 + n_m + n_k + n_e, I64)
    supply[source], supply[sink] = total, -total
    np.add.at(supply, m_node[key_m], -low)
    supply[k_node] += low
    for node, s in enumerate(supply.tolist()):
        if s:
            flow.set_node_supply(node, s)
    if flow.solve() != flow.OPTIMAL:
        return None
    first = n_m + n_k
    used = flow.flows(np.arange(first, first + edge_cand.size)) > 0
    chosen = edge_cand[used]
    code = inst.mentor[chosen] * len(inst.mentee_ids) + inst.mentee[chosen]
    if np.unique(code).size < code.size:
        return None  # one mentor twice for a mentee wanting several mentors

    def answer() -> Solution:
        on = used[:member.size]
        groups = []
        for k in keys.tolist():
            mine = member[on & (opts.member_key[member] == k)]
            groups.append(Group(mentor=int(opts.mentor[k]), topic=int(opts.topic[k]),
                                form=int(opts.form[k]), members=np.sort(opts.member_cand[mine])))
        return Solution(pairs=np.sort(pairs[used[member.size:]]), groups=tuple(groups))

    # The flow's cost counts every assigned gain, covered mentee and group member once, each
    # open group takes its first member's group value back: minus the objective.
    return -int(flow.optimal_cost()) - inst.group_value * n_k, answer


def improve_keys(inst: Instance, opts: GroupOptions, sol: Solution, cands: IntArray, *,
                 max_evaluations: int = 3000) -> Solution:
    """Local search over which groups are open, each choice scored exactly by `keyed_flow`:
    for every mentor in turn, open one more of their keys (if they may), close one, or swap one
    for another; keep the first change that raises the objective, until a whole pass changes
    nothing or `max_evaluations` flows have run (a count, not a clock: reproducible)."""
    best = polish(inst, opts, sol, cands)
    keys = set(open_keys(opts, best).tolist())
    best_value = keyed_value(inst, opts, np.asarray(sorted(keys), I64), cands)
    if best_value is None:
        return best
    in_cands = np.zeros(inst.n_candidates, bool)
    in_cands[cands] = True
    mine = np.unique(opts.member_key[in_cands[opts.member_cand]])
    by_mentor: dict[int, list[int]] = {}
    for k in mine.tolist():
        by_mentor.setdefault(int(opts.mentor[k]), []).append(k)
    evaluations, changed = 0, True
    while changed and evaluations < max_evaluations:
        changed = False
        for m, options in by_mentor.items():
            control.checkpoint()  # the local search honours a stop between mentors
            opened = sorted(k for k in options if k in keys)
            moves: list[set[int]] = [keys - {k} for k in opened]
            spare = len(opened) < int(inst.cap_groups[m])
            for a in options:
                if a in keys:
                    continue
                if spare:
                    moves.append(keys | {a})
                moves.extend((keys - {k}) | {a} for k in opened)
            for trial in moves:
                if evaluations >= max_evaluations:
                    break
                evaluations += 1
                got = keyed_value(inst, opts, np.asarray(sorted(trial), I64), cands)
                if got is not None and got > best_value:
                    best_value, keys, changed = got, trial, True
                    break
    if keys == set(open_keys(opts, best).tolist()):
        return best
    return keyed_flow(inst, opts, np.asarray(sorted(keys), I64), cands) or best


def lp_start(inst: Instance, opts: GroupOptions, cands: IntArray) -> Solution | None:
    """Round the LP relaxation of the group model over `cands`: each mentor opens the keys the
    LP opens most (up to `cap_groups`, only those it opens at all), `keyed_flow` fills them.

    The LP (memberships ≤ open, group sizes within bounds times open, open groups and members
    within the mentor's capacity, mentee demand and coverage) is nearly integral on group
    problems, far tighter than the relaxed flow, so its rounding is a strong start for the local
    search. GLOP is deterministic. None if the LP fails or the rounding has no answer."""
    from ortools.linear_solver import pywraplp

    in_cands = np.zeros(inst.n_candidates, bool)
    in_cands[cands] = True
    member = np.flatnonzero(in_cands[opts.member_cand])
    keys = np.unique(opts.member_key[member])
    if keys.size == 0:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    open_var = {k: solver.NumVar(0, 1, "") for k in keys.tolist()}
    pairs = cands[inst.pair_usable[cands]]
    m_cand = opts.member_cand[member].tolist()
    m_key = opts.member_key[member].tolist()
    x = [solver.NumVar(0, 1, "") for _ in m_cand]
    y = [solver.NumVar(0, 1, "") for _ in pairs.tolist()]
    terms_cand = m_cand + pairs.tolist()
    terms = x + y
    per_key: dict[int, list[Any]] = {}  # pywraplp variables (the module is untyped)
    for var, k in zip(x, m_key, strict=True):
        per_key.setdefault(k, []).append(var)
        solver.Add(var <= open_var[k])
    for k, members in per_key.items():
        m = int(opts.mentor[k])
        most = min(inst.group_max, int(inst.total_cap[m]))
        solver.Add(solver.Sum(members) <= most * open_var[k])
        solver.Add(solver.Sum(members) >= min(inst.group_min, most) * open_var[k])
    by: dict[str, dict[int, list[Any]]] = {"mentor": {}, "mentee": {}, "cand": {}}
    for var, c in zip(terms, terms_cand, strict=True):
        by["mentor"].setdefault(int(inst.mentor[c]), []).append(var)
        by["mentee"].setdefault(int(inst.mentee[c]), []).append(var)
        by["cand"].setdefault(c, []).append(var)
    for m, vs in by["mentor"].items():
        solver.Add(solver.Sum(vs) <= int(inst.total_cap[m]))
    for m in np.unique(opts.mentor[keys]).tolist():
        mine = [open_var[k] for k in keys[opts.mentor[keys] == m].tolist()]
        solver.Add(solver.Sum(mine) <= int(inst.cap_groups[m]))
    for vs in by["cand"].values():
        if len(vs) > 1:
            solver.Add(solver.Sum(vs) <= 1)
    objective = solver.Objective()
    for e, vs in by["mentee"].items():
        solver.Add(solver.Sum(vs) <= int(inst.demand[e]))
        covered = solver.NumVar(0, 1, "")
        solver.Add(covered <= solver.Sum(vs))
        objective.SetCoefficient(covered, float(inst.cover_unit + inst.cover_bonus[e]))
    for i, (var, c) in enumerate(zip(terms, terms_cand, strict=True)):
        objective.SetCoefficient(var, float(inst.gain[c] + (inst.group_value if i < len(x)
                                                            else 0)))
    for var in open_var.values():
        objective.SetCoefficient(var, -float(inst.group_value))
    objective.SetMaximization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    level = np.asarray([open_var[k].solution_value() for k in keys.tolist()])
    ranked: list[int] = []
    for m in np.unique(opts.mentor[keys]).tolist():
        of_m = np.flatnonzero(opts.mentor[keys] == m)
        ranked.extend(
            of_m[np.lexsort((keys[of_m], -level[of_m]))][: int(inst.cap_groups[m])].tolist())
    top = np.asarray(ranked, I64)
    for threshold in (0.5, 0.9, 1.0 - 1e-6):  # fewer groups if some cannot reach group_min
        chosen = np.sort(keys[top[level[top] >= threshold]])
        out = keyed_flow(inst, opts, chosen, cands)
        if out is not None:
            return out
    return None
