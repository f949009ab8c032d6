"""Issue 18, the command line in curator words: help fully in Russian (English with LANG=en),
progress from the first moment (reading the bank, scoring with a percentage, solving by
component), results without the solver's jargon."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from rich.console import Console
from typer.testing import CliRunner

from matcher.cli import app
from matcher.cli.common import read_bank_or_exit
from matcher.cli.solve import outcome_text
from matcher.model import RunResult
from tests.cases import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = re.compile(r"\b(Usage|Options|Arguments|Commands|Show this message|required|"
                     r"default)\b")


def help_of(*args: str, lang: str) -> str:
    """`matcher ... --help` in a fresh process (the language is read once, at import)."""
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "",
           "COLUMNS": "120", "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    code = "import sys; from matcher.cli import main; sys.argv = ['matcher', *sys.argv[1:]]; main()"
    done = subprocess.run([sys.executable, "-c", code, *args, "--help"], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


def errors_of(*args: str, lang: str) -> str:
    """What `matcher ...` prints on a parse error, in a fresh process, as plain text."""
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "",
           "COLUMNS": "200", "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "TERM": "dumb"}
    code = "import sys; from matcher.cli import main; sys.argv = ['matcher', *sys.argv[1:]]; main()"
    done = subprocess.run([sys.executable, "-c", code, *args], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 2, done.stderr
    return " ".join(line.strip("│ ") for line in done.stderr.splitlines())


def test_parse_errors_speak_russian_and_english_with_lang_en():
    cases = [
        (("match",), "Не указан аргумент 'BANK'.", "Missing argument 'BANK'."),
        (("match", "--bogus"), "Нет такого параметра: --bogus.", "No such option: --bogus"),
        (("match", "a.json", "b.json"), "Лишние аргументы: b.json.",
         "Got unexpected extra argument(s) (b.json)"),
        (("match", "a.json", "-p"), "Параметру '-p' нужно значение.",
         "Option '-p' requires an argument."),
        (("match", "a.json", "--time-limit", "abc"),
         "Недопустимое значение '--time-limit': нужно число.", "Invalid value for"),
        (("nosuch",), "Нет такой команды: 'nosuch'.", "No such command 'nosuch'."),
    ]
    for args, russian, english in cases:
        text = errors_of(*args, lang="ru_RU.UTF-8")
        assert russian in text and "Ошибка" in text, text
        assert english not in text, text
        assert english in errors_of(*args, lang="en_GB.UTF-8")


def test_help_is_fully_russian_by_default_and_english_with_lang_en():
    for args in ((), ("match",)):
        russian = help_of(*args, lang="ru_RU.UTF-8")
        assert "Запуск: matcher" in russian and "Параметры" in russian
        assert "Показать эту справку и выйти." in russian
        assert ENGLISH.findall(russian) == [], russian
        english = help_of(*args, lang="en_GB.UTF-8")
        assert "Usage: matcher" in english and "Options" in english
        assert "Show this message and exit." in english
    assert "[по умолчанию: result.json]" in help_of("match", lang="C.UTF-8")
    assert "--install-completion" not in help_of(lang="ru_RU.UTF-8")


def test_the_bank_is_announced_before_it_is_read(monkeypatch):
    console = Console(record=True, force_terminal=True, width=100)
    seen: list[str] = []
    original = console.status

    def status(text, *args, **kwargs):
        seen.append(str(text))
        return original(text, *args, **kwargs)

    monkeypatch.setattr(console, "status", status)
    bank = read_bank_or_exit(SAMPLE, console)
    assert bank.participants
    assert seen == ["Читаем банк sample.xlsx…"]


def test_match_reports_progress_by_stage_and_component_and_results_in_curator_words(tmp_path):
    from matcher.cli import solve as cli_solve

    updates: list[tuple[str, float]] = []

    class Recording(cli_solve.Progress):  # type: ignore[misc]
        def update(self, task_id, **fields):
            if "description" in fields:
                updates.append((str(fields["description"]), float(fields.get("completed", -1))))
            super().update(task_id, **fields)

    original = cli_solve.Progress
    cli_solve.Progress = Recording
    try:
        out = tmp_path / "result.json"
        # --stable solves by CP-SAT, component by component (plain pairs need only the flow)
        res = CliRunner().invoke(app, ["match", str(SAMPLE), "-o", str(out), "--stable"])
    finally:
        cli_solve.Progress = original
    assert res.exit_code == 0, res.output
    texts = [t for t, _ in updates]
    assert any(t.startswith("Оценка пар") for t in texts)
    assert any(t.startswith("Подбор пар и групп: независимая часть задачи") for t in texts)
    done = [c for _, c in updates if c >= 0]
    assert done == sorted(done)  # the bar only moves forward
    assert "optimal" not in res.output and "Разрыв" not in res.output
    assert "min-cost" not in res.output and "CP-SAT" not in res.output
    assert "лучший возможный вариант" in res.output or "хороший вариант" in res.output
    assert RunResult.model_validate_json(out.read_text(encoding="utf-8")).proposals


def test_outcome_words():
    from matcher.model.results import SolveStatus

    class R:
        status = SolveStatus.feasible
        gap = 0.0123

    assert outcome_text(R(), "ru") == (  # type: ignore[arg-type]
        "хороший вариант: время на поиск вышло, лучший возможный выше не более чем на 1,2 %")
    assert "1.2 %" in outcome_text(R(), "en")  # type: ignore[arg-type]
    R.status, R.gap = SolveStatus.optimal, 0.0
    assert outcome_text(R(), "ru") == "лучший возможный вариант"  # type: ignore[arg-type]
