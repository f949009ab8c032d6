"""What several CLI commands share: reading a bank or a programme file, the default programme,
and the exit codes (0 done, 1 the input has errors or has no answer, 2 a file cannot be read)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from matcher.bank_io.problems import russian
from matcher.errors import UnreadableFile
from matcher.messages import message, plural
from matcher.model import Bank, Programme, RunResult

EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
SCHOOL_YEAR_FIRST_MONTH = 6  # from June on, "this school year" means the one starting in Sept


def school_year_programme(today: date | None = None) -> Programme:
    """The default programme: the current school year (1 September to 31 May), all forms."""
    today = today or date.today()
    year = today.year if today.month >= SCHOOL_YEAR_FIRST_MONTH else today.year - 1
    return Programme(id="school-year", name=f"Учебный год {year}/{year + 1}",
                     start=date(year, 9, 1), end=date(year + 1, 5, 31))


def fail(console: Console, code: str, exit_code: int, **params: Any) -> NoReturn:
    """Print the catalogue's Russian and English text of `code` and exit (no traceback)."""
    console.print(f"[bold red]Ошибка:[/] {escape(message(code, 'ru', **params))}\n"
                  f"[bold red]Error:[/] {escape(message(code, 'en', **params))}")
    raise typer.Exit(exit_code)


def read_bank_or_exit(path: Path, console: Console) -> Bank:
    """The good rows of a bank file; rows with errors are skipped with a note. A bank with no
    good row at all (every row invalid, or an empty `{}`) is an error: there is no one to
    match, and an empty result must not pass for an optimal one."""
    from matcher.bank_io import read_bank
    from matcher.cli.app import LANG

    try:
        # a district bank takes seconds to read: say so from the first moment
        with console.status(escape(message("cli.reading", LANG, path=path.name))):
            report = read_bank(path)
    except UnreadableFile as e:
        console.print(f"[bold red]Ошибка:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e
    if report.errors:
        n = len({e.row for e in report.errors})  # rows, not messages: a row may have several
        rows = message("cli.rows_skipped", rows=plural(n, "строка"),
                       rows_en=f"{n} row{'s' if n != 1 else ''}")
        console.print(f"[yellow]{escape(rows)}[/]")
    if not report.bank.participants:
        fail(console, "cli.no_good_rows", EXIT_ERRORS)
    return report.bank


def read_json_or_exit(path: Path, console: Console, unreadable: str) -> str:
    """The text of `path`, checked to be JSON (the models then read it in JSON mode); an
    unreadable file or broken JSON exits with code 2 and the catalogue's `unreadable` message
    (parameters `path`, `reason`)."""
    try:
        text = path.read_text(encoding="utf-8")
        json.loads(text)
        return text
    except OSError as e:
        fail(console, unreadable, EXIT_UNREADABLE, path=str(path),
             reason=e.strerror or type(e).__name__)
    except UnicodeDecodeError:
        fail(console, unreadable, EXIT_UNREADABLE, path=str(path),
             reason="не UTF-8", reason_en="not UTF-8")
    except json.JSONDecodeError as e:
        fail(console, unreadable, EXIT_UNREADABLE, path=str(path),
             reason=f"не JSON: {e.msg}, строка {e.lineno}",
             reason_en=f"not JSON: {e.msg}, line {e.lineno}")
    except (RecursionError, ValueError):
        fail(console, unreadable, EXIT_UNREADABLE, path=str(path),
             reason="испорченный JSON", reason_en="broken JSON")


def validation_lines(error: ValidationError) -> list[str]:
    """One line per pydantic error: the field path, the Russian sentence (as the bank report
    words it) and pydantic's English message."""
    lines = []
    for err in error.errors():
        where = ".".join(str(part) for part in err["loc"]) or "—"
        field = str(err["loc"][-1]) if err["loc"] else ""
        lines.append(f"  • {where}: {russian(err, field)} / {err['msg']}")
    return lines


def read_programme_or_exit(path: Path | None, console: Console) -> Programme:
    """The programme in a JSON file, or this school year's default when no file is given.
    Every error names its field and reads in Russian and English; exit code 2."""
    if path is None:
        return school_year_programme()
    data = read_json_or_exit(path, console, "cli.programme_unreadable")
    try:
        return Programme.model_validate_json(data)
    except ValidationError as e:
        console.print(f"[bold red]{escape(message('cli.programme_file', 'ru', path=str(path)))}"
                      f" / {escape(message('cli.programme_file', 'en', path=str(path)))}:[/]")
        for line in validation_lines(e):
            console.print(escape(line))
        raise typer.Exit(EXIT_UNREADABLE) from e


def read_previous_or_exit(path: Path, console: Console) -> RunResult:
    """A previous run's result (`--previous`); anything else exits with code 2, no traceback."""
    data = read_json_or_exit(path, console, "cli.previous_unreadable")
    try:
        return RunResult.model_validate_json(data)
    except ValidationError as e:
        first = validation_lines(e)[0].strip(" •")
        fail(console, "cli.previous_invalid", EXIT_UNREADABLE, path=str(path),
             detail=f"{first} (ошибок: {e.error_count()})",
             detail_en=f"{e.errors()[0]['msg']} ({e.error_count()} errors)")


def positive_seconds(value: float | None) -> float | None:
    """Typer callback: a time limit must be more than zero seconds."""
    if value is not None and not value > 0:
        raise typer.BadParameter(
            f"время должно быть больше нуля, указано {value} / must be more than zero seconds")
    return value
