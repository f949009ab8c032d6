"""Scale benchmark: end-to-end growth by bank size, peak memory, the fitted growth exponent,
and the Ray engine beside the single process.

`python -m benchmarks scale` (part of `make bench`) measures 10,000 and 50,000 people;
`BENCH_BIG=1 python -m benchmarks scale` adds 100,000 and 200,000 (several minutes each on a
2-core machine, which is why they are behind the variable). Each size is generated (seed 1,
not timed) and solved end to end (`matcher.solver.solve`: scoring, candidates, the exact flow,
proposals, the validator; explanations off) in its own process, so the peak memory (ru_maxrss)
is that size's alone. The exponent is the least-squares slope of log time over log people.
The Ray row solves the largest size again on a local Ray instance with two workers started in
its process (its peak memory is the driver's; Ray's workers are separate processes).
A second table times a rerun after a 1% change with the score cache against a fresh run of
the same changed bank (district; BENCH_BIG=1 adds the region).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from datetime import date

import numpy as np
from rich.console import Console
from rich.table import Table

SEED = 1
SIZES = (10_000, 50_000)
BIG_SIZES = (100_000, 200_000)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def measure(people: int, engine: str) -> dict[str, float | int | str]:
    """One size in this process: generation (untimed), then one solve end to end."""
    from datasets.generators import generate
    from matcher.executors import LOCAL, RayExecutor
    from matcher.model import Programme
    from matcher.solver import SolveOptions, solve

    # plain pairing (no group value): the exact flow at every size, so growth is the pipeline's
    programme = Programme(id="scale", start=date(2026, 9, 1), end=date(2027, 5, 31),
                          group_value=0.0)
    t = time.perf_counter()
    bank = generate(people, seed=SEED).bank
    gen_s = time.perf_counter() - t
    rss_bank = _rss_mb()
    run_on = RayExecutor(num_cpus=2) if engine == "ray" else LOCAL
    if isinstance(run_on, RayExecutor):
        run_on.start()  # the local instance's start-up is not the solve's time
    stages: dict[str, float] = {}

    def progress(stage: str, _done: float) -> None:
        stages.setdefault(stage, time.perf_counter())

    t = time.perf_counter()
    result = solve(bank, programme, options=SolveOptions(explain=False), progress=progress,
                   executor=run_on)
    total = time.perf_counter() - t
    if isinstance(run_on, RayExecutor):
        run_on.shutdown()
    m = result.metrics
    return {
        "people": len(bank.participants), "engine": engine, "gen_s": gen_s, "total_s": total,
        "score_s": stages.get("solve", t) - t,
        "solve_s": stages.get("explain", t) - stages.get("solve", t),
        "rss_bank_mb": rss_bank, "rss_peak_mb": _rss_mb(),
        "mentees": int(m["mentees"]), "covered": int(m["mentees_covered"]),
        "status": f"{result.status.value} ({result.solver})",
    }


def changed(bank, share: float, seed: int):
    """A copy of `bank` with `share` of its people changed: a third get longer texts, a third
    more years of experience, a third leave the bank."""
    from matcher.model import Bank

    rng = np.random.default_rng(seed)
    people = list(bank.participants)
    picked = rng.choice(len(people), size=max(3, int(share * len(people))), replace=False)
    drop = set()
    for j, i in enumerate(picked.tolist()):
        p = people[i]
        if j % 3 == 0:
            people[i] = p.model_copy(update={
                "experience_text": p.experience_text + " проектная деятельность",
                "difficulties_text": p.difficulties_text + " дисциплина на уроке"})
        elif j % 3 == 1:
            people[i] = p.model_copy(update={"experience_years": (p.experience_years or 0) + 3})
        else:
            drop.add(p.id)
    return Bank(participants=tuple(p for p in people if p.id not in drop),
                conflicts=bank.conflicts)


def measure_rerun(people: int | str) -> dict[str, float | int | str]:
    """A fresh run, a 1% change, the rerun with the score cache and, as the baseline in the
    same process, a fresh run of the changed bank."""
    from datasets.generators import generate
    from matcher.model import Programme
    from matcher.scoring.incremental import CacheSlot
    from matcher.solver import SolveOptions, solve

    programme = Programme(id="scale", start=date(2026, 9, 1), end=date(2027, 5, 31),
                          group_value=0.0)
    options = SolveOptions(explain=False)
    bank = generate(people, seed=SEED).bank
    slot = CacheSlot()
    solve(bank, programme, options=options, cache=slot)
    after = changed(bank, 0.01, seed=SEED)
    t = time.perf_counter()
    fresh = solve(after, programme, options=options)
    fresh_s = time.perf_counter() - t
    t = time.perf_counter()
    rerun = solve(after, programme, options=options, cache=slot)
    rerun_s = time.perf_counter() - t
    return {"people": len(after.participants), "fresh_s": fresh_s, "rerun_s": rerun_s,
            "fresh_score": fresh.metrics["score_total"],
            "rerun_score": rerun.metrics["score_total"],
            **slot.reused}


def _run(people: int, engine: str) -> dict[str, float | int | str]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--measure", str(people),
                           engine], check=True, capture_output=True, text=True)
    row: dict[str, float | int | str] = json.loads(done.stdout.strip().splitlines()[-1])
    return row


def exponent(rows: list[dict[str, float | int | str]]) -> float:
    """Least-squares slope of log(total time) over log(people)."""
    x = np.log([float(r["people"]) for r in rows])
    y = np.log([float(r["total_s"]) for r in rows])
    return float(np.polyfit(x, y, 1)[0]) if len(rows) > 1 else float("nan")


def run() -> None:
    console = Console()
    sizes = SIZES + (BIG_SIZES if os.environ.get("BENCH_BIG") else ())
    rows = []
    for n in sizes:
        with console.status(f"scale benchmark: {n:,} people"):
            rows.append(_run(n, "local"))
    with console.status(f"scale benchmark: {sizes[-1]:,} people on Ray"):
        ray_row = _run(sizes[-1], "ray")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table = Table(title=f"End to end by size (seed {SEED}; generation not timed)",
                  caption=f"load average {load} on {os.cpu_count()} CPUs; growth exponent "
                          f"(time) {exponent(rows):.2f} over {rows[0]['people']:,}–"
                          f"{rows[-1]['people']:,} people; BENCH_BIG=1 adds 100k and 200k")
    for col in ("people", "engine", "mentees", "score + candidates s", "solve s",
                "end to end s", "÷ single process", "peak RSS MB (bank alone)", "coverage",
                "status"):
        table.add_column(col, justify="left" if col in ("engine", "status") else "right")
    single = {r["people"]: float(r["total_s"]) for r in rows}
    for r in [*rows, ray_row]:
        ratio = float(r["total_s"]) / single[r["people"]]
        table.add_row(
            f"{r['people']:,}", str(r["engine"]), f"{r['mentees']:,}", f"{r['score_s']:.1f}",
            f"{r['solve_s']:.1f}", f"{r['total_s']:.1f}", f"{ratio:.2f}",
            f"{r['rss_peak_mb']:,.0f} ({r['rss_bank_mb']:,.0f})",
            f"{int(r['covered']) / max(1, int(r['mentees'])):.1%}", str(r["status"]))
    console.print(table)
    reruns = []
    for size in ("district", *(("region",) if os.environ.get("BENCH_BIG") else ())):
        with console.status(f"rerun benchmark: {size}"):
            done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--rerun", size],
                                  check=True, capture_output=True, text=True)
        reruns.append((size, json.loads(done.stdout.strip().splitlines()[-1])))
    console.print(rerun_table(reruns))


def rerun_table(reruns: list[tuple[str, dict[str, float | int | str]]]) -> Table:
    table = Table(title="Rerun after a 1% change with the score cache ÷ a fresh run "
                        "(target ≤ 25%)",
                  caption="the same changed bank, both in one process; BENCH_BIG=1 adds region")
    for col in ("bank", "people", "fresh s", "rerun s", "rerun ÷ fresh", "mentors rescored",
                "mentees rescored", "pairs reused", "score total fresh / rerun"):
        table.add_column(col, justify="left" if col == "bank" else "right")
    for size, r in reruns:
        table.add_row(size, f"{r['people']:,}", f"{r['fresh_s']:.2f}", f"{r['rerun_s']:.2f}",
                      f"{float(r['rerun_s']) / float(r['fresh_s']):.0%}",
                      f"{r.get('mentors_changed', 0):,}", f"{r.get('mentees_rescored', 0):,}",
                      f"{r.get('pairs_reused', 0):,}",
                      f"{float(r['fresh_score']):.1f} / {float(r['rerun_score']):.1f}")
    return table


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--rerun":
        size = sys.argv[2]
        print(json.dumps(measure_rerun(int(size) if size.isdigit() else size)))
    elif len(sys.argv) == 4 and sys.argv[1] == "--measure":
        print(json.dumps(measure(int(sys.argv[2]), sys.argv[3])))
    else:
        run()
