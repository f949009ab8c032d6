"""Exact fast path: one-to-one pairing as a min-cost flow, solved per connected component.

source → mentor (capacity; with `balance`, unit arcs costing balance·(2k−1) for the k-th mentee,
so their sum is balance·load²) → mentee (one arc per candidate, cost −(score + keep bonus)) →
sink (the first unit costs −(W + bonus): coverage first; further units up to the demand cost 0).
A source → sink bypass lets the flow stop where more pairs would not pay. The minimum cost is
minus the objective of `matcher.objective`, so the flow is exact where it applies (no
groups, no stability, no fairness) and, over every pair and group edge with the mentors' total
capacity (group edges worth the group value more), an upper bound where it does not.

Where W outweighs every other term, the optimum covers the most mentees the network can (one
maximum flow finds how many) and is the cheapest flow that covers that many; so W is left out
of the costs and the first units must fill a node that takes exactly that many
(`_coverage_decides`): OR-Tools' cost scaling runs a phase per bit of the largest cost, and
solves this in about half the time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from ortools.graph.python.max_flow import SimpleMaxFlow
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from matcher.solver.components import components
from matcher.solver.instance import I64, BoolArray, Instance, IntArray


@dataclass(frozen=True, eq=False)
class Residual:
    """What is left after fixed (kept) assignments: capacities, demand, load and coverage."""

    cap: IntArray  # per mentor
    demand: IntArray  # per mentee
    load: IntArray  # per mentor, already assigned
    covered: BoolArray  # per mentee
    free: BoolArray  # per candidate: not fixed and not the same mentor again


def residual(inst: Instance, fixed: IntArray, cap: IntArray) -> Residual:
    """Capacities left after the `fixed` candidate indices are assigned."""
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    load = np.bincount(inst.mentor[fixed], minlength=n_m).astype(I64)
    got = np.bincount(inst.mentee[fixed], minlength=n_e).astype(I64)
    taken = np.zeros(inst.n_candidates, bool)
    if fixed.size:
        pair_code = inst.mentor * n_e + inst.mentee
        taken = np.isin(pair_code, pair_code[fixed])
    return Residual(
        cap=np.maximum(cap - load, 0), demand=np.maximum(inst.demand - got, 0), load=load,
        covered=got > 0, free=~taken,
    )


def solve_flow(inst: Instance, allowed: BoolArray, cap: IntArray,
               fixed: IntArray | None = None, gain: IntArray | None = None) -> IntArray:
    """Optimal one-to-one assignment over `allowed` candidates with mentor capacities `cap`,
    each candidate worth `gain` (default: `inst.gain`; the relaxed bound adds the group value).

    Returns the chosen candidate indices (fixed ones included), sorted.
    """
    fixed = np.zeros(0, I64) if fixed is None else fixed
    res = residual(inst, fixed, cap)
    usable = allowed & res.free & (res.cap[inst.mentor] > 0) & (res.demand[inst.mentee] > 0)
    chosen = [fixed.astype(I64)]
    for comp in components(inst, usable):
        chosen.append(_solve_component(inst, comp, res, inst.gain if gain is None else gain))
    return np.sort(np.concatenate(chosen))


def _solve_component(inst: Instance, cidx: IntArray, res: Residual,
                     gain: IntArray) -> IntArray:
    mentors, m_local = np.unique(inst.mentor[cidx], return_inverse=True)
    mentees, e_local = np.unique(inst.mentee[cidx], return_inverse=True)
    n_m = mentors.size
    source, sink = 0, 1
    m_node = 2 + np.arange(n_m, dtype=I64)
    e_node = 2 + n_m + np.arange(mentees.size, dtype=I64)
    tails: list[IntArray] = []
    heads: list[IntArray] = []
    caps: list[IntArray] = []
    costs: list[IntArray] = []

    def arcs(t: ArrayLike, h: ArrayLike, c: ArrayLike, cost: ArrayLike) -> None:
        tails.append(np.asarray(t, I64))
        heads.append(np.asarray(h, I64))
        caps.append(np.asarray(c, I64))
        costs.append(np.asarray(cost, I64))

    cap = res.cap[mentors]
    if inst.balance:
        units = np.repeat(np.arange(n_m), cap)
        start = np.repeat(np.cumsum(cap) - cap, cap)
        k = res.load[mentors][units] + (np.arange(units.size) - start) + 1
        arcs(np.full(units.size, source), m_node[units], np.ones(units.size),
             inst.balance * (2 * k - 1))
    else:
        arcs(np.full(n_m, source), m_node, cap, np.zeros(n_m))
    arcs(m_node[m_local], e_node[e_local], np.ones(cidx.size), -gain[cidx])
    demand = res.demand[mentees]
    first = ~res.covered[mentees]
    rest = demand - first
    more = rest > 0
    bonus = inst.cover_bonus[mentees]
    total = int(cap.sum())
    supply = {source: total, sink: -total}
    if _coverage_decides(inst, costs[0], e_local, gain[cidx], bonus, demand):
        # W left out: the first units go through a node that must take the most mentees the
        # network can cover, the rest (further units, the bypass) straight to the sink
        covered = most_covered(m_local, e_local, cap, first)
        cover = 2 + n_m + mentees.size
        arcs(e_node[first], np.full(first.sum(), cover), np.ones(first.sum()), -bonus[first])
        supply = {source: total, cover: -covered, sink: covered - total}
    else:
        unit = inst.cover_unit + bonus
        arcs(e_node[first], np.full(first.sum(), sink), np.ones(first.sum()), -unit[first])
    arcs(e_node[more], np.full(more.sum(), sink), rest[more], np.zeros(more.sum()))
    arcs([source], [sink], [total], [0])

    flow = SimpleMinCostFlow()
    first_edge = len(tails[0])  # the candidate edges are the second batch of arcs
    flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    for node, amount in supply.items():
        flow.set_node_supply(node, amount)
    status = flow.solve()
    if status != flow.OPTIMAL:  # always feasible: the bypass carries the rest
        raise RuntimeError(f"min-cost flow failed with status {status}")
    edge_arcs = np.arange(first_edge, first_edge + cidx.size)
    used: BoolArray = flow.flows(edge_arcs) > 0
    return cidx[used]


def most_covered(m_local: IntArray, e_local: IntArray, cap: IntArray, first: BoolArray) -> int:
    """The most mentees still uncovered (`first`) that one mentor each can cover: a maximum
    flow source → mentor (capacity) → mentee → sink."""
    n_m = cap.size
    net = SimpleMaxFlow()
    wanted = np.flatnonzero(first)
    net.add_arcs_with_capacity(
        np.concatenate([np.zeros(n_m, I64), 2 + m_local, 2 + n_m + wanted]),
        np.concatenate([2 + np.arange(n_m, dtype=I64), 2 + n_m + e_local,
                        np.ones(wanted.size, I64)]),
        np.concatenate([cap, first[e_local].astype(I64), np.ones(wanted.size, I64)]))
    status = net.solve(0, 1)
    if status != net.OPTIMAL:
        raise RuntimeError(f"maximum flow failed with status {status}")
    return int(net.optimal_flow())


def _coverage_decides(inst: Instance, mentor_costs: IntArray, e_local: IntArray,
                      gain: IntArray, bonus: IntArray, demand: IntArray) -> bool:
    """Whether one more mentee covered (worth W) outweighs every other term of this component
    together (the source → mentor arcs' costs, each mentee's demand times the spread of its
    gains, the bonuses): then the optimum covers the most mentees possible and is, among such flows,
    the cheapest without W, which OR-Tools solves in about half the time at region size (its
    cost scaling runs a phase per bit of the largest cost)."""
    if inst.cover_unit <= 0:
        return False
    # how far the gains can move: each unit of a mentee's demand between its largest gain and
    # its smallest (below zero, where a gain is negative)
    high = np.zeros(bonus.size, I64)
    np.maximum.at(high, e_local, gain)
    low = np.zeros(bonus.size, I64)
    np.maximum.at(low, e_local, -gain)
    rest = (int(((high + low) * demand).sum()) + int(np.abs(bonus).sum())
            + int(np.abs(mentor_costs).sum()))
    return inst.cover_unit > rest
