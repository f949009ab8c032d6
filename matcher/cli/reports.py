"""CLI commands for the documents of a run: `matcher report`, `matcher order`, `matcher plans`,
`matcher export`.

Each reads a run result (RunResult JSON), the bank it was computed on (`--bank`, or the path the
result records) and optionally the programme (`--programme`, Programme JSON; without it the
school year of the run is assumed with the default targets). Exit codes: 0 — written,
1 — the bank has rows with errors or the result names people not in the bank, 2 — a file
cannot be read.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape

from matcher.bank_io import read_bank
from matcher.bank_io.cells import CellError, parse_date
from matcher.cli.app import app
from matcher.cli.bank import problems_table
from matcher.cli.common import EXIT_ERRORS, EXIT_UNREADABLE, school_year_programme
from matcher.errors import UnknownParticipant, UnreadableFile
from matcher.model import Bank, Programme, RunResult
from matcher.reports import build_report, report_renderable, write_export, write_order
from matcher.reports.order import ORDER_KINDS, OrderSettings, build_orders, order_organisations
from matcher.reports.plans import build_plans
from matcher.reports.plans_docx import write_plans
from matcher.reports.xlsx import write_report_xlsx

ResultArg = Annotated[Path, typer.Argument(help="Результат подбора (RunResult, .json)")]
BankOption = Annotated[Path | None, typer.Option(
    "--bank", help="Файл банка (.xlsx, .csv, .json); по умолчанию тот, что записан в результате")]
ProgrammeOption = Annotated[Path | None, typer.Option(
    "--programme", help="Программа (Programme, .json): срок и целевые показатели; по умолчанию "
    "учебный год подбора и цели 50 % педагогов, 70 % обучающихся")]
LangOption = Annotated[str, typer.Option("--lang", help="Язык: ru или en")]


def _fail(console: Console, message: str, code: int) -> typer.Exit:
    console.print(f"[bold red]Ошибка:[/] {escape(message)}")
    return typer.Exit(code)


def _check_lang(lang: str) -> str:
    if lang not in ("ru", "en"):
        raise typer.BadParameter("ru или en", param_hint="--lang")
    return lang


def default_programme(result: RunResult) -> Programme:
    """The school year the run falls in: 1 September to 31 May."""
    programme = school_year_programme(result.created_at.date())
    return programme.model_copy(update={"id": result.programme_id or programme.id})


def load_inputs(result_path: Path, bank_path: Path | None, programme_path: Path | None,
                console: Console) -> tuple[Bank, Programme, RunResult]:
    """The bank, programme and result, or a Russian message and an exit code."""
    try:
        result = RunResult.model_validate_json(result_path.read_text(encoding="utf-8"))
    except OSError as e:
        raise _fail(console, f"не удалось прочитать {result_path}: {e.strerror}",
                    EXIT_UNREADABLE) from e
    except ValidationError as e:
        raise _fail(console, f"{result_path} — не результат подбора: {e.errors()[0]['msg']}",
                    EXIT_UNREADABLE) from e
    if programme_path is not None:
        try:
            programme = Programme.model_validate_json(programme_path.read_text(encoding="utf-8"))
        except OSError as e:
            raise _fail(console, f"не удалось прочитать {programme_path}: {e.strerror}",
                        EXIT_UNREADABLE) from e
        except ValidationError as e:
            raise _fail(console, f"{programme_path} — не программа: {e.errors()[0]['msg']}",
                        EXIT_UNREADABLE) from e
    else:
        programme = default_programme(result)
        console.print(f"[yellow]Программа не указана (--programme): срок "
                      f"{programme.start:%d.%m.%Y} – {programme.end:%d.%m.%Y}, цели "
                      f"по умолчанию.[/]")
    path = bank_path or (Path(result.bank_path) if result.bank_path else None)
    if path is None:
        raise _fail(console, "укажите файл банка: --bank", EXIT_UNREADABLE)
    try:
        imported = read_bank(path, at=programme.start)
    except UnreadableFile as e:
        raise _fail(console, str(e), EXIT_UNREADABLE) from e
    if imported.errors:
        console.print(problems_table(imported))
        raise _fail(console, "в банке есть строки с ошибками; исправьте их, чтобы документы "
                    "совпадали с подбором", EXIT_ERRORS)
    return imported.bank, programme, result


@app.command("report")
def report_command(
    result: ResultArg,
    bank: BankOption = None,
    programme: ProgrammeOption = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Записать отчёт в .xlsx")] = None,
    pairs: Annotated[bool, typer.Option("--pairs", help="Показать и список пар")] = False,
    teachers_total: Annotated[int | None, typer.Option(
        "--teachers-total", help="Число педагогов в организации (знаменатель охвата)")] = None,
    students_total: Annotated[int | None, typer.Option(
        "--students-total", help="Число обучающихся в организации (знаменатель охвата)")] = None,
    lang: LangOption = "ru",
) -> None:
    """Отчёт о подборе: охват педагогов и обучающихся, кто без наставника и почему, нагрузка."""
    console = Console()
    lang = _check_lang(lang)
    the_bank, the_programme, the_result = load_inputs(result, bank, programme, console)
    try:
        report = build_report(the_bank, the_programme, the_result,
                              teachers_total=teachers_total, students_total=students_total)
    except UnknownParticipant as e:
        raise _fail(console, str(e), EXIT_ERRORS) from e
    except ValueError as e:  # a head count below the number involved
        raise typer.BadParameter(str(e)) from e
    console.print(report_renderable(report, lang, pairs=pairs))
    if xlsx is not None:
        write_report_xlsx(report, xlsx, lang=lang)
        console.print(f"Отчёт записан: {escape(str(xlsx))}")


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except CellError as e:
        raise typer.BadParameter(str(e), param_hint="--date") from e


@app.command("order")
def order_command(
    result: ResultArg,
    out: Annotated[Path, typer.Option("--out", help="Файл приказа (.docx)")],
    organisation: Annotated[str, typer.Option(
        "--organisation", help="Полное наименование организации")],
    bank: BankOption = None,
    programme: ProgrammeOption = None,
    include_proposed: Annotated[bool, typer.Option(
        "--include-proposed", help="Включить неподтверждённые пары с пометкой «проект»")] = False,
    number: Annotated[str | None, typer.Option("--number", help="Номер приказа")] = None,
    order_date: Annotated[str | None, typer.Option(
        "--date", help="Дата приказа (ДД.ММ.ГГГГ)")] = None,
    director: Annotated[str | None, typer.Option(
        "--director", help="ФИО директора полностью")] = None,
    curator: Annotated[str | None, typer.Option(
        "--curator", help="Куратор: ФИО и должность в винительном падеже")] = None,
    lang: LangOption = "ru",
) -> None:
    """Проект приказа о закреплении наставнических пар/групп (DOCX)."""
    console = Console()
    lang = _check_lang(lang)
    when = _date(order_date)
    the_bank, the_programme, the_result = load_inputs(result, bank, programme, console)
    try:
        write_order(the_bank, the_programme, the_result, out, organisation=organisation,
                    include_proposed=include_proposed, lang=lang, number=number,
                    order_date=when, director=director, curator=curator)
    except UnknownParticipant as e:
        raise _fail(console, str(e), EXIT_ERRORS) from e
    except ValueError as e:  # an empty organisation
        raise typer.BadParameter(str(e), param_hint="--organisation") from e
    console.print(f"Проект приказа записан: {escape(str(out))}")


@app.command("plans")
def plans_command(
    result: ResultArg,
    out: Annotated[Path, typer.Option("--out", help="Файл программ (.docx)")],
    bank: BankOption = None,
    programme: ProgrammeOption = None,
    confirmed_only: Annotated[bool, typer.Option(
        "--confirmed-only", help="Только подтверждённые куратором пары/группы")] = False,
    lang: LangOption = "ru",
) -> None:
    """Персонализированные программы наставничества: по одной на каждую пару/группу (DOCX)."""
    console = Console()
    lang = _check_lang(lang)
    the_bank, the_programme, the_result = load_inputs(result, bank, programme, console)
    try:
        plans = build_plans(the_bank, the_programme, the_result, confirmed_only=confirmed_only,
                            lang=lang)
    except UnknownParticipant as e:
        raise _fail(console, str(e), EXIT_ERRORS) from e
    write_plans(plans, out, lang=lang)
    console.print(f"Программы наставничества ({len(plans)}) записаны: {escape(str(out))}")


@app.command("orders")
def orders_command(
    result: ResultArg,
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Папка для приказов")],
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", help="pairs (о закреплении пар), mentors (о назначении наставников), "
                       "changes (об изменениях); по умолчанию все")] = None,
    bank: BankOption = None,
    programme: ProgrammeOption = None,
    include_proposed: Annotated[bool, typer.Option(
        "--include-proposed", help="Включить неподтверждённые пары с пометкой «проект»")] = False,
    number: Annotated[str, typer.Option("--number", help="Номер приказа")] = "",
    order_date: Annotated[str | None, typer.Option(
        "--date", help="Дата приказа (ДД.ММ.ГГГГ)")] = None,
    director: Annotated[str, typer.Option("--director", help="ФИО директора")] = "",
    curator: Annotated[str, typer.Option(
        "--curator", help="ФИО куратора в именительном падеже (склоняется в приказе)")] = "",
    curator_position: Annotated[str, typer.Option(
        "--curator-position", help="Должность куратора, например «заместитель директора "
                                   "по УВР»")] = "",
    regulation_teachers: Annotated[str, typer.Option(
        "--regulation-teachers", help="Положение для пар педагогов, как в преамбуле: "
                                      "«Положением о …»")] = "",
    regulation_students: Annotated[str, typer.Option(
        "--regulation-students", help="Положение для пар обучающихся: «Положением о …»")] = "",
    lang: LangOption = "ru",
) -> None:
    """Приказы по каждой организации: о закреплении пар/групп, о назначении наставников и об
    изменениях в составе пар (DOCX; имя файла говорит, что это и для кого)."""
    console = Console()
    lang = _check_lang(lang)
    kinds = kind or list(ORDER_KINDS)
    for k in kinds:
        if k not in ORDER_KINDS:
            raise typer.BadParameter(f"неизвестный приказ «{escape(k)}»: pairs, mentors или "
                                     "changes", param_hint="--kind")
    try:
        settings = OrderSettings(number=number, order_date=_date(order_date), director=director,
                                 curator=curator, curator_position=curator_position,
                                 regulation_teachers=regulation_teachers,
                                 regulation_students=regulation_students)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    the_bank, the_programme, the_result = load_inputs(result, bank, programme, console)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        for k in kinds:
            orgs = order_organisations(the_bank, the_result, k,  # type: ignore[arg-type]
                                       include_proposed=include_proposed)
            for order in build_orders(the_bank, the_programme, the_result,
                                      k,  # type: ignore[arg-type]
                                      settings=dict.fromkeys(orgs, settings),
                                      include_proposed=include_proposed, lang=lang):
                path = out_dir / order.filename
                order.document.save(str(path))
                console.print(f"Записан: {escape(str(path))}")
                written += 1
    except UnknownParticipant as e:
        raise _fail(console, str(e), EXIT_ERRORS) from e
    if not written:
        console.print("Приказов нет: в подборе нет подтверждённых или завершённых пар/групп.")


@app.command("export")
def export_command(
    result: ResultArg,
    key: Annotated[str, typer.Option(
        "--key", envvar="MATCHER_EXPORT_KEY",
        help="Секретный ключ псевдонимов (или переменная MATCHER_EXPORT_KEY); один и тот же "
        "ключ даёт те же псевдонимы")],
    out: Annotated[Path, typer.Option("--out", help="Файл выгрузки: .csv или .json")],
    bank: BankOption = None,
    programme: ProgrammeOption = None,
    include_inactive: Annotated[bool, typer.Option(
        "--include-inactive", help="Включить отклонённые и завершённые пары")] = False,
    lang: LangOption = "ru",
) -> None:
    """Обезличенная выгрузка для регионального центра (без ФИО, со стабильными псевдонимами)."""
    console = Console()
    lang = _check_lang(lang)
    if out.suffix.lower() not in (".csv", ".json"):
        raise typer.BadParameter("нужен файл .csv или .json", param_hint="--out")
    if not key:
        raise typer.BadParameter("ключ не может быть пустым", param_hint="--key")
    the_bank, the_programme, the_result = load_inputs(result, bank, programme, console)
    try:
        write_export(the_bank, the_programme, the_result, out, key=key, lang=lang,
                     include_inactive=include_inactive)
    except UnknownParticipant as e:
        raise _fail(console, str(e), EXIT_ERRORS) from e
    console.print(f"Обезличенная выгрузка записана: {escape(str(out))}")
