"""Instance-level solve: the exact flow first, CP-SAT only where the flow cannot be exact.

1. The plain flow (one-to-one pairs, kept assignments fixed) gives a feasible answer; where
   its network is the relaxed flow's (the same arcs, gains and capacities: no group edge
   beyond the pairs, or groups worth nothing extra) it is solved once (`same_as_plain`).
   Under "best total" both flows break ties of the total by coverage (`tie_broken`).
2. The relaxed flow (every pair and group edge, each mentor's load bounded by pairs plus full
   groups, no group minimum, group edges worth the programme's group value more) gives an
   upper bound. Where the two agree the plain answer is optimal: on plain programmes CP-SAT
   never runs; where a group could form and groups are worth something, they never agree.
3. Otherwise more feasible starts are built (groups formed greedily from the leftovers of
   the plain answer, the relaxed flow rounded into groups, the relaxed flow "dived" one mentor
   at a time, and, where `keyed` applies, the LP relaxation of the group model rounded); the
   best is improved by a local search over which groups are open, each choice filled exactly
   by a flow (`keyed`), and becomes the hint. On group problems the hard part is choosing the
   groups: CP-SAT's LP bound is nearly tight there, but its search seldom improves a start.
4. Components where the start falls short of the bound (groups pay), or every component when
   stability is asked, go to CP-SAT: coverage first (phase 1), then the whole objective with
   that coverage kept (phase 2), phase 2 starting from phase 1's answer improved by the same
   local search, and its answer polished by the keyed flow. The bound is the better of
   CP-SAT's and the relaxed flow's. Fairness couples components, so with it one model covers
   everything.
   With `stable`, the start is deferred acceptance (`deferred`: the better of mentees and
   mentors proposing), which is stable: CP-SAT only replaces it by a better stable answer,
   within the limit itself, and large components keep it (`STABLE_CPSAT_CANDIDATES`).
5. The reproducible search (`deterministic`) is limited by CP-SAT's deterministic time, not
   the wall clock, and every heuristic above counts steps, not seconds: the same input and
   seed give the same answer even when the limit is reached.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from matcher import control
from matcher.errors import NoSolution
from matcher.executors import LOCAL, Executor
from matcher.messages import message
from matcher.model import Goal
from matcher.options import SCALE
from matcher.solver import deferred, keyed, warm
from matcher.solver.budget import WALL_SAFETY as WALL_SAFETY
from matcher.solver.budget import WORK_PER_SECOND as WORK_PER_SECOND
from matcher.solver.budget import TimeBudget
from matcher.solver.components import component_labels
from matcher.solver.cpsat import (
    CpOutcome,
    build_model,
    hint,
    solve_lexicographic,
    solve_model,
)
from matcher.solver.flow import solve_flow
from matcher.solver.instance import I64, BoolArray, GroupOptions, Instance, IntArray
from matcher.solver.solution import Group, Solution, quota_counts, quotas_hold, value

LOCAL_MOVES = 600  # group changes tried by each local search (`keyed.improve_keys`)
LOCAL_SEARCH_CANDIDATES = 40_000  # above this many candidates one flow costs too much for it
# Above this many candidates in a component, the stable option keeps deferred acceptance's
# answer: on 400 × 20 full lists (8,000) CP-SAT's presolve alone (probing) takes ~5 s and its
# search accepts no solution within 10 s, though the hint is complete and feasible.
STABLE_CPSAT_CANDIDATES = 5_000


@dataclass(frozen=True, eq=False)
class EngineResult:
    solution: Solution
    optimal: bool
    value: int
    bound: int
    solver: str
    cpsat_components: int = 0
    flow_seconds: float = 0.0
    coverage_part: int = 0
    previous_starts: int = 0  # CP-SAT components started from the previous run's answer

    @property
    def score_part(self) -> int:
        """The objective without its coverage units (what the gap is relative to)."""
        return self.value - self.coverage_part


def fixed_candidates(inst: Instance) -> IntArray:
    parts = [inst.fixed_pairs.astype(I64), *(m.astype(I64) for _, m in inst.fixed_groups)]
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, I64)


def fixed_groups(inst: Instance) -> tuple[Group, ...]:
    return tuple(
        Group(mentor=int(inst.mentor[m[0]]), topic=t, form=int(inst.form[m[0]]), members=m)
        for t, m in inst.fixed_groups
    )


def plain_flow(inst: Instance, chosen: IntArray | None = None) -> Solution:
    """The best answer with one-to-one pairs only (plus kept groups as they are); `chosen`, when
    given, is that flow's answer already solved (`same_as_plain`), so it is not solved again."""
    if chosen is None:
        chosen = solve_flow(inst, inst.pair_usable, inst.cap_mentees, fixed_candidates(inst))
    in_groups = (np.concatenate([m for _, m in inst.fixed_groups]) if inst.fixed_groups
                 else np.zeros(0, I64))
    return Solution(pairs=np.setdiff1d(chosen, in_groups), groups=fixed_groups(inst))


def same_as_plain(inst: Instance, allowed: BoolArray, cap: IntArray, gain: IntArray) -> bool:
    """Whether the relaxed flow (`solve_flow` over `allowed`, loads bounded by `cap`, candidates
    worth `gain`) is the very flow `plain_flow` solves: the same arcs (`allowed` is exactly the
    one-to-one candidates, so no group edge beyond them), the same gain on each of them and the
    same capacity for every mentor with an arc (the others are not in the network). Demands,
    coverage units and kept assignments come from `inst` in both. The flow is deterministic,
    so its answer then serves both and is solved once."""
    plain = inst.pair_usable
    if not np.array_equal(allowed, plain) or not np.array_equal(gain[plain], inst.gain[plain]):
        return False
    has_arcs = np.bincount(inst.mentor[plain], minlength=len(inst.mentor_ids)) > 0
    return bool(np.array_equal(cap[has_arcs], inst.cap_mentees[has_arcs]))


def relaxed_capacity(inst: Instance) -> IntArray:
    """An upper bound on each mentor's load: pairs (if any pair is possible) plus full groups."""
    has_pairs = np.bincount(inst.mentor[inst.pair_usable], minlength=len(inst.mentor_ids)) > 0
    most = np.where(has_pairs, inst.cap_mentees, 0) + inst.cap_groups * inst.group_max
    return np.minimum(inst.total_cap, most)


def greedy_groups(inst: Instance, opts: GroupOptions, base: Solution) -> Solution:
    """`base` plus groups formed greedily from mentees it leaves without enough mentors:
    keys with the most free members first, each taking its best-scoring free members. A hint
    for CP-SAT, not an answer: it only has to be feasible."""
    idx = base.assigned()
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    load = np.bincount(inst.mentor[idx], minlength=n_m).astype(I64)
    got = np.bincount(inst.mentee[idx], minlength=n_e).astype(I64)
    n_groups = np.bincount(np.asarray([g.mentor for g in base.groups], I64), minlength=n_m)
    used_pair = set(zip(inst.mentor[idx].tolist(), inst.mentee[idx].tolist(), strict=True))
    order = np.lexsort((-inst.score[opts.member_cand], opts.member_key))
    keys, starts = np.unique(opts.member_key[order], return_index=True)
    members_of = np.split(opts.member_cand[order], starts[1:]) if keys.size else []
    taken_keys = {(g.mentor, g.topic, g.form) for g in base.groups}
    fixed_specs = {(g.mentor, g.topic, g.form) for g in fixed_groups(inst)}
    key_of = {(int(opts.mentor[k]), int(opts.topic[k]), int(opts.form[k])): i
              for i, k in enumerate(keys.tolist())}
    groups = []
    for g in base.groups:  # first fill the groups we have, up to group_max and capacity
        spec = (g.mentor, g.topic, g.form)
        room = min(int(inst.total_cap[g.mentor] - load[g.mentor]),
                   inst.group_max - g.members.size)
        if spec in fixed_specs or spec not in key_of or room <= 0:
            groups.append(g)
            continue
        extra = [int(c) for c in members_of[key_of[spec]]
                 if got[inst.mentee[c]] < inst.demand[inst.mentee[c]]
                 and (g.mentor, int(inst.mentee[c])) not in used_pair][:room]
        if extra:
            more = np.asarray(extra, I64)
            load[g.mentor] += more.size
            got[inst.mentee[more]] += 1
            used_pair.update((g.mentor, int(inst.mentee[c])) for c in more)
            g = Group(g.mentor, g.topic, g.form, np.sort(np.concatenate([g.members, more])))
        groups.append(g)
    size = np.asarray([m.size for m in members_of], I64)
    for k in np.argsort(-size, kind="stable").tolist():
        control.checkpoint()  # a stop asked for is honoured inside the heuristics too
        key = int(keys[k])
        m = int(opts.mentor[key])
        spec = (m, int(opts.topic[key]), int(opts.form[key]))
        room = int(inst.total_cap[m] - load[m])
        if spec in taken_keys or n_groups[m] >= inst.cap_groups[m] or room < inst.group_min:
            continue
        free = [int(c) for c in members_of[k]
                if got[inst.mentee[c]] < inst.demand[inst.mentee[c]]
                and (m, int(inst.mentee[c])) not in used_pair]
        free = free[: min(room, inst.group_max)]
        if len(free) < inst.group_min:
            continue
        chosen = np.asarray(free, I64)
        groups.append(Group(*spec, members=chosen))
        taken_keys.add(spec)
        load[m] += chosen.size
        n_groups[m] += 1
        got[inst.mentee[chosen]] += 1
        used_pair.update((m, int(inst.mentee[c])) for c in chosen)
    return Solution(pairs=base.pairs, groups=tuple(groups))


def round_relaxed(inst: Instance, opts: GroupOptions, relaxed: IntArray) -> Solution:
    """A feasible answer from the relaxed flow: its one-to-one edges (within each mentor's pair
    capacity) stay pairs; its other edges are grouped by (mentor, topic, form), biggest groups
    first, within the group bounds and counts; what does not fit is dropped. Fixed pairs and
    groups are kept as they are."""
    fixed = fixed_candidates(inst)
    n_m = len(inst.mentor_ids)
    free = np.setdiff1d(relaxed, fixed)
    pairs = [inst.fixed_pairs.astype(I64)]
    n_pairs = np.bincount(inst.mentor[inst.fixed_pairs], minlength=n_m).astype(I64)
    rest = []
    pair_usable = inst.pair_usable
    for c in free.tolist():
        m = int(inst.mentor[c])
        if pair_usable[c] and n_pairs[m] < inst.cap_mentees[m]:
            n_pairs[m] += 1
            pairs.append(np.asarray([c], I64))
        else:
            rest.append(c)
    base = Solution(pairs=np.sort(np.concatenate(pairs)), groups=fixed_groups(inst))
    in_rest = np.isin(opts.member_cand, np.asarray(rest, I64))
    sub = GroupOptions(opts.mentor, opts.topic, opts.form, opts.member_key[in_rest],
                       opts.member_cand[in_rest])
    return greedy_groups(inst, sub, base)


def dive_groups(inst: Instance, opts: GroupOptions) -> Solution:
    """A feasible start from the relaxed flow, one mentor's groups decided at a time.

    The relaxed flow lets a mentor spread members over more (mentor, topic, form) keys than
    they may open. Each round re-solves the flow with decided mentors restricted to their chosen
    keys (and to as many members as those keys hold); a mentor whose flow already fits (at most
    `cap_groups` keys, each within `group_max`) is decided as it is, and of the others the one
    with the largest flow on one key is decided to its best keys. The flow re-balances everyone
    else after each decision, which is what rounding the relaxed flow once cannot do. When no
    mentor is in conflict the flow is grouped by key (`round_relaxed`): only the group minimum
    can still be missed there."""
    n_m = len(inst.mentor_ids)
    fixed = fixed_candidates(inst)
    pair = inst.pair_usable
    owner = opts.mentor[opts.member_key]
    pair_cap = np.where(np.bincount(inst.mentor[pair], minlength=n_m) > 0, inst.cap_mentees, 0)
    decided = np.zeros(n_m, bool)
    chosen = np.zeros(opts.n_keys, bool)
    for t, members in inst.fixed_groups:  # kept groups: their keys are chosen from the start
        m, f = int(inst.mentor[members[0]]), int(inst.form[members[0]])
        chosen |= (opts.mentor == m) & (opts.topic == t) & (opts.form == f)
    free_cap = relaxed_capacity(inst)
    while True:
        control.checkpoint()
        member_ok = ~decided[owner] | chosen[opts.member_key]
        allowed = pair.copy()
        allowed[opts.member_cand[member_ok]] = True
        n_keys = np.bincount(opts.mentor[chosen], minlength=n_m)
        cap = np.where(decided, np.minimum(inst.total_cap, pair_cap + n_keys * inst.group_max),
                       free_cap)
        flow = solve_flow(inst, allowed, cap, fixed)
        in_flow = np.zeros(inst.n_candidates, bool)
        in_flow[flow] = True
        use = member_ok & in_flow[opts.member_cand]
        key_flow = np.bincount(opts.member_key[use], minlength=opts.n_keys)
        open_key = (key_flow > 0) & ~decided[opts.mentor]
        per_mentor = np.bincount(opts.mentor[open_key], minlength=n_m)
        widest = np.zeros(n_m, I64)
        np.maximum.at(widest, opts.mentor[open_key], key_flow[open_key])
        fits = (per_mentor > 0) & (per_mentor <= inst.cap_groups) & (widest <= inst.group_max)
        clash = (per_mentor > 0) & ~fits
        if not clash.any():
            break
        chosen |= open_key & fits[opts.mentor]
        decided |= fits
        # Of the mentors in conflict, decide the one most committed to one key.
        cand_keys = np.flatnonzero(open_key & clash[opts.mentor])
        best = cand_keys[np.lexsort((cand_keys, -key_flow[cand_keys]))[0]]
        m = int(opts.mentor[best])
        mine = cand_keys[opts.mentor[cand_keys] == m]
        top = mine[np.lexsort((mine, -key_flow[mine]))][: int(inst.cap_groups[m])]
        chosen[top] = True
        decided[m] = True
    keep = chosen[opts.member_key] | ~decided[owner]
    sub = GroupOptions(opts.mentor, opts.topic, opts.form, opts.member_key[keep],
                       opts.member_cand[keep])
    return greedy_groups(inst, opts, round_relaxed(inst, sub, flow))


@dataclass(frozen=True)
class CpSettings:
    """How CP-SAT runs: the stability rule, the seed, threads, logging, reproducible search."""

    stable: bool = False
    seed: int = 0
    workers: int = 2
    log: bool = False
    deterministic: bool = True
    stable_start: bool = False  # the start is stable (deferred acceptance): the fallback


@dataclass(frozen=True, eq=False)
class Starts:
    """The flow stage: the best feasible start, the relaxed flow and its upper bound."""

    plain: Solution
    relaxed: IntArray
    bound: int
    seconds: float
    stable: bool = False  # `plain` has no blocking pair (`deferred.blocking`)


@dataclass(frozen=True, eq=False)
class Component:
    """A component CP-SAT has to solve: its candidates, its part of the start, its bound."""

    cands: IntArray
    start: Solution
    bound: int


@dataclass(frozen=True, eq=False)
class ComponentResult:
    """A component's answer, how far its bound lies above it, and whether it is proven."""

    solution: Solution
    bound_gain: int
    optimal: bool
    by_cpsat: bool = True  # False: the component's start was kept (CP-SAT found nothing better)


def solve_instance(
    inst: Instance, *, stable: bool = False, force_cpsat: bool = False, time_limit_s: float = 10.0,
    seed: int = 0, workers: int = 2, log: bool = False, deterministic: bool = True,
    executor: Executor = LOCAL, previous: Solution | None = None,
) -> EngineResult:
    """The best answer for `inst` within the time limit, with its proven bound (module doc).

    `executor` runs the CP-SAT components: one after another here (each gets what the ones
    before left of the budget), or at once as Ray tasks (each gets its share up front).
    `previous` (a rerun: the previous answer over these candidates) is CP-SAT's start in
    each component where it is feasible and worth at least the flow stage's start
    (`matcher.solver.warm`); the flow path is exact and needs none."""
    started = time.perf_counter()
    opts = inst.group_keys()
    starts = flow_starts(inst, opts, stable=stable, started=started)
    if stable:
        starts = stable_start(inst, starts)
        if inst.quotas:  # quotas are hard: a stable start that breaks one is no start
            kept = within_quotas(inst, starts.plain)
            starts = Starts(kept, starts.relaxed, starts.bound, starts.seconds,
                            stable=starts.stable and kept.pairs.size == starts.plain.pairs.size)
    plain_value = value(inst, starts.plain)
    needs_cp = stable or force_cpsat or inst.coupled
    if not needs_cp and plain_value >= starts.bound:
        best = starts.plain  # under "best total" its ties are already broken (`tie_broken`)
        return EngineResult(best, True, plain_value, plain_value, "min-cost flow", 0,
                            starts.seconds, coverage_value(inst, best))
    todo = cpsat_components(inst, opts, starts, needs_cp=needs_cp)
    from_previous = 0
    if previous is not None and not stable and todo and warm.feasible(inst, opts, previous):
        todo, from_previous = _start_from(inst, todo, previous)
    result = _outside(starts.plain, todo)
    budget = TimeBudget.start(time_limit_s, started, sum(c.cands.size for c in todo),
                              deterministic=deterministic)
    if stable and starts.stable:
        # A stable answer is in hand: the search may only improve it, within the limit itself.
        budget.deadline = min(budget.deadline, started + time_limit_s)
    cfg = CpSettings(stable, seed, workers, log, deterministic,
                     stable_start=stable and starts.stable)
    optimal, bound_gain, by_cpsat = True, 0, 0
    if executor.name == LOCAL.name:
        parts = []
        for i, comp in enumerate(todo):
            control.checkpoint()
            control.note("component", i + 1, len(todo))
            parts.append(solve_component(inst, opts, comp, budget, cfg))
    else:
        shares = [(comp, *budget.take(comp.cands.size)) for comp in todo]
        parts = executor.map(_component_task, (inst, opts, cfg), shares, what="component")
    for part in parts:
        by_cpsat += part.by_cpsat
        result = result.merge(part.solution)
        bound_gain += part.bound_gain
        optimal &= part.optimal
    final = value(inst, result)
    return EngineResult(
        result, optimal, final, final + max(bound_gain, 0),
        _solver_name(stable, bool(todo), by_cpsat), len(todo), starts.seconds,
        coverage_value(inst, result), from_previous,
    )


def _start_from(inst: Instance, todo: list[Component], previous: Solution
                ) -> tuple[list[Component], int]:
    """The components with the (feasible) previous answer as their start where it is worth
    at least the flow stage's, and how many took it."""
    out, taken = [], 0
    for comp in todo:
        mine = _restrict(inst, previous, comp.cands)
        if value(inst, mine) >= value(inst, comp.start):
            comp, taken = Component(comp.cands, mine, comp.bound), taken + 1
        out.append(comp)
    return out, taken


def tie_broken(inst: Instance) -> Instance:
    """The instance the flows solve. Under "best total" (without kept groups) every gain ×
    (mentees + 1) plus one per mentee covered: its optimum is an optimal total that covers the
    most mentees among the optimal ones (coverage only breaks ties, since it adds at most the
    number of mentees), so the one flow already answers the tie rule. Otherwise (and where a
    coupling rule sends everything to CP-SAT, which the tie rule never touched) `inst`."""
    if inst.goal is not Goal.best_total or inst.fixed_groups or inst.coupled:
        return inst
    k = len(inst.mentee_ids) + 1
    return replace(inst, score=inst.score * k, keep=inst.keep * k, cover_unit=1,
                   cover_bonus=inst.cover_bonus * k, balance=inst.balance * k,
                   group_value=inst.group_value * k)


def _solver_name(stable: bool, any_cpsat: bool, by_cpsat: int) -> str:
    if stable:
        return "deferred acceptance + CP-SAT" if by_cpsat else "deferred acceptance"
    return "CP-SAT" if any_cpsat else "min-cost flow"


def flow_starts(inst: Instance, opts: GroupOptions, *, stable: bool,
                started: float) -> Starts:
    """Steps 1–3 of the module doc: the relaxed flow's bound and the best feasible start."""
    flow_inst = tie_broken(inst)  # the objective, ties of the total broken by coverage
    group_edge = np.zeros(inst.n_candidates, bool)
    group_edge[opts.member_cand] = True
    cap = relaxed_capacity(inst)
    allowed = inst.pair_usable | group_edge
    gain = flow_inst.gain + flow_inst.group_value * group_edge
    relaxed = solve_flow(flow_inst, allowed, cap, fixed_candidates(inst), gain=gain)
    bound = relaxed_value(inst, opts, relaxed)  # optimal for `inst` too: ties only break ties
    same = same_as_plain(flow_inst, allowed, cap, gain)
    plain = plain_flow(flow_inst, relaxed if same else None)
    if opts.n_keys and value(inst, plain) < bound and not stable:  # stable: deferred acceptance
        plain = best_group_start(inst, opts, plain, relaxed, stable=stable)
    if inst.quotas:
        plain = within_quotas(inst, plain)
    seconds = time.perf_counter() - started
    if inst.fairness:
        bound += inst.fairness * SCALE - _worst_term(inst, Solution(pairs=relaxed))
    return Starts(plain, relaxed, bound, seconds)


def within_quotas(inst: Instance, sol: Solution) -> Solution:
    """`sol` with one-to-one pairs dropped, the lowest scores first, until every hard quota
    holds (a start CP-SAT can hint; fixed pairs and groups stay, so it may still break one)."""
    pairs, fixed = sol.pairs, fixed_candidates(inst)
    while True:
        idx = Solution(pairs, sol.groups).assigned()
        broken = [q for q, n in zip(inst.quotas, quota_counts(inst, idx), strict=True)
                  if (q.at_most is not None and n > q.at_most)
                  or (q.share_permille is not None and 1000 * n > q.share_permille * idx.size)]
        if not broken:
            break
        inside = pairs[broken[0].member[pairs] & ~np.isin(pairs, fixed)]
        if inside.size == 0:
            break
        drop = inside[np.lexsort((inside, inst.score[inside]))[0]]
        pairs = pairs[pairs != drop]
    return Solution(pairs=pairs, groups=sol.groups)


def stable_start(inst: Instance, starts: Starts) -> Starts:
    """Starts for the stable option: deferred acceptance, the better of both directions, in
    place of the flow's answer (which need not be stable); marked stable unless a kept
    assignment leaves a blocking pair."""
    best, _ = deferred.best_stable_start(inst)
    ok = deferred.blocking(inst, best).size == 0
    return Starts(best, starts.relaxed, starts.bound, starts.seconds, stable=ok)


def relaxed_value(inst: Instance, opts: GroupOptions, chosen: IntArray) -> int:
    """An upper bound from relaxed-flow edges `chosen`: their objective as pairs plus the group
    value for every edge that could be a membership (a group of k is worth k − 1 of them, so
    counting k over-counts and the bound stays a bound)."""
    members = int(np.isin(chosen, opts.member_cand).sum()) if inst.group_value else 0
    return value(inst, Solution(pairs=chosen)) + inst.group_value * members


def best_group_start(inst: Instance, opts: GroupOptions, plain: Solution, relaxed: IntArray,
                     *, stable: bool) -> Solution:
    """Groups may pay: the best of the feasible starts with groups, improved by the local
    search where `keyed` applies; the answer to beat (and CP-SAT's hint)."""
    control.checkpoint()
    best = greedy_groups(inst, opts, plain)
    control.checkpoint()
    rounded = greedy_groups(inst, opts, round_relaxed(inst, opts, relaxed))
    if value(inst, rounded) > value(inst, best):
        best = rounded
    if inst.n_candidates <= LOCAL_SEARCH_CANDIDATES:  # a flow per decided mentor
        dived = dive_groups(inst, opts)
        if value(inst, dived) > value(inst, best):
            best = dived
    if keyed.applies(inst, stable=stable):
        control.checkpoint()
        best = _improve(inst, opts, best, np.arange(inst.n_candidates), with_lp=True)
    return best


def cpsat_components(inst: Instance, opts: GroupOptions, starts: Starts, *,
                     needs_cp: bool) -> list[Component]:
    """Step 4: the components CP-SAT must solve: where the start falls short of the relaxed
    bound, or all of them when CP-SAT is needed anyway. Fairness couples the components, so
    with it there is one holding everything."""
    usable = inst.pair_usable.copy()
    usable[opts.member_cand] = True
    usable[fixed_candidates(inst)] = True
    labels = component_labels(inst, usable)
    if inst.coupled:
        labels = np.where(labels >= 0, 0, -1)
    todo = []
    for comp in _split(labels):
        in_comp = _restrict(inst, starts.plain, comp)
        if inst.coupled:  # one component holds everything
            p_val, r_val = value(inst, starts.plain), starts.bound
        else:
            p_val = value(inst, in_comp)
            r_val = relaxed_value(inst, opts, np.intersect1d(starts.relaxed, comp))
        if needs_cp or r_val > p_val:
            todo.append(Component(comp, in_comp, r_val))
    return todo


def solve_component(inst: Instance, opts: GroupOptions, comp: Component, budget: TimeBudget,
                    cfg: CpSettings) -> ComponentResult:
    """One component by CP-SAT within its share of the budget; its start if CP-SAT finds
    nothing in time (an error if stability was asked and the start is not stable). With a
    stable start (deferred acceptance) CP-SAT only replaces it by a better stable answer."""
    limit, wall = budget.take(comp.cands.size)
    part, work = _solve_component(inst, opts, comp, limit, wall, cfg)
    budget.spend(work)
    return part


def _component_task(shared: tuple[Instance, GroupOptions, CpSettings],
                    item: tuple[Component, float, float]) -> ComponentResult:
    """One component with its share of the budget decided up front (an executor's task)."""
    inst, opts, cfg = shared
    comp, limit, wall = item
    return _solve_component(inst, opts, comp, limit, wall, cfg)[0]


def _solve_component(inst: Instance, opts: GroupOptions, comp: Component, limit: float,
                     wall: float, cfg: CpSettings) -> tuple[ComponentResult, float]:
    """`solve_component` with its time given: the answer and the work it spent."""
    fallback = ComponentResult(comp.start, max(comp.bound - value(inst, comp.start), 0), False,
                               by_cpsat=False)
    if cfg.stable_start and comp.cands.size > STABLE_CPSAT_CANDIDATES:
        return fallback, 0.0
    improve = None
    if keyed.applies(inst, stable=cfg.stable) and opts.n_keys:
        def improve(sol: Solution) -> Solution:
            return _improve(inst, opts, sol, comp.cands)
    out, coverage_proven = _run_cpsat(inst, opts, comp, limit, wall, cfg, improve)
    work = out.work if out is not None else limit
    if out is None:
        if inst.quotas and not quotas_hold(inst, comp.start.assigned()):
            raise NoSolution(message("no_quota_result", "ru") + " / "
                             + message("no_quota_result", "en"))
        if cfg.stable and not cfg.stable_start:
            raise NoSolution(message("no_stable_result", "ru") + " / "
                             + message("no_stable_result", "en"))
        return fallback, work
    if cfg.stable_start and value(inst, out.solution) < value(inst, comp.start):
        return fallback, work  # CP-SAT did not get past deferred acceptance in time
    sol = out.solution
    if improve is not None:  # the best assignment for the groups CP-SAT opened
        sol = keyed.polish(inst, opts, sol, comp.cands)
    out_value = value(inst, sol) if not inst.fairness else out.value
    cp_bound = out.bound if coverage_proven else comp.bound
    comp_bound = cp_bound if inst.fairness else min(cp_bound, comp.bound)
    proven = (out.optimal and coverage_proven) or comp_bound <= out_value
    return ComponentResult(sol, max(comp_bound - out_value, 0), proven), work


def _run_cpsat(inst: Instance, opts: GroupOptions, comp: Component, limit: float, wall: float,
               cfg: CpSettings, improve: Callable[[Solution], Solution] | None,
               ) -> tuple[CpOutcome | None, bool]:
    """Build the component's model, hint its start and solve: coverage first where coverage
    counts. Returns the outcome and whether its coverage was proven optimal."""
    model, v, obj = build_model(inst, comp.cands, opts, stable_rule=cfg.stable)
    hint(model, v, obj, comp.start)
    if inst.cover_unit:
        return solve_lexicographic(model, v, obj, improve=improve, time_limit_s=limit,
                                   seed=cfg.seed, workers=cfg.workers, log=cfg.log,
                                   deterministic=cfg.deterministic, wall_limit_s=wall)
    return solve_model(model, v, time_limit_s=limit, seed=cfg.seed, workers=cfg.workers,
                       log=cfg.log, deterministic=cfg.deterministic, wall_limit_s=wall), True


def _outside(plain: Solution, todo: list[Component]) -> Solution:
    """The part of `plain` in no component of `todo` (the flow's answer there is optimal)."""
    inside = np.concatenate([c.cands for c in todo]) if todo else np.zeros(0, I64)
    return Solution(pairs=np.setdiff1d(plain.pairs, inside),
                    groups=tuple(g for g in plain.groups
                                 if not any(np.isin(g.members, c.cands).any() for c in todo)))


def _improve(inst: Instance, opts: GroupOptions, sol: Solution, cands: IntArray, *,
             with_lp: bool = False) -> Solution:
    """`sol` improved over `cands`: the LP rounding as another start and the local search over
    open groups where they are cheap (up to LOCAL_SEARCH_CANDIDATES), one keyed flow beyond."""
    if cands.size > LOCAL_SEARCH_CANDIDATES:
        return keyed.polish(inst, opts, sol, cands)
    if with_lp:
        rounded_lp = keyed.lp_start(inst, opts, cands)
        if rounded_lp is not None and value(inst, rounded_lp) > value(inst, sol):
            sol = rounded_lp
    return keyed.improve_keys(inst, opts, sol, cands, max_evaluations=LOCAL_MOVES)


def coverage_value(inst: Instance, sol: Solution) -> int:
    covered = np.unique(inst.mentee[sol.assigned()])
    return int(inst.cover_unit * covered.size + inst.cover_bonus[covered].sum())


def _worst_term(inst: Instance, sol: Solution) -> int:
    idx = sol.assigned()
    return inst.fairness * (int(inst.score[idx].min()) if idx.size else 0)


def _split(labels: IntArray) -> list[IntArray]:
    idx = np.flatnonzero(labels >= 0)
    order = np.argsort(labels[idx], kind="stable")
    cuts = np.flatnonzero(np.diff(labels[idx][order])) + 1
    parts = [np.sort(p) for p in np.split(idx[order], cuts)] if idx.size else []
    parts.sort(key=lambda p: int(p[0]))
    return parts


def _restrict(inst: Instance, sol: Solution, comp: IntArray) -> Solution:
    return Solution(
        pairs=np.intersect1d(sol.pairs, comp),
        groups=tuple(g for g in sol.groups if np.isin(g.members, comp).all()),
    )
