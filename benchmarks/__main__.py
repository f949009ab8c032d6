"""Run every benchmark and print its tables: `python -m benchmarks [scoring|solver|load ...]`."""

from __future__ import annotations

import importlib
import os
import sys

# The tables are wide; keep them readable when the output goes to a file or a CI log.
os.environ.setdefault("COLUMNS", "200")

AREAS = ("scoring", "solver", "load")


def main(argv: list[str]) -> None:
    for area in argv or AREAS:
        importlib.import_module(f"benchmarks.{area}").run()


if __name__ == "__main__":
    main(sys.argv[1:])
