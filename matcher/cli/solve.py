"""CLI commands for solving: `matcher match`, `matcher why-not` (`matcher demo` comes from
`datasets.cli`, which generates its bank).

Exit codes: 0 — a result; 1 — no solution in time or rules that cannot hold together;
2 — a file that cannot be read; 130 — stopped with Ctrl-C (the solve stops within seconds,
cooperatively, and nothing is written).
"""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from matcher.cli.app import LANG, app
from matcher.cli.common import (
    EXIT_UNREADABLE,
    fail,
    positive_seconds,
    read_bank_or_exit,
    read_previous_or_exit,
    read_programme_or_exit,
)
from matcher.errors import Cancelled, Infeasible, MatcherError, NoSolution
from matcher.executors import LOCAL, EngineName, Executor
from matcher.labels import label
from matcher.messages import CATALOGUE, message
from matcher.model import Bank, Programme, Role, RunResult

if TYPE_CHECKING:  # the solver (and OR-Tools) is imported only when a command needs it
    from matcher.scoring.incremental import CacheSlot
    from matcher.solver import SolveOptions

EXIT_NO_RESULT = 1
POLL_S = 0.2  # how often the waiting main thread looks up (and so how soon it sees Ctrl-C)
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
# The share of the bar each stage ends at (the solver reports the same stages).
STAGE_ENDS = {"score": 0.2, "solve": 0.8, "explain": 0.95, "done": 1.0}


def stage_text(stage: str, lang: str = LANG) -> str:
    code = f"cli.stage.{stage}"
    return message(code, lang) if code in CATALOGUE else stage



def solve_with_progress(bank: Bank, programme: Programme, console: Console, *,
                        options: SolveOptions, previous: RunResult | None = None,
                        bank_path: str = "", executor: Executor | None = None,
                        cache: CacheSlot | None = None) -> RunResult:
    from matcher.solver import solve

    console.print(f"[dim]{escape(message('cli.stop_hint', LANG))}[/]")
    with Progress(TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), console=console, transient=True) as bar, \
            interruptible() as stop:
        task = bar.add_task(stage_text("score"), total=1.0)
        stage_now, start_now = ["score"], [0.0]  # the stage under way and where it started

        def report(stage: str, done: float) -> None:
            stage_now[0], start_now[0] = stage, done
            bar.update(task, completed=done, description=stage_text(stage))

        def detail(what: str, done: int, total: int) -> None:
            """Countable progress inside a stage: mentees scored, components solved."""
            if total <= 0:
                return
            start = start_now[0]
            end = STAGE_ENDS.get(stage_now[0], 1.0)
            step = message(f"progress.{what}", LANG, done=done, total=total) if (
                f"progress.{what}" in CATALOGUE) else ""
            bar.update(task, completed=start + (end - start) * done / total,
                       description=f"{stage_text(stage_now[0])}: {step}")

        try:
            # The solve runs in a worker thread: Python runs a signal handler in the main
            # thread only, and only between bytecodes, so a main thread inside OR-Tools' C++
            # would see Ctrl-C only once the search ended. Here it waits and stays responsive.
            with ThreadPoolExecutor(1, thread_name_prefix="solve") as pool:
                future = pool.submit(
                    solve, bank, programme, progress=report, options=options,
                    previous=previous, bank_path=bank_path, should_stop=stop.is_set,
                    detail=detail, executor=executor or LOCAL, cache=cache)
                while True:
                    try:
                        return future.result(timeout=POLL_S)
                    except FutureTimeout:
                        continue
        except (NoSolution, Infeasible) as e:
            console.print(f"[bold red]Нет решения:[/] {escape(str(e))}")
            raise typer.Exit(EXIT_NO_RESULT) from e
        except Cancelled:
            bar.stop()
            fail(console, "cli.interrupted", EXIT_INTERRUPTED)


@contextmanager
def interruptible() -> Iterator[threading.Event]:
    """Ctrl-C (SIGINT) sets the event instead of raising KeyboardInterrupt somewhere inside
    OR-Tools: the solve asks the event and stops cooperatively within seconds. The handler
    is the main thread's only; elsewhere Ctrl-C keeps its usual meaning."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = signal.signal(signal.SIGINT, lambda _signum, _frame: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def groups_summary(result: RunResult, lang: str = "ru") -> str:
    """How many groups the run formed and what the programme's group value gained by them."""
    return message("groups_formed", "en" if lang == "en" else "ru",
                   n=int(result.metrics.get("groups", 0)),
                   gained=round(100 * float(result.metrics.get("group_value_gained", 0.0))))


def outcome_text(result: RunResult, lang: str = "ru") -> str:
    """How good the result is, in curator words (never the solver's status or its gap)."""
    from matcher.model.results import SolveStatus

    if result.status == SolveStatus.optimal or result.gap <= 0:
        return message("cli.outcome.optimal", lang)
    if result.gap != result.gap or result.gap >= 1:  # unknown (NaN) or no useful bound
        return message("cli.outcome.feasible_exact", lang)
    text = f"{result.gap * 100:.1f}".replace(".", "," if lang == "ru" else ".")
    return message("cli.outcome.feasible", lang, gap=text)


def summary_tables(bank: Bank, result: RunResult, *, lang: str = "ru") -> list[Table]:
    """Coverage by role, score distribution, and unmatched mentees with reasons."""
    matched = {e for p in result.proposals for e in p.mentees}
    cov = Table(title="Охват наставляемых по ролям")
    for col in ("Роль", "Всего", "С наставником", "Охват"):
        cov.add_column(col, justify="right" if col != "Роль" else "left")
    for role in Role:
        people = [p for p in bank.mentees if p.role == role]
        if people:
            n = sum(p.id in matched for p in people)
            cov.add_row(label(role, lang), str(len(people)), str(n), f"{n / len(people):.0%}")
    scores = sorted(round(s.score * 100) for p in result.proposals for s in p.pairs)
    dist = Table(title="Оценки пар (0–100)")
    for col in ("Пар", "Групп", "Мин.", "Медиана", "Среднее", "Макс.", "Итог"):
        dist.add_column(col, justify="right")
    if scores:
        dist.add_row(str(len(scores)), str(sum(p.is_group for p in result.proposals)),
                     str(scores[0]), str(scores[len(scores) // 2]),
                     f"{sum(scores) / len(scores):.0f}", str(scores[-1]),
                     outcome_text(result, lang))
    dist.caption = groups_summary(result, lang)
    un = Table(title=f"Без наставника: {len(result.unmatched)}")
    un.add_column("Наставляемый")
    un.add_column("Причина", overflow="fold")
    un.add_column("Что можно сделать", overflow="fold")
    for u in result.unmatched[:20]:
        name = bank.get(u.mentee).full_name if u.mentee in bank.by_id else u.mentee
        un.add_row(escape(name), escape("; ".join(r.text(lang) for r in u.reasons)),
                   escape("; ".join(s.text(lang) for s in u.suggestions)))
    if len(result.unmatched) > 20:
        un.caption = f"… и ещё {len(result.unmatched) - 20} (полный список в файле результата)"
    return [cov, dist, un]


@app.command("match")
def match(
    bank_path: Annotated[Path, typer.Argument(metavar="BANK",
                                              help="Файл банка (.json/.csv/.xlsx)")],
    programme_path: Annotated[Path | None, typer.Option(
        "--programme", "-p", help="Программа (JSON); по умолчанию учебный год 2026/27")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Куда записать результат (JSON)")] = (
        Path("result.json")),
    previous: Annotated[Path | None, typer.Option(
        "--previous", help="Результат прошлого запуска (с решениями куратора)")] = None,
    stable: Annotated[bool, typer.Option("--stable", help="Без «блокирующих» пар")] = False,
    time_limit: Annotated[float | None, typer.Option(
        "--time-limit", help="Секунд на поиск (больше нуля)", callback=positive_seconds)] = None,
    engine: Annotated[EngineName | None, typer.Option(
        "--engine", envvar="MATCHER_ENGINE",
        help="Где считать: local — в этом процессе; ray — задачами на кластере Ray "
             "(local: this process; ray: tasks on a Ray cluster)")] = None,
    address: Annotated[str | None, typer.Option(
        "--address", envvar="RAY_ADDRESS",
        help="Адрес кластера Ray (auto, ray://host:10001); без него — локальный Ray "
             "(the Ray cluster; none: a local instance)")] = None,
    cache: Annotated[Path | None, typer.Option(
        "--cache", help="Файл кэша оценок: при повторном подборе пересчитываются только "
                        "изменившиеся участники (score cache: a rerun scores only the people "
                        "who changed)")] = None,
) -> None:
    """Подобрать наставнические пары и группы для программы."""
    from matcher.executors import RayExecutor, executor
    from matcher.solver import SolveOptions

    console = Console()
    bank = read_bank_or_exit(bank_path, console)
    programme = read_programme_or_exit(programme_path, console)
    prev = read_previous_or_exit(previous, console) if previous else None
    from matcher.scoring.incremental import CacheSlot, ScoreCache

    slot = CacheSlot(ScoreCache.load(cache)) if cache is not None and cache.exists() else (
        CacheSlot() if cache is not None else None)
    run_on = executor(engine or "local", address)
    if isinstance(run_on, RayExecutor):
        run_on.start()  # here, in the main thread: ray.init installs signal handlers
    try:
        result = solve_with_progress(
            bank, programme, console, previous=prev,
            options=SolveOptions(stable=stable, time_limit_s=time_limit, explain=False),
            bank_path=str(bank_path.resolve()), executor=run_on, cache=slot,
        )
    finally:
        if isinstance(run_on, RayExecutor):
            run_on.shutdown()
    out.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    if cache is not None and slot is not None and slot.value is not None:
        slot.value.save(cache)
    for table in summary_tables(bank, result):
        console.print(table)
    console.print(f"[green]Результат записан в {escape(str(out))}[/]")


@app.command("why-not")
def why_not_cmd(
    result_path: Annotated[Path, typer.Argument(metavar="RESULT", help="Файл результата")],
    mentee: Annotated[str, typer.Argument(help="Id наставляемого")],
    mentor: Annotated[str, typer.Argument(help="Id наставника")],
    bank_path: Annotated[Path | None, typer.Option(
        "--bank", help="Файл банка; по умолчанию тот, что записан в результате")] = None,
    programme_path: Annotated[Path | None, typer.Option("--programme", "-p")] = None,
    lang: Annotated[str, typer.Option(help="ru или en")] = "ru",
) -> None:
    """Почему этот наставник не предложен этому наставляемому?"""
    from matcher.solver import why_not

    console = Console()
    try:
        result = RunResult.model_validate_json(result_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        console.print(f"[bold red]Не удалось прочитать результат:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_UNREADABLE) from e
    path = bank_path or (Path(result.bank_path) if result.bank_path else None)
    if path is None:
        console.print("[bold red]Укажите банк: --bank ФАЙЛ[/]")
        raise typer.Exit(EXIT_UNREADABLE)
    bank = read_bank_or_exit(path, console)
    programme = read_programme_or_exit(programme_path, console)
    try:
        answer = why_not(bank, programme, mentee, mentor)
    except MatcherError as e:
        console.print(f"[bold red]Ошибка:[/] {escape(str(e))}")
        raise typer.Exit(EXIT_NO_RESULT) from e
    console.print(escape(answer.text(lang)))
    console.print_json(json.dumps({"allowed": answer.allowed, "score_loss": answer.score_loss,
                                   "coverage_loss": answer.coverage_loss,
                                   "moved": list(answer.moved)}))
