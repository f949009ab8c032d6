"""`matcher score BANK --mentee ID`: the best mentors for one mentee, with reasons."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from matcher.cli import app
from matcher.cli.common import school_year_programme
from matcher.model import Bank, Wish, WishLevel
from tests.factories import chemistry_mentee as mentee
from tests.factories import chemistry_mentor as mentor
from tests.factories import programme

runner = CliRunner()
WIDE = {"COLUMNS": "250"}  # Rich wraps table cells to the terminal width


def _bank_file(tmp_path, *people) -> str:
    path = tmp_path / "bank.json"
    path.write_text(Bank(participants=people).model_dump_json(), encoding="utf-8")
    return str(path)


def test_prints_the_best_mentors_with_reasons_in_russian(tmp_path):
    physics = mentor("m2", full_name="Сидорова Мария Ивановна", subjects=("физика",))
    bank = _bank_file(tmp_path, mentor("m1"), physics, mentee())
    result = runner.invoke(app, ["score", bank, "--mentee", "e", "--top", "2",
                                 "--programme", _programme(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "Лучшие наставники" in result.output
    assert result.output.index("m1") < result.output.index("m2")
    assert "Наставник ведёт тот же предмет: химия" in result.output


def test_english_and_no_eligible_mentor(tmp_path):
    bank = _bank_file(tmp_path, mentor(), mentee(wishes=(Wish(target="m", level=WishLevel.no),)))
    result = runner.invoke(app, ["score", bank, "--mentee", "e", "--lang", "en",
                                 "--programme", _programme(tmp_path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "No eligible mentors" in result.output
    assert "The mentee said no to this mentor — 1" in result.output


def test_unknown_mentee_exits_with_1(tmp_path):
    bank = _bank_file(tmp_path, mentor(), mentee())
    result = runner.invoke(app, ["score", bank, "--mentee", "nobody"])
    assert result.exit_code == 1


def test_default_programme_is_the_current_school_year():
    p = school_year_programme(date(2027, 2, 10))
    assert (p.start, p.end) == (date(2026, 9, 1), date(2027, 5, 31))
    assert school_year_programme(date(2026, 10, 1)).start == date(2026, 9, 1)


def _programme(tmp_path) -> str:
    path = tmp_path / "programme.json"
    path.write_text(programme().model_dump_json(), encoding="utf-8")
    return str(path)
