"""A problem CP-SAT searches for its whole time limit, shared by the tests that stop a real
solve (Ctrl-C in the CLI, cancel through the service), so none of them copies it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from datasets import generate
from matcher.bank_io.json_io import dumps
from matcher.model import Bank, Kind, Programme

TIME_LIMIT_S = 300


def long_bank() -> Bank:
    """A district bank (about 2,000 people), seed 1."""
    return generate("district", seed=1).bank


def long_programme(pid: str = "groups") -> Programme:
    """Groups only over the whole district: the benchmark's «district, groups only» ends
    feasible, not optimal, so the search runs until the time limit or a stop."""
    return Programme(id=pid, name="Группы", start=date(2026, 9, 1), end=date(2027, 5, 31),
                     kinds=frozenset({Kind.group}), time_limit_s=TIME_LIMIT_S, seed=1)


def long_problem(tmp: Path) -> tuple[Path, Path]:
    """`long_bank()` and `long_programme()` written as files in `tmp` for the CLI."""
    bank, programme = tmp / "bank.json", tmp / "programme.json"
    bank.write_text(dumps(long_bank()), encoding="utf-8")
    programme.write_text(long_programme().model_dump_json(), encoding="utf-8")
    return bank, programme
