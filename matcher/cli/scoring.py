"""CLI command `matcher score BANK --mentee ID`: the best mentors for one mentee, with reasons.

Exit codes: 0 — a table (possibly empty, with the reasons why); 1 — unknown mentee; 2 — a bank
or programme file that cannot be read.
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from matcher.cli.app import app
from matcher.cli.common import (
    EXIT_ERRORS,
    read_bank_or_exit,
    read_programme_or_exit,
)
from matcher.labels import label


class Lang(StrEnum):
    ru = "ru"
    en = "en"




TEXT = {
    "ru": {"title": "Лучшие наставники для: {name}", "rank": "№", "mentor": "Наставник",
           "score": "Оценка", "form": "Форма", "why": "Почему",
           "none": "Нет допустимых наставников. Причины (число наставников):",
           "unknown": "Участник {id} не найден в банке",
           "not_mentee": "{id} не в банке наставляемых этой программы"},
    "en": {"title": "Best mentors for: {name}", "rank": "#", "mentor": "Mentor",
           "score": "Score", "form": "Form", "why": "Why",
           "none": "No eligible mentors. Reasons (number of mentors):",
           "unknown": "Participant {id} is not in the bank",
           "not_mentee": "{id} is not in this programme's mentees' bank"},
}


@app.command("score")
def score(
    bank_path: Annotated[Path, typer.Argument(metavar="BANK", help="Файл банка: json, csv, xlsx")],
    mentee: Annotated[str, typer.Option("--mentee", help="Id наставляемого")],
    programme_path: Annotated[
        Path | None, typer.Option("--programme", help="Программа (JSON); по умолчанию — "
                                  "текущий учебный год, все формы")] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="Сколько наставников показать")] = 5,
    reasons: Annotated[int, typer.Option("--reasons", min=1, max=9,
                                         help="Сколько причин на пару")] = 3,
    lang: Annotated[Lang, typer.Option("--lang", help="Язык объяснений")] = Lang.ru,
) -> None:
    """Лучшие наставники для одного наставляемого, с оценкой и причинами."""
    from matcher.scoring import Scorer

    console = Console()
    t = TEXT[lang.value]
    bank = read_bank_or_exit(bank_path, console)
    programme = read_programme_or_exit(programme_path, console)
    if mentee not in bank.by_id:
        console.print(f"[bold red]{escape(t['unknown'].format(id=mentee))}[/]")
        raise typer.Exit(EXIT_ERRORS)
    scorer = Scorer(random_state=programme.seed).fit(bank, programme)
    if mentee not in scorer.mentee_ids_:
        console.print(f"[bold red]{escape(t['not_mentee'].format(id=mentee))}[/]")
        raise typer.Exit(EXIT_ERRORS)
    best = scorer.top_mentors(mentee, top)
    if not best:
        console.print(t["none"])
        counts = Counter(code for m in scorer.mentor_ids_
                         for code in scorer.exclusion_codes(m, mentee))
        reason_text: dict[str, str] = {}
        for m in scorer.mentor_ids_:
            for r in scorer.exclusions(m, mentee):
                reason_text.setdefault(r.code, r.text(lang.value))
        for code, n in counts.most_common():
            console.print(f"  • {escape(reason_text[code])} — {n}")
        return
    table = Table(title=t["title"].format(name=escape(bank.get(mentee).full_name)),
                  show_lines=True)
    table.add_column(t["rank"], justify="right")
    table.add_column(t["mentor"])
    table.add_column(t["score"], justify="right")
    table.add_column(t["form"])
    table.add_column(t["why"])
    for rank, (mentor_id, _) in enumerate(best, start=1):
        ps = scorer.explain(mentor_id, mentee)
        form = scorer.pair_form(mentor_id, mentee)
        why = "\n".join(f"• {escape(c.reason.text(lang.value))}"
                        for c in ps.components[:reasons])
        person = bank.get(mentor_id)
        table.add_row(str(rank), f"{escape(person.full_name)}\n[dim]{escape(mentor_id)}[/]",
                      f"{ps.score * 100:.0f}", label(form, lang.value) if form else "—", why)
    console.print(table)
