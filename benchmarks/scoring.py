"""Scoring benchmarks: speed and memory by bank size, top-k recall, and quality against the
generator's hidden true fit (Spearman, precision@5, per-component ablation, lemmatisation).

`python -m benchmarks scoring` (or `make bench`). Each size is measured in its own subprocess,
so the peak memory (ru_maxrss) is that size's alone. Timings are shown as ratios against
baselines measured in the same run: a plain dense numpy product of the topic matrices over all
pairs (the least any exact scorer does), and exact scoring of the same pairs for the top-k
regime.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date

import numpy as np
from rich.console import Console
from rich.table import Table
from scipy.stats import spearmanr

from matcher.model import Bank, Programme

SIZES = ("school", "district", "region")
SEED = 1
TOP_K = 50
QUALITY_SIZE = "district"
PROGRAMME = Programme(id="bench", start=date(2026, 9, 1), end=date(2027, 5, 31))
# region: mentees scored exactly to check the top-k regime (enough for its blocks to take the
# shortlist search: more than 10 dense blocks of pairs)
SUBSAMPLE_MENTEES = 3000
DISTRICT_SEEDS = (1, 2, 3)
# A district's blocks are too small for the shortlist search by default (every mentor is
# scored); the second row forces it with a shortlist of about a third of the mentors.
DISTRICT_REGIMES: tuple[tuple[str, dict[str, int]], ...] = (
    ("every mentor", {}),
    ("shortlist 300", {"shortlist": 300, "cluster_size": 8, "block_pairs": 20_000}),
)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


def _dense_topic_baseline(scorer) -> float:
    """Seconds for mentors' topic levels × mentees' requests over every pair, in blocks."""
    m = scorer.features_.mentors.topics.astype(np.float32)
    e = scorer.features_.mentees.asks.astype(np.float32)
    step = max(1, 2_000_000 // max(1, len(m)))
    t = time.perf_counter()
    for lo in range(0, len(e), step):
        block = m @ e[lo:lo + step].T
        block.max()  # touch the result, as any consumer would
    return time.perf_counter() - t


def _recall(exact, approx) -> tuple[float, float]:
    """Share of the exact top-k pairs the top-k regime returns, and its score sum relative to
    the exact top-k score sum (1.0 = as good; ties make the first number pessimistic)."""
    e_pairs = {(exact.mentor_ids[a], exact.mentee_ids[b])
               for a, b in zip(exact.mentor, exact.mentee, strict=True)}
    a_pairs = {(approx.mentor_ids[a], approx.mentee_ids[b])
               for a, b in zip(approx.mentor, approx.mentee, strict=True)}
    recall = len(e_pairs & a_pairs) / max(1, len(e_pairs))
    return recall, float(approx.score.sum() / max(1e-12, exact.score.sum()))


def measure(size: str) -> dict:
    """One size, in this process: generation, fit, candidates, memory, baselines."""
    from datasets.generators import generate
    from matcher.scoring import Scorer

    gen = generate(size, seed=SEED)
    bank = gen.bank
    rss_bank = _rss_mb()
    t0 = time.perf_counter()
    scorer = Scorer(top_k=TOP_K if size == "region" else None).fit(bank, PROGRAMME)
    t1 = time.perf_counter()
    cand = scorer.candidates()
    t2 = time.perf_counter()
    out = {
        "size": size, "people": len(bank.participants), "mentors": len(scorer.mentor_ids_),
        "mentees": len(scorer.mentee_ids_), "approximate": bool(scorer.approximate_),
        "fit_s": t1 - t0, "candidates_s": t2 - t1, "candidates": len(cand),
        "rss_bank_mb": rss_bank, "rss_peak_mb": _rss_mb(),
        "baseline_s": _dense_topic_baseline(scorer),
    }
    out["pairs"] = out["mentors"] * out["mentees"]
    if size == "region":
        out |= _top_k_check(bank, Scorer)
    elif size == "district":
        out["checks"] = [_district_check(seed, Scorer, name, params)
                         for seed in DISTRICT_SEEDS for name, params in DISTRICT_REGIMES]
    return out


def _district_check(seed: int, scorer_cls, name: str, params: dict) -> dict:
    """The top-k regime forced on a district bank small enough to score exactly."""
    from datasets.generators import generate

    bank = generate("district", seed=seed).bank
    t = time.perf_counter()
    exact = scorer_cls(top_k=TOP_K).fit(bank, PROGRAMME).candidates()
    t_exact = time.perf_counter() - t
    t = time.perf_counter()
    approx = scorer_cls(top_k=TOP_K, exact_limit=0, **params).fit(bank, PROGRAMME).candidates()
    t_approx = time.perf_counter() - t
    recall, score_ratio = _recall(exact, approx)
    return {"size": f"district, seed {seed}", "check": f"all pairs; {name}",
            "check_exact_s": t_exact, "check_topk_s": t_approx, "recall": recall,
            "score_ratio": score_ratio}


def _top_k_check(bank: Bank, scorer_cls) -> dict:
    """Exact vs top-k regime on every mentor × a random sample of mentees."""
    rng = np.random.default_rng(SEED)
    mentees = [p.id for p in bank.mentees]
    keep = set(rng.choice(mentees, size=min(SUBSAMPLE_MENTEES, len(mentees)), replace=False))
    people = tuple(p for p in bank.participants if p.mentor is not None or p.id in keep)
    # Someone who is both mentor and mentee stays, but only sampled mentees stay mentees.
    people = tuple(p if p.mentee is None or p.id in keep else p.model_copy(update={"mentee": None})
                   for p in people)
    sub = Bank(participants=people, conflicts=bank.conflicts)
    t = time.perf_counter()
    exact = scorer_cls(top_k=TOP_K, exact_limit=10**12).fit(sub, PROGRAMME).candidates()
    t_exact = time.perf_counter() - t
    t = time.perf_counter()
    approx = scorer_cls(top_k=TOP_K, exact_limit=0).fit(sub, PROGRAMME).candidates()
    t_approx = time.perf_counter() - t
    recall, score_ratio = _recall(exact, approx)
    return {"check": f"{len(keep)} mentees, every mentor", "check_exact_s": t_exact,
            "check_topk_s": t_approx, "recall": recall, "score_ratio": score_ratio}


def speed_table(rows: list[dict]) -> Table:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    table = Table(title=f"Scoring speed and memory (seed {SEED}; region: top-{TOP_K})",
                  caption=f"load average {load} on {os.cpu_count()} CPUs; × dense baseline: "
                  "total time over one dense float32 product of the topic matrices")
    for col in ("size", "mentors × mentees", "regime", "fit s", "candidates s", "total s",
                "pairs/s", "× dense baseline", "candidates", "peak RSS MB (bank alone)"):
        table.add_column(col, justify="left" if col in ("size", "regime") else "right")
    for r in rows:
        total = r["fit_s"] + r["candidates_s"]
        table.add_row(
            r["size"], f"{r['mentors']:,} × {r['mentees']:,}",
            f"top-{TOP_K}" if r["approximate"] else "exact",
            f"{r['fit_s']:.2f}", f"{r['candidates_s']:.2f}", f"{total:.2f}",
            f"{r['pairs'] / total:,.0f}", f"{total / max(r['baseline_s'], 1e-9):.0f}",
            f"{r['candidates']:,}", f"{r['rss_peak_mb']:,.0f} ({r['rss_bank_mb']:,.0f})",
        )
    return table


def topk_table(rows: list[dict]) -> Table:
    table = Table(title=f"Top-{TOP_K} regime against exact top-{TOP_K} on the same pairs",
                  caption="target (issue 15): recall ≥ 0.97 and score sum ratio ≥ 0.999")
    for col in ("size", "pairs checked", "exact s", "top-k s", "time ratio", "recall",
                "score sum ratio"):
        table.add_column(col, justify="left" if col == "size" else "right")
    checks = [c for r in rows for c in ([r] if "check" in r else r.get("checks", []))]
    for r in checks:
        table.add_row(r["size"], r["check"], f"{r['check_exact_s']:.2f}",
                      f"{r['check_topk_s']:.2f}",
                      f"{r['check_topk_s'] / max(r['check_exact_s'], 1e-9):.2f}",
                      f"{r['recall']:.3f}", f"{r['score_ratio']:.4f}")
    return table


# --- quality ----------------------------------------------------------------------------------


@dataclass
class Quality:
    spearman: float
    precision5: float


def _precision_at(score: np.ndarray, truth: np.ndarray, ok: np.ndarray, k: int = 5) -> float:
    """Mean over mentees with more than k eligible mentors of |top-k by score ∩ top-k by truth|/k
    (mentors × mentees arrays)."""
    hits = []
    for j in np.flatnonzero(ok.sum(axis=0) > k):  # a loop over mentees
        rows = np.flatnonzero(ok[:, j])
        top_s = set(rows[np.argsort(-score[rows, j], kind="stable")[:k]])
        top_t = set(rows[np.argsort(-truth[rows, j], kind="stable")[:k]])
        hits.append(len(top_s & top_t) / k)
    return float(np.mean(hits)) if hits else float("nan")


def _quality(score: np.ndarray, truth: np.ndarray, ok: np.ndarray) -> Quality:
    rho = spearmanr(score[ok], truth[ok]).statistic
    return Quality(float(rho), _precision_at(score, truth, ok))


def quality_tables(size: str = QUALITY_SIZE) -> list[Table]:
    from datasets.generators import generate
    from matcher.scoring import COMPONENTS, Scorer

    gen = generate(size, seed=SEED)
    results: dict[bool, tuple[Scorer, float]] = {}
    Scorer(lemmatize=True).fit(gen.bank, PROGRAMME).score_matrix()  # warm up (dictionaries)
    for lemmatize in (False, True):
        secs = []
        for _ in range(2):  # best of two: the machine may be busy
            t = time.perf_counter()
            scorer = Scorer(lemmatize=lemmatize).fit(gen.bank, PROGRAMME)
            scorer.score_matrix()
            secs.append(time.perf_counter() - t)
        results[lemmatize] = (scorer, min(secs))
    scorer = results[False][0]
    m_idx = np.array([gen.mentor_index[i] for i in scorer.mentor_ids_])
    e_pos = {pid: i for i, pid in enumerate(gen.mentee_ids)}
    e_idx = np.array([e_pos[i] for i in scorer.mentee_ids_])
    truth = gen.true_fit(m_idx[:, None], e_idx[None, :])
    ok = scorer.eligible_matrix()
    # The run's own weights: the profile's, plus the programme's preferred rules (none here,
    # so that component weighs nothing and is left out of the ablation).
    weights = {c: w for c, w in scorer.weights_.items() if w > 0}

    lem = Table(title=f"Lemmatisation ({size}, {int(ok.sum()):,} eligible pairs)")
    for col in ("lemmatize", "Spearman (total)", "P@5 (total)", "Spearman (text alone)",
                "P@5 (text alone)", "fit + score s"):
        lem.add_column(col, justify="right")
    for flag, (sc, secs) in results.items():
        q = _quality(sc.score_matrix(), truth, ok)
        qt = _quality(sc.components_matrix("text_similarity"), truth, ok)
        lem.add_row(str(flag), f"{q.spearman:.3f}", f"{q.precision5:.3f}",
                    f"{qt.spearman:.3f}", f"{qt.precision5:.3f}", f"{secs:.2f}")

    values = {c: scorer.components_matrix(c).astype(np.float64) for c in COMPONENTS}
    full = _quality(scorer.score_matrix(), truth, ok)
    abl = Table(title=f"Quality against the hidden true fit ({size}, default weights)")
    for col in ("component", "weight", "alone: Spearman", "alone: P@5", "without: Spearman",
                "without: P@5"):
        abl.add_column(col, justify="left" if col == "component" else "right")
    abl.add_row("[bold]all (total score)", "1.00", f"{full.spearman:.3f}",
                f"{full.precision5:.3f}", "", "")
    for c in (c for c in COMPONENTS if c in weights):
        alone = _quality(values[c], truth, ok)
        rest = {k: w for k, w in weights.items() if k != c}
        norm = sum(rest.values())
        without = sum(values[k] * (w / norm) for k, w in rest.items())
        wq = _quality(without, truth, ok)
        abl.add_row(c, f"{weights[c]:.2f}", f"{alone.spearman:.3f}", f"{alone.precision5:.3f}",
                    f"{wq.spearman:.3f} ({wq.spearman - full.spearman:+.3f})",
                    f"{wq.precision5:.3f} ({wq.precision5 - full.precision5:+.3f})")
    return [lem, abl]


def run() -> None:
    console = Console()
    rows = []
    for size in SIZES:
        with console.status(f"scoring benchmark: {size}"):
            done = subprocess.run(
                [sys.executable, "-m", "benchmarks.scoring", "--measure", size],
                check=True, capture_output=True, text=True,
            )
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    console.print(speed_table(rows))
    console.print(topk_table(rows))
    with console.status("scoring quality against the hidden true fit"):
        tables = quality_tables()
    for table in tables:
        console.print(table)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        print(json.dumps(measure(sys.argv[2])))
    else:
        run()
