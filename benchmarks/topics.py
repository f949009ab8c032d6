"""Ranked topic choices benchmark (issue 17, item 5): `n` mentees and `n` mentors of one place,
every person ranking a programme's 30 own topics (`datasets.ranked_topics`), topic coverage the
only score component.

Baseline in the same run: the optimum of the value both sides' ranks define (scipy's
`linear_sum_assignment`). Reported: the share of it the product reaches reading the ranks, and
reading the same people as three priority levels (ranks collapsed, as before ranks were read),
with and without the stable option, and the solve's CPU time.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table

CASES = (30, 100)
N_TOPICS = 30


def run_case(n: int, *, collapsed: bool, stable: bool) -> dict[str, float | str]:
    from datasets import ranked_topics as rt
    from matcher.options import SolveOptions
    from matcher.solver.api import solve

    values = rt.true_value(n, N_TOPICS, seed=1)
    best = rt.optimum(values)
    started = time.process_time()
    res = solve(rt.bank(n, N_TOPICS, seed=1, collapsed=collapsed), rt.programme(),
                options=SolveOptions(stable=stable))
    cpu = time.process_time() - started
    got = [(int(p.mentor[1:]), int(e[1:])) for p in res.proposals for e in p.mentees]
    return {"case": f"{n} × {n}, {N_TOPICS} topics",
            "read": "three levels" if collapsed else "ranks",
            "stable": "yes" if stable else "no", "pairs": len(got),
            "share": float(sum(values[m, e] for m, e in got)) / best, "cpu_s": cpu}


def run(cases: tuple[int, ...] = CASES) -> list[dict[str, float | str]]:
    rows = [run_case(n, collapsed=c, stable=s)
            for n in cases for s in (False, True) for c in (False, True)]
    table = Table(title="Ranked topics: share of the ranks' optimum (python -m benchmarks topics)")
    for col in ("case", "topics read as", "stable", "pairs", "share of optimum", "CPU s"):
        table.add_column(col, justify="left" if col in ("case", "topics read as") else "right")
    for r in rows:
        table.add_row(str(r["case"]), str(r["read"]), str(r["stable"]), str(r["pairs"]),
                      f"{r['share']:.4f}", f"{r['cpu_s']:.2f}")
    Console().print(table)
    return rows


if __name__ == "__main__":
    run()
