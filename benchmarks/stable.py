"""Stable option benchmark: full preference lists (every mentee a candidate of every mentor,
strict random preferences both ways), the issue's 400 × 20, 800 × 40 and 1,000 × 50 cases.

Baseline in the same run: mentee-proposing deferred acceptance alone. Reported: its time and
objective, the stable option's time (`solve_instance(stable=True)`, 10 s limit), objective as a
ratio to the baseline's, blocking pairs (must be 0), and which method answered.
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.table import Table

CASES = ((400, 20), (800, 40), (1000, 50))
LIMIT_S = 10.0


def run_case(n_e: int, n_m: int) -> dict[str, float | str]:
    from datasets.preference_lists import full_lists
    from matcher.solver.deferred import Proposing, blocking, deferred_acceptance
    from matcher.solver.engine import solve_instance
    from matcher.solver.solution import value

    inst = full_lists(n_e, n_m, seed=1)
    started = time.perf_counter()
    base = deferred_acceptance(inst, Proposing.mentees)
    base_s = time.perf_counter() - started
    started = time.perf_counter()
    out = solve_instance(inst, stable=True, time_limit_s=LIMIT_S)
    solve_s = time.perf_counter() - started
    return {"case": f"{n_e} × {n_m}", "candidates": inst.n_candidates, "da_s": base_s,
            "solve_s": solve_s, "ratio": out.value / max(value(inst, base), 1),
            "blocking": int(blocking(inst, out.solution).size),
            "covered": len(set(inst.mentee[out.solution.assigned()].tolist())),
            "solver": out.solver}


def run(cases: tuple[tuple[int, int], ...] = CASES) -> list[dict[str, float | str]]:
    rows = [run_case(*c) for c in cases]
    table = Table(title="Stable option on full preference lists (python -m benchmarks stable)")
    for col in ("case", "candidates", "mentee-proposing DA s", "stable s", "target s",
                "objective / DA", "blocking pairs", "covered", "answered by"):
        table.add_column(col, justify="left" if col in ("case", "answered by") else "right")
    for r in rows:
        ok = "green" if float(r["solve_s"]) < LIMIT_S else "red"
        table.add_row(str(r["case"]), str(r["candidates"]), f"{r['da_s']:.3f}",
                      f"[{ok}]{r['solve_s']:.2f}[/]", f"{LIMIT_S:.0f}", f"{r['ratio']:.4f}",
                      str(r["blocking"]), str(r["covered"]), str(r["solver"]))
    Console().print(table)
    return rows


if __name__ == "__main__":
    run()
