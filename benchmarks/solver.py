"""Solver benchmark: school, district and region banks (plain programmes: the exact flow), a
groups-only district (CP-SAT, reproducible and free search) and a stable district (top-20).

Each case runs in its own process (so peak memory is that case's), and reports: scoring and
solving time, end-to-end time (scoring + solving, generation excluded), peak memory, coverage,
mean score, status and gap, and for plain pairing the ratio of the pairing itself (the engine,
`solve_instance`, on the prepared instance: flows, bound and answer) to one bare min-cost flow
over the same candidates, each the median of 3 rounds taken in turns in the same process; and
the time a finished run takes to keep its alternates (`matcher.solver.alternates`) as a share
of the solve time. `BENCH_SOLVER_CASES=region` runs only the cases whose name starts so
(comma-separated prefixes of "size (variant)").
"""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import statistics
import time
from datetime import date

import numpy as np
from rich.console import Console
from rich.table import Table

CASES = (
    ("school", "plain", 1.0),
    ("district", "plain", 15.0),
    ("district", "groups", 15.0),
    ("district", "groups, free search", 15.0),
    ("district", "stable, top-20", 15.0),
    ("region", "plain", 120.0),
)


def bare_flow_seconds(inst) -> float:
    """One SimpleMinCostFlow over every one-to-one candidate (no components, no extras)."""
    from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

    started = time.perf_counter()
    usable = np.flatnonzero(inst.pair_usable)
    n_m, n_e = len(inst.mentor_ids), len(inst.mentee_ids)
    src, snk = 0, 1
    m_node, e_node = 2 + np.arange(n_m), 2 + n_m + np.arange(n_e)
    cap = inst.cap_mentees
    tails = np.concatenate([np.zeros(n_m, np.int64), m_node[inst.mentor[usable]], e_node,
                            e_node, [src]])
    heads = np.concatenate([m_node, e_node[inst.mentee[usable]], np.full(n_e, snk),
                            np.full(n_e, snk), [snk]])
    caps = np.concatenate([cap, np.ones(usable.size, np.int64), np.ones(n_e, np.int64),
                           np.maximum(inst.demand - 1, 0), [cap.sum()]])
    costs = np.concatenate([np.zeros(n_m, np.int64), -inst.score[usable],
                            np.full(n_e, -inst.cover_unit), np.zeros(n_e, np.int64), [0]])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(src, int(cap.sum()))
    flow.set_node_supply(snk, -int(cap.sum()))
    flow.solve()
    return time.perf_counter() - started


PAIRING_TARGET = 1.3  # plain pairing within this ratio of one bare min-cost flow (issue 15)
REPEATS = 3


def pairing_against_bare_flow(inst, limit: float, seed: int) -> tuple[float, float]:
    """Median seconds of the plain pairing (`solve_instance`) and of one bare flow over the
    same instance, the two taking turns in each of `REPEATS` rounds."""
    from matcher.solver.engine import solve_instance

    ours, bare = [], []
    for _ in range(REPEATS):
        bare.append(bare_flow_seconds(inst))
        started = time.perf_counter()
        solve_instance(inst, time_limit_s=limit, seed=seed)
        ours.append(time.perf_counter() - started)
    return statistics.median(ours), statistics.median(bare)


def run_case(size: str, variant: str, limit: float) -> dict[str, float | str]:
    from datasets.generators import generate
    from matcher.model import Kind, Programme
    from matcher.scoring import Scorer
    from matcher.solver import SolveOptions, solve
    from matcher.solver.api import prepare

    bank = generate(size, seed=1).bank
    kinds = frozenset({Kind.group}) if variant.startswith("groups") else frozenset(
        {Kind.individual, Kind.group})
    # "plain": plain pairing, as in the scale benchmark: groups worth nothing beyond pairs
    plain = {"group_value": 0.0} if variant == "plain" else {}
    programme = Programme(id=f"bench-{size}", start=date(2026, 9, 1), end=date(2027, 5, 31),
                          kinds=kinds, time_limit_s=min(0.8 * limit, 60.0), seed=1, **plain)
    started = time.perf_counter()
    top_k = 50 if size == "region" else (20 if "top-20" in variant else None)
    scorer = Scorer(top_k=top_k, random_state=1).fit(bank, programme)
    cands = scorer.candidates()
    scored = time.perf_counter()
    options = SolveOptions(explain=size == "school", deterministic="free" not in variant,
                           stable=variant.startswith("stable"))
    result = solve(bank, programme, scorer=scorer, candidates=cands, options=options)
    solved = time.perf_counter()
    from matcher.solver.alternates import alternates

    alternates(bank, programme, result, cands)  # what a finished run keeps per mentee
    alternates_s = time.perf_counter() - solved
    row: dict[str, float | str] = {
        "case": f"{size} ({variant})", "people": len(bank.participants),
        "candidates": len(cands), "score_s": scored - started, "solve_s": solved - scored,
        "total_s": solved - started, "limit_s": limit,
        "coverage": result.metrics["mentees_covered"] / max(result.metrics["mentees"], 1),
        "mean_score": result.metrics["score_mean"], "gap": result.gap,
        "status": f"{result.status} ({result.solver})",
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "groups": result.metrics["groups"], "ratio": float("nan"),
        "stability_cost": result.metrics.get("stability_cost", float("nan")),
        "stability_lost": result.metrics.get("stability_coverage_cost", float("nan")),
        "alternates_s": alternates_s,
    }
    if variant == "plain":
        inst = prepare(bank, programme, cands, options=options).inst
        row["pairing_s"], row["bare_flow_s"] = pairing_against_bare_flow(
            inst, programme.time_limit_s, programme.seed)
        row["ratio"] = row["pairing_s"] / max(row["bare_flow_s"], 1e-9)
    return row


def _child(args: tuple[str, str, float]) -> dict[str, float | str]:
    return run_case(*args)


def run(cases: tuple[tuple[str, str, float], ...] = CASES) -> list[dict[str, float | str]]:
    console = Console()
    rows = []
    ctx = mp.get_context("spawn")
    wanted = os.environ.get("BENCH_SOLVER_CASES")
    if wanted:
        prefixes = tuple(w.strip() for w in wanted.split(","))
        cases = tuple(c for c in cases if f"{c[0]} ({c[1]})".startswith(prefixes))
    load_before = os.getloadavg()
    for case in cases:
        console.print(f"[dim]solver bench: {case[0]} ({case[1]})…[/]")
        with ctx.Pool(1, maxtasksperchild=1) as pool:
            rows.append(pool.apply(_child, (case,)))
    load = ", ".join(f"{a:.1f}" for a in (*load_before, *os.getloadavg()))
    table = Table(title="Solver: time, memory, quality (python -m benchmarks solver)",
                  caption=f"load average (1, 5, 15 min) before, after: {load}; cores: "
                          f"{os.cpu_count()}")
    for col in ("case", "people", "candidates", "score s", "solve s", "end-to-end s", "target s",
                "peak MB", "coverage", "mean score", "groups", "status", "gap",
                "pairing / bare flow", "stability cost", "alternates / solve"):
        table.add_column(col, justify="left" if col in ("case", "status") else "right")
    for r in rows:
        ok = "green" if float(r["total_s"]) <= float(r["limit_s"]) else "red"
        table.add_row(
            str(r["case"]), str(r["people"]), str(r["candidates"]), f"{r['score_s']:.2f}",
            f"{r['solve_s']:.2f}", f"[{ok}]{r['total_s']:.2f}[/]", f"{r['limit_s']:.0f}",
            f"{r['peak_mb']:.0f}", f"{r['coverage']:.1%}", f"{r['mean_score']:.3f}",
            f"{r['groups']:.0f}", str(r["status"]), f"{r['gap']:.2%}",
            "—" if np.isnan(float(r["ratio"])) else
            f"[{'green' if float(r['ratio']) <= PAIRING_TARGET else 'red'}]{r['ratio']:.2f}×[/] "
            f"({r['pairing_s']:.2f} / {r['bare_flow_s']:.2f} s)",
            "—" if np.isnan(float(r["stability_cost"])) else
            f"{r['stability_lost']:.0f} mentees, {r['stability_cost']:.2f} score",
            f"{float(r['alternates_s']) / max(float(r['solve_s']), 1e-9):.1%} "
            f"({r['alternates_s']:.2f} s)",
        )
    console.print(table)
    return rows


if __name__ == "__main__":
    run()
