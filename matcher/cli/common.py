"""What several CLI commands share: reading a bank or a programme file, the default programme,
and the exit codes (0 done, 1 the input has errors or has no answer, 2 a file cannot be read)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from matcher.errors import UnreadableFile
from matcher.model import Bank, Programme

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
SCHOOL_YEAR_FIRST_MONTH = 6  # from June on, "this school year" means the one starting in Sept


def school_year_programme(today: date | None = None) -> Programme:
    """The default programme: the current school year (1 September to 31 May), all forms."""
    today = today or date.today()
    year = today.year if today.month >= SCHOOL_YEAR_FIRST_MONTH else today.year - 1
    return Programme(id="school-year", name=f"Учебный год {year}/{year + 1}",
                     start=date(year, 9, 1), end=date(year + 1, 5, 31))


def read_bank_or_exit(path: Path, console: Console) -> Bank:
    """The good rows of a bank file; rows with errors are skipped with a note."""
    from matcher.bank_io import read_bank

    try:
        report = read_bank(path)
    except UnreadableFile as e:
        console.print(f"[bold red]Ошибка:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e
    if report.errors:
        console.print(f"[yellow]В файле {len(report.errors)} строк с ошибками: они пропущены "
                      "(подробно: matcher validate)[/]")
    return report.bank


def read_programme_or_exit(path: Path | None, console: Console) -> Programme:
    """The programme in a JSON file, or this school year's default when no file is given."""
    if path is None:
        return school_year_programme()
    try:
        return Programme.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        console.print(f"[bold red]Ошибка в файле программы {escape(str(path))}:[/] "
                      f"{escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e
