"""The previous run's answer as CP-SAT's start (a warm start for reruns).

A rerun's instance marks the previous proposals' pairs with the keep bonus; their structure
(which pairs, which groups with which topic and form) comes here as a `Solution` over the new
candidates (`previous_solution`), kept where it is still possible. Where it holds every hard
constraint of the instance (`feasible`) and is worth at least the flow stage's start, the
engine hints it to CP-SAT instead (groups, quotas: `engine.solve_instance`). The flow path
needs no start: it is exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from matcher.candidates import FORM_ORDER
from matcher.model import Proposal
from matcher.solver.instance import I64, GroupOptions, Instance
from matcher.solver.solution import Group, Solution, quotas_hold


def previous_solution(inst: Instance, proposals: Iterable[Proposal],
                      row: Mapping[tuple[str, str], int]) -> Solution:
    """The previous proposals over the new candidates: `row` maps (mentor id, mentee id) to
    a candidate index. A pair or group with a member no longer a candidate is left out."""
    t_pos = {t: i for i, t in enumerate(inst.topic_ids)}
    m_pos = {m: i for i, m in enumerate(inst.mentor_ids)}
    pairs: list[int] = []
    groups: list[Group] = []
    for p in proposals:
        rows = [row.get((p.mentor, e), -1) for e in p.mentees]
        if min(rows, default=-1) < 0:
            continue
        if not p.is_group:
            pairs.extend(rows)
        elif p.topics and p.topics[0] in t_pos:
            groups.append(Group(m_pos[p.mentor], t_pos[p.topics[0]], FORM_ORDER.index(p.form),
                                np.sort(np.asarray(rows, I64))))
    return Solution(pairs=np.unique(np.asarray(pairs, I64)), groups=tuple(groups))


def feasible(inst: Instance, opts: GroupOptions, sol: Solution) -> bool:
    """Whether `sol` keeps every hard constraint of the CP-SAT model: usable pairs, groups of
    a possible key within their size bounds, capacities, demand, kept assignments, quotas."""
    idx = sol.assigned()
    if np.unique(idx).size != idx.size or not inst.pair_usable[sol.pairs].all():
        return False
    for g in sol.groups:
        key = np.flatnonzero((opts.mentor == g.mentor) & (opts.topic == g.topic)
                             & (opts.form == g.form))
        if key.size == 0 or not inst.group_min <= g.members.size <= min(
                inst.group_max, int(inst.total_cap[g.mentor])):
            return False
        if not np.isin(g.members, opts.member_cand[opts.member_key == key[0]]).all():
            return False
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    if (np.bincount(inst.mentor[idx], minlength=n_m) > inst.total_cap).any():
        return False
    opened = np.bincount(np.asarray([g.mentor for g in sol.groups], I64), minlength=n_m)
    if (opened > inst.cap_groups).any():
        return False
    if (np.bincount(inst.mentee[idx], minlength=n_e) > inst.demand).any():
        return False
    if not np.isin(inst.fixed_pairs, sol.pairs).all():
        return False
    have = {tuple(g.members.tolist()) for g in sol.groups}
    if any(tuple(np.sort(members).tolist()) not in have for _, members in inst.fixed_groups):
        return False
    return quotas_hold(inst, idx)
