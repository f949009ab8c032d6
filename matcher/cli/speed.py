"""`matcher speed`: a speed-mentoring session («скоростное наставничество») as a timetable."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from matcher.cli.app import app
from matcher.cli.common import (
    EXIT_ERRORS,
    EXIT_UNREADABLE,
    fail,
    read_bank_or_exit,
    read_programme_or_exit,
)
from matcher.messages import message

TIMETABLE_FORMATS = (".csv", ".xlsx")


@app.command("speed")
def speed(
    bank_path: Annotated[Path, typer.Argument(metavar="BANK",
                                              help="Файл банка (.json/.csv/.xlsx)")],
    programme_path: Annotated[Path | None, typer.Option(
        "--programme", "-p", help="Программа (JSON); по умолчанию учебный год")] = None,
    rounds: Annotated[int, typer.Option("--rounds", "-n", min=1, max=50,
                                        help="Сколько раундов встреч")] = 3,
    out: Annotated[Path, typer.Option("--out", "-o", help="Расписание (.xlsx или .csv)")] = (
        Path("timetable.xlsx")),
    mentors: Annotated[list[str] | None, typer.Option(
        "--mentor", help="Код наставника (можно несколько); по умолчанию все")] = None,
    mentees: Annotated[list[str] | None, typer.Option(
        "--mentee", help="Код наставляемого (можно несколько); по умолчанию все")] = None,
) -> None:
    """Расписание скоростного наставничества: разовые встречи по раундам, без повторов пар и
    без расхода вместимости наставников."""
    from matcher.reports.timetable import write_timetable
    from matcher.solver.speed import speed_rounds

    console = Console()
    if out.suffix.lower() not in TIMETABLE_FORMATS:
        fail(console, "cli.timetable_format", EXIT_UNREADABLE, suffix=out.suffix or "—")
    bank = read_bank_or_exit(bank_path, console)
    programme = read_programme_or_exit(programme_path, console)
    schedule = speed_rounds(bank, programme, rounds=rounds, mentors=mentors, mentees=mentees)
    if not schedule.meetings:
        fail(console, "cli.speed_nobody", EXIT_ERRORS)
    write_timetable(schedule, bank, out)
    for number, meetings in enumerate(schedule.rounds, start=1):
        console.print(escape(message("speed.round_summary", "ru", round=number,
                                     meetings=len(meetings))))
    console.print(f"[green]{escape(message('speed.written', 'ru', path=str(out)))}[/]")
