"""`matcher match`, `demo` and `why-not` end to end on a generated school bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from datasets.generators import generate
from matcher.bank_io import write_bank
from matcher.cli import app
from matcher.model import RunResult
from matcher.rules import pair_exclusions

WIDE = {"COLUMNS": "300", "NO_COLOR": "1"}
runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, list(args), env=WIDE)


@pytest.fixture(scope="module")
def bank_file(tmp_path_factory) -> tuple[Path, object]:
    bank = generate("school", seed=2).bank
    path = tmp_path_factory.mktemp("bank") / "bank.json"
    write_bank(bank, path)
    return path, bank


def test_match_writes_a_result_and_prints_the_summary(bank_file, tmp_path: Path) -> None:
    path, _ = bank_file
    out = tmp_path / "result.json"
    result = invoke("match", str(path), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Охват наставляемых по ролям" in result.output
    assert "Без наставника" in result.output
    run = RunResult.model_validate_json(out.read_text(encoding="utf-8"))
    assert run.proposals and run.bank_path == str(path.resolve())


def test_why_not_reads_the_bank_from_the_result(bank_file, tmp_path: Path) -> None:
    path, _ = bank_file
    out = tmp_path / "result.json"
    assert invoke("match", str(path), "--out", str(out)).exit_code == 0
    run = RunResult.model_validate_json(out.read_text(encoding="utf-8"))
    from matcher.bank_io import read_bank
    from matcher.cli.common import read_programme_or_exit

    bank = read_bank(path).bank  # the bank as the CLI reads it back
    programme = read_programme_or_exit(None, None)
    mentee = run.proposals[0].mentees[0]
    forbidden = next(m for m in bank.mentors
                     if pair_exclusions(m, bank.get(mentee), programme, bank=bank))
    result = invoke("why-not", str(out), mentee, forbidden.id, "--lang", "en")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output[result.output.index("{"):])
    assert payload["allowed"] is False


def test_why_not_without_a_bank_is_a_clear_error(tmp_path: Path, bank_file) -> None:
    path, _ = bank_file
    out = tmp_path / "result.json"
    assert invoke("match", str(path), "--out", str(out)).exit_code == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data["bank_path"] = ""
    out.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("why-not", str(out), "x", "y")
    assert result.exit_code == 2 and "--bank" in result.output


def test_demo_prints_proposals_with_reasons() -> None:
    result = invoke("demo")
    assert result.exit_code == 0, result.output
    assert "Предложенные пары и группы" in result.output
    assert "Главные причины" in result.output
