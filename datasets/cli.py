"""The CLI commands that need the generator: `matcher datasets generate` and `matcher demo`.

`matcher` does not import `datasets` (the generator is a layer above the library): this module
adds its commands to the `matcher` app from outside, through the entry point group
`matcher.cli` (see `register` and pyproject.toml). A generated bank is written in the format of
its file extension (.json, .csv, .xlsx) by `matcher.bank_io.write_bank`, so it opens exactly
like one a curator filled in.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from datasets.generators import SIZES, Size, as_size, generate
from matcher.bank_io import detect_format, write_bank
from matcher.cli.solve import solve_with_progress, summary_tables
from matcher.errors import UnreadableFile
from matcher.labels import label
from matcher.model import Bank, Programme, Role

datasets_app = typer.Typer(
    name="datasets",
    help="Сгенерировать реалистичный банк наставников и наставляемых (для проверки и демо).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    """Add `datasets generate` and `demo` to the `matcher` app (the `matcher.cli` entry point)."""
    app.add_typer(datasets_app, name="datasets")
    app.command("demo")(demo_command)

SIZE_HELP = ("school (~80), district (~2 000), region (~50 000), students (школа и колледж) "
             "или число участников")


def parse_size(value: str) -> Size:
    """A named size or a positive number of people."""
    for name in SIZES:
        if value == name:
            return name
    if value.isdigit() and int(value) >= 5:
        return int(value)
    raise typer.BadParameter(f"размер {value!r}: нужен один из {', '.join(SIZES)} или число ≥ 5")


def _parse_start(value: str | None) -> date:
    if value is None:
        return date(2026, 9, 1)
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise typer.BadParameter(f"дата {value!r}: нужен формат ГГГГ-ММ-ДД") from e


@datasets_app.command("generate")
def generate_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Файл банка: .json, .csv или .xlsx")],
    size: Annotated[str, typer.Option("--size", "-s", help=SIZE_HELP)] = "school",
    seed: Annotated[int, typer.Option("--seed", help="Зерно генератора: тот же → тот же банк")] = 0,
    start: Annotated[
        str | None,
        typer.Option("--start", help="Дата начала программы (ГГГГ-ММ-ДД), по умолчанию 2026-09-01"),
    ] = None,
) -> None:
    """Сгенерировать банк заданного размера и записать его в файл."""
    console = Console()
    parsed_size = parse_size(size)
    at = _parse_start(start)
    try:
        detect_format(out)
    except UnreadableFile as e:
        raise typer.BadParameter(e.reason, param_hint="--out") from e

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
        console=console, transient=True,
    ) as progress:
        task = progress.add_task("Генерация банка", total=None)

        def report(stage: str, done: int, total: int) -> None:
            progress.update(task, description=stage, completed=done, total=total)

        generated = generate(parsed_size, seed=seed, start=at, progress=report)
        progress.update(task, description=f"Запись {out.name}", completed=0, total=None)
        write_bank(generated.bank, out)

    console.print(summary_table(generated.bank, at))
    console.print(f"Записано участников: {len(generated.bank.participants)} → {escape(str(out))}")


def summary_table(bank: Bank, at: date) -> Table:
    """People by role: total, mentors, mentees, and how many lack a consent they need."""
    table = Table(title="Сгенерированный банк")
    for col in ("Роль", "Всего", "Наставники", "Наставляемые", "Нет согласия"):
        table.add_column(col, justify="left" if col == "Роль" else "right")
    totals = [0, 0, 0, 0]
    for role in Role:
        people = [p for p in bank.participants if p.role == role]
        if not people:
            continue
        mentors = sum(p.mentor is not None for p in people)
        mentees = sum(p.mentee is not None for p in people)
        missing = sum(
            bool((p.mentor is not None and p.missing_consents(at, as_mentor=True))
                 or (p.mentee is not None and p.missing_consents(at, as_mentor=False)))
            for p in people
        )
        row = [len(people), mentors, mentees, missing]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        table.add_row(label(role), *map(str, row))
    table.add_section()
    table.add_row("итого", *map(str, totals), style="bold")
    return table


def demo_command(
    size: Annotated[str, typer.Option(help="school, district или region")] = "school",
    seed: Annotated[int, typer.Option(help="Зерно генератора")] = 1,
    show: Annotated[int, typer.Option(help="Сколько предложений показать")] = 10,
) -> None:
    """Демонстрация: сгенерировать банк → оценить пары → подобрать → объяснить."""
    from matcher.solver import SolveOptions

    console = Console()
    bank = generate(as_size(size), seed=seed).bank
    programme = Programme(id="demo", name="Демонстрация", start=date(2026, 9, 1),
                          end=date(2027, 5, 31), seed=seed, time_limit_s=10)
    console.print(f"Банк: {len(bank.mentors)} наставников, {len(bank.mentees)} наставляемых")
    result = solve_with_progress(bank, programme, console,
                                 options=SolveOptions(explain=size == "school"))
    table = Table(title="Предложенные пары и группы", expand=True)
    for col, ratio in (("Наставник", 2), ("Наставляемые", 2), ("Форма", 2), ("Оценка", 1),
                       ("Главные причины", 5)):
        table.add_column(col, overflow="fold", ratio=ratio)
    for p in result.proposals[:show]:
        reasons = [c.reason.ru for c in (p.pairs[0].components if p.pairs else ())[:2]]
        table.add_row(escape(bank.get(p.mentor).full_name),
                      escape(", ".join(bank.get(e).full_name for e in p.mentees)),
                      f"{label(p.form)}, {label(p.kind)}", f"{p.score * 100:.0f}",
                      escape("; ".join(reasons)))
    console.print(table)
    for t in summary_tables(bank, result):
        console.print(t)
