"""Dense pairing benchmark: every pair allowed, the case where the product's flow was slowest.

Instances of 1,000, 3,000 and 5,000 mentees (`BENCH_DENSE_SIZES` to change them) with 60% as
many mentors, capacities 1–3 and integer scores 0–1000, all seeded. Three exact methods on the
same instances, each the median of 3 rounds in which the three take turns, in one process:

- scipy's `linear_sum_assignment` on the capacity-expanded matrix (built beforehand, not timed,
  in C order: LSA copies a matrix of any other layout inside the timed call, and gathering the
  columns by index, `scores[:, slots]`, gives another; the strictest baseline), which the
  ratios are against;
- one bare OR-Tools `SimpleMinCostFlow` (arcs built from arrays, then solved);
- `matcher.solver.assign(scores, capacity)` from the raw matrix, with the method it chose.

The three totals are compared: a row says whether they reached the same optimum.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.optimize import linear_sum_assignment

SIZES = (1_000, 3_000, 5_000)
REPEATS = 3
TARGET = 1.5  # `assign` within this ratio of scipy's LSA (issue 15)


def instance(n_mentees: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Dense integer scores (mentees × mentors) and capacities 1–3."""
    rng = np.random.default_rng(seed)
    n_mentors = int(0.6 * n_mentees)
    return rng.integers(0, 1001, (n_mentees, n_mentors)), rng.integers(1, 4, n_mentors)


def lsa_total(scores: np.ndarray, cap: np.ndarray) -> Callable[[], int]:
    """scipy's LSA over the expanded matrix, prepared outside the timed call in the C order
    LSA works on (so the timed call makes no copy of it)."""
    cost = np.repeat(np.negative(scores, dtype=np.float64), cap, axis=1)
    assert cost.flags.c_contiguous

    def run() -> int:
        rows, cols = linear_sum_assignment(cost)
        return int(-cost[rows, cols].sum())
    return run


def flow_total(scores: np.ndarray, cap: np.ndarray) -> int:
    """One bare min-cost flow: source → mentor (capacity) → mentee (−score) → sink, with a
    bypass; every mentee can be covered (capacity ≥ mentees), so no coverage weight is needed."""
    from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

    n_e, n_m = scores.shape
    src, snk = 0, 1
    m_node, e_node = 2 + np.arange(n_m), 2 + n_m + np.arange(n_e)
    mentor = np.repeat(np.arange(n_m), n_e)
    mentee = np.tile(np.arange(n_e), n_m)
    total = int(cap.sum())
    tails = np.concatenate([np.zeros(n_m, np.int64), m_node[mentor], e_node, [src]])
    heads = np.concatenate([m_node, e_node[mentee], np.full(n_e, snk), [snk]])
    caps = np.concatenate([cap, np.ones(mentor.size, np.int64), np.ones(n_e, np.int64), [total]])
    big = 1001 * n_e  # a covered mentee is worth more than any score difference
    costs = np.concatenate([np.zeros(n_m, np.int64), -scores.T.ravel(),
                            np.full(n_e, -big, np.int64), [0]])
    flow = SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_node_supply(src, total)
    flow.set_node_supply(snk, -total)
    if flow.solve() != flow.OPTIMAL:
        raise RuntimeError("bare min-cost flow failed")
    used = flow.flows(np.arange(n_m, n_m + mentor.size)) > 0
    return int(scores[mentee[used], mentor[used]].sum())


def median_times(runs: dict[str, Callable[[], Any]]) -> dict[str, tuple[float, Any]]:
    """Each run's median wall time over `REPEATS` rounds and its last answer. The runs take
    turns within each round, so a change in the machine's load touches all of them alike."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    out: dict[str, Any] = {}
    for _ in range(REPEATS):
        for name, run in runs.items():
            started = time.perf_counter()
            out[name] = run()
            times[name].append(time.perf_counter() - started)
    return {name: (statistics.median(times[name]), out[name]) for name in runs}


def measure(n_mentees: int) -> dict[str, float | int | str | bool]:
    from matcher.solver import assign

    scores, cap = instance(n_mentees)
    got = median_times({"lsa": lsa_total(scores, cap), "flow": lambda: flow_total(scores, cap),
                        "ours": lambda: assign(scores, cap)})
    (lsa_s, lsa), (flow_s, flow), (ours_s, ours) = got["lsa"], got["flow"], got["ours"]
    return {"mentees": n_mentees, "mentors": scores.shape[1], "slots": int(cap.sum()),
            "lsa_s": lsa_s, "flow_s": flow_s, "ours_s": ours_s, "method": ours.method,
            "same": lsa == flow == ours.total and ours.covered == n_mentees}


def run(sizes: tuple[int, ...] | None = None) -> list[dict[str, float | int | str | bool]]:
    console = Console()
    env = os.environ.get("BENCH_DENSE_SIZES")
    chosen = sizes or (tuple(int(s) for s in env.split(",")) if env else SIZES)
    rows = []
    load_before = os.getloadavg()
    for n in chosen:
        console.print(f"[dim]dense bench: {n} mentees…[/]")
        rows.append(measure(n))
    table = Table(title="Dense pairing, median of 3, ratios against scipy LSA in the same run "
                        "(python -m benchmarks dense)",
                  caption="load average (1, 5, 15 min) before, after: "
                          + ", ".join(f"{a:.1f}" for a in (*load_before, *os.getloadavg()))
                          + f"; cores: {os.cpu_count()}")
    for col in ("mentees × mentors", "slots", "scipy LSA s", "bare min-cost flow s",
                "flow / LSA", "assign s", "assign / LSA", "assign chose", "same optimum"):
        table.add_column(col, justify="left" if col in ("assign chose",) else "right")
    for r in rows:
        ratio = float(r["ours_s"]) / max(float(r["lsa_s"]), 1e-9)
        ok = "green" if ratio <= TARGET else "red"
        table.add_row(
            f"{r['mentees']:,} × {r['mentors']:,}", f"{r['slots']:,}", f"{r['lsa_s']:.2f}",
            f"{r['flow_s']:.2f}", f"{float(r['flow_s']) / max(float(r['lsa_s']), 1e-9):.1f}×",
            f"{r['ours_s']:.2f}", f"[{ok}]{ratio:.2f}×[/]", str(r["method"]),
            "yes" if r["same"] else "[red]NO[/]",
        )
    console.print(table)
    return rows


if __name__ == "__main__":
    run()
