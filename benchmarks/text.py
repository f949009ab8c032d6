"""Text by meaning: MRR and top-1 of each text method on the labelled Russian paraphrase set
(datasets/eval/text_pairs_ru.csv, 155 difficulty/experience pairs over every taxonomy topic),
and what each costs per text (CPU and wall, first embedding; cached texts cost nothing), with
the CPU it would take for a region's texts.
"""

from __future__ import annotations

import time

import numpy as np
from rich.console import Console
from rich.table import Table

REGION_TEXTS = 30_000  # about a region bank's mentors + mentees with texts


def measure(method: str) -> dict[str, float | str]:
    from datasets.text_eval import load_pairs, rank_metrics
    from matcher.scoring import embedding
    from matcher.scoring.text import TextFeaturizer

    pairs = load_pairs()
    diffs = [p.difficulty for p in pairs]
    exps = [p.experience for p in pairs]
    cpu, wall = time.process_time(), time.perf_counter()
    if method.startswith("tfidf"):
        x = TextFeaturizer(lemmatize=method.endswith("lemmas")).fit_transform(diffs + exps)
        sim = (x[: len(diffs)] @ x[len(diffs):].T).toarray()
    else:
        embedding._model(method)  # the load is once per process: not part of the per-text cost
        cpu, wall = time.process_time(), time.perf_counter()
        a, b = embedding.embed(method, diffs), embedding.embed(method, exps)  # type: ignore[arg-type]
        sim = (a @ b.T).astype(np.float64)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    mrr, top1 = rank_metrics(sim)
    n = 2 * len(pairs)
    return {"method": method, "pairs": len(pairs), "mrr": mrr, "top1": top1,
            "cpu_ms": 1000 * cpu / n, "wall_ms": 1000 * wall / n,
            "region_cpu_s": cpu / n * REGION_TEXTS}


def run() -> list[dict[str, float | str]]:
    from matcher.scoring import embedding

    methods = ["tfidf", "tfidf, lemmas"] + [m for m in embedding.METHODS if embedding.available(m)]
    rows = [measure(m) for m in methods]
    base = float(rows[0]["mrr"])
    table = Table(title="Text methods on the paraphrase set (python -m benchmarks text)")
    for col in ("method", "pairs", "MRR", "MRR − TF-IDF", "top-1", "CPU ms / text",
                "wall ms / text", f"CPU s for {REGION_TEXTS:,} texts"):
        table.add_column(col, justify="left" if col == "method" else "right")
    for r in rows:
        gain = float(r["mrr"]) - base
        table.add_row(str(r["method"]), str(r["pairs"]), f"{r['mrr']:.3f}", f"{gain:+.3f}",
                      f"{r['top1']:.1%}", f"{r['cpu_ms']:.2f}", f"{r['wall_ms']:.2f}",
                      f"{r['region_cpu_s']:.0f}")
    Console().print(table)
    return rows


if __name__ == "__main__":
    run()
