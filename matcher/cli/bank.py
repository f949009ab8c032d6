"""CLI commands for bank files: `matcher validate`, `matcher schema`, `matcher convert`.

Exit codes of `validate` and `convert`: 0 — no errors (warnings allowed), 1 — rows with
errors, 2 — the file cannot be read at all.
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from matcher.bank_io import ImportReport, read_bank, write_bank
from matcher.bank_io.cells import CellError, parse_date
from matcher.bank_io.report import ERROR
from matcher.cli.app import app
from matcher.cli.common import EXIT_ERRORS, EXIT_UNREADABLE
from matcher.errors import UnreadableFile
from matcher.model import Bank, RunResult


def _at(value: str | None) -> date | None:
    """`--at` as a date (ДД.ММ.ГГГГ or ISO)."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except CellError as e:
        raise typer.BadParameter(str(e)) from e


AtOption = Annotated[
    str | None,
    typer.Option("--at", help="Дата проверки возраста и согласий (ДД.ММ.ГГГГ); по умолчанию "
                 "сегодня."),
]


def _read(path: Path, at: str | None, console: Console) -> ImportReport:
    """Read a bank file or exit with code 2 and a Russian message (no traceback)."""
    try:
        return read_bank(path, at=_at(at))
    except UnreadableFile as e:
        console.print(f"[bold red]Ошибка:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e


def problems_table(report: ImportReport) -> Table:
    """The report as a Rich table: row, column, value, message, severity."""
    table = Table(title=f"Проверка файла {escape(report.source)}")
    for name, style in (("Строка", "cyan"), ("Столбец", "magenta"), ("Значение", ""),
                        ("Сообщение", ""), ("Уровень", "")):
        table.add_column(name, style=style or None, overflow="fold")
    for p in sorted(report.problems, key=lambda p: (p.row, p.severity != ERROR)):
        level = "[red]ошибка[/]" if p.severity == ERROR else "[yellow]предупреждение[/]"
        table.add_row(str(p.row), escape(p.column), escape(p.value), escape(p.message), level)
    return table


def summary(report: ImportReport) -> str:
    return (f"Прочитано строк: {report.rows_read}; загружено: {report.kept}; "
            f"ошибок: {len(report.errors)}; предупреждений: {len(report.warnings)}")


def _print_report(report: ImportReport, console: Console) -> None:
    if report.problems:
        console.print(problems_table(report))
    style = "red" if report.errors else ("yellow" if report.warnings else "green")
    console.print(f"[{style}]{summary(report)}[/]")


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="Файл банка: .xlsx, .csv или .json")],
    at: AtOption = None,
) -> None:
    """Проверить файл банка: каждая строка, понятные сообщения, итог."""
    console = Console()
    report = _read(file, at, console)
    _print_report(report, console)
    if report.errors:
        console.print("Строки с ошибками не будут загружены; исправьте их и проверьте снова.")
        raise typer.Exit(EXIT_ERRORS)


class SchemaWhat(StrEnum):
    bank = "bank"
    result = "result"


@app.command()
def schema(
    what: Annotated[SchemaWhat, typer.Option("--what", help="bank или result")] = (
        SchemaWhat.bank
    ),
    out: Annotated[Path | None, typer.Option("--out", help="Записать в файл")] = None,
) -> None:
    """JSON Schema банка (Bank) или результата подбора (RunResult)."""
    model = Bank if what == SchemaWhat.bank else RunResult
    text = json.dumps(model.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"Схема записана в {out}")


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Исходный файл банка")],
    target: Annotated[Path, typer.Argument(help="Новый файл: .xlsx, .csv или .json")],
    at: AtOption = None,
    keep_good: Annotated[bool, typer.Option(
        "--keep-good", help="Записать хорошие строки, даже если в других есть ошибки")] = False,
) -> None:
    """Переписать банк в другой формат (по расширению нового файла)."""
    console = Console()
    report = _read(source, at, console)
    _print_report(report, console)
    if report.errors and not keep_good:
        console.print("[red]Файл не записан:[/] есть ошибки (или укажите --keep-good).")
        raise typer.Exit(EXIT_ERRORS)
    try:
        write_bank(report.bank, target)
    except UnreadableFile as e:  # an unknown extension of the target
        console.print(f"[bold red]Ошибка:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e
    console.print(f"Записано участников: {report.kept} → {target}")
