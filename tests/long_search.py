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
    """A bank of 4,000 people, seed 1: groups only over it take CP-SAT about 40 s on this
    machine. (The district bank of 2,000 people stopped being long once the seeds' rules cut
    its candidates: CP-SAT proves its optimum in about 10 s.)"""
    return generate(4000, seed=1).bank


def long_programme(pid: str = "groups") -> Programme:
    """Groups only over the whole bank: a search of tens of seconds, long enough to be stopped
    part-way."""
    return Programme(id=pid, name="Группы", start=date(2026, 9, 1), end=date(2027, 5, 31),
                     kinds=frozenset({Kind.group}), time_limit_s=TIME_LIMIT_S, seed=1)


def long_problem(tmp: Path) -> tuple[Path, Path]:
    """`long_bank()` and `long_programme()` written as files in `tmp` for the CLI."""
    bank, programme = tmp / "bank.json", tmp / "programme.json"
    bank.write_text(dumps(long_bank()), encoding="utf-8")
    programme.write_text(long_programme().model_dump_json(), encoding="utf-8")
    return bank, programme
