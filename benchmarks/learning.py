"""Learning from outcomes: do weights learned from a school's judged pairs rank its pairs
better than the weights it runs with?

Simulated programmes (`datasets.outcomes`): a generated bank, pairs judged good or bad from a
hidden truth. Two schools: one whose truth is the generator's own (the default weights were
built for it, so the learned ones should add nothing and no advice should be given), and one
where personal fit and common free time matter more. For each, `matcher.learning.advise` on a
sample of judged pairs, then both weightings scored on a fresh sample of the same school
(pairs the fit never saw): AUC = the chance a good pair outranks a bad one.
"""

from __future__ import annotations

import numpy as np
from rich.console import Console
from rich.table import Table

from datasets.generators import SizeName, generate
from datasets.outcomes import GENERATOR_TRUTH, PEOPLE_FIRST, SchoolTruth, simulate
from matcher.learning import advise, auc
from matcher.model import Weights
from matcher.scoring import COMPONENTS

SCHOOLS: tuple[tuple[str, SchoolTruth], ...] = (
    ("generator's truth", GENERATOR_TRUTH), ("people first", PEOPLE_FIRST))
CASES: tuple[tuple[SizeName, int], ...] = (("school", 300), ("district", 600))
SEEDS = (1, 2, 3)


def measure(size: SizeName, pairs: int, truth: SchoolTruth, seed: int) -> dict[str, float | str]:
    gen = generate(size, seed=seed)
    seen = simulate(gen, pairs, seed=seed, truth=truth)
    fresh = simulate(gen, pairs, seed=seed + 1000, truth=truth)
    advice = advise(seen, Weights(), seed=seed)
    current = Weights().normalised()
    w_now = np.array([current[c] for c in COMPONENTS])
    learned = advice.weights
    w_new = np.array([learned[c] for c in COMPONENTS]) if learned else w_now
    return {"verdict": advice.verdict.value, "pairs": float(advice.pairs),
            "held_now": advice.auc_current or 0.0, "held_new": advice.auc_learned or 0.0,
            "fresh_now": auc(fresh.components @ w_now, fresh.good),
            "fresh_new": auc(fresh.components @ w_new, fresh.good)}


def run() -> list[dict[str, float | str]]:
    console = Console()
    table = Table(title="Learning from outcomes: AUC of the current and the learned weights "
                        "(held out of the fit; fresh sample of the same school)")
    for col in ("school", "bank", "seed", "judged pairs", "advice", "held-out: current",
                "held-out: learned", "fresh: current", "fresh: suggested", "gain"):
        table.add_column(col, justify="left" if col in ("school", "bank", "advice") else "right")
    rows = []
    for name, truth in SCHOOLS:
        for size, pairs in CASES:
            for seed in SEEDS:
                with console.status(f"learning bench: {name}, {size}, seed {seed}"):
                    row = measure(size, pairs, truth, seed)
                rows.append({"school": name, "size": size, **row})
                table.add_row(name, size, str(seed), f"{row['pairs']:.0f}", str(row["verdict"]),
                              f"{row['held_now']:.3f}", f"{row['held_new']:.3f}",
                              f"{row['fresh_now']:.3f}", f"{row['fresh_new']:.3f}",
                              f"{float(row['fresh_new']) - float(row['fresh_now']):+.3f}")
    console.print(table)
    console.print("[dim]'suggested' is the learned weights where advice is given, the current "
                  "ones otherwise (the curator is never shown a weighting that did not rank "
                  "held-out pairs better).[/]")
    return rows
