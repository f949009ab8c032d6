"""Run every benchmark and print its tables: `python -m benchmarks [AREA ...]` (`--help` lists
the areas)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# The tables are wide; keep them readable when the output goes to a file or a CI log.
os.environ.setdefault("COLUMNS", "200")

AREAS = {
    "scoring": "scoring speed, top-k recall, quality, lemmatisation",
    "solver": "school, district and region banks end to end, against one bare min-cost flow",
    "load": "the service under load (SQLite, and PostgreSQL at BENCH_POSTGRES_URL)",
    "dense": "dense pairing: scipy LSA, a bare OR-Tools min-cost flow and matcher.solver.assign",
    "learning": "weights learned from simulated outcomes against the current ones (AUC)",
    "stable": "the stable option on full preference lists, against deferred acceptance alone",
    "text": "text methods' MRR and top-1 on the Russian paraphrase set, and their cost",
    "review": "the review table at district size: page size, first rows, whole page",
    "scale": "end to end at 10k and 50k people (BENCH_BIG=1: 100k, 200k), peak memory, "
             "growth exponent, the Ray engine beside the single process",
    "topics": "30 ranked topics a side: share of the ranks' optimum, ranks against levels",
}
DEFAULT = ("scoring", "solver", "load", "dense", "learning", "stable", "text", "review", "scale",
           "topics")


def parser() -> argparse.ArgumentParser:
    """The command line: the areas to run, all of them by default."""
    areas = "\n".join(f"  {name:<8} {what}" for name, what in AREAS.items())
    cli = argparse.ArgumentParser(
        prog="python -m benchmarks", formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Print the benchmark tables (ratios against exact baselines measured in "
                    "the same run).", epilog=f"areas:\n{areas}")
    cli.add_argument("areas", nargs="*", metavar="AREA",
                     help=f"one or more of {', '.join(AREAS)} (default: all)")
    return cli


def main(argv: list[str]) -> None:
    cli = parser()
    args = cli.parse_args(argv)
    unknown = [a for a in args.areas if a not in AREAS]
    if unknown:
        cli.error(f"unknown area {', '.join(unknown)}; the areas are {', '.join(AREAS)}")
    for area in args.areas or DEFAULT:
        importlib.import_module(f"benchmarks.{area}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
