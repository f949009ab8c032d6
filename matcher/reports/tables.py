"""The report as Rich tables for the command line."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table

from matcher.reports.common import tr
from matcher.reports.coverage import Report
from matcher.reports.views import (
    Cell,
    Share,
    View,
    coverage_view,
    forms_view,
    heading,
    load_histogram_view,
    load_view,
    pairs_view,
    scores_view,
    unmatched_view,
)


def cell_text(value: Cell) -> str:
    if value is None:
        return "—"
    if isinstance(value, Share):
        return f"{value:.0%}" if _whole_percent(value) else f"{value:.1%}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _whole_percent(value: float) -> bool:
    """Whole percentages without a decimal place (50%), others with one (66.7%)."""
    return abs(value * 100 - round(value * 100)) < 1e-9


def view_table(view: View) -> Table:
    table = Table(title=escape(view.title), title_justify="left")
    for i, h in enumerate(view.headers):
        table.add_column(escape(h), overflow="fold",
                         justify="left" if i == 0 or not _numeric(view, i) else "right")
    for row in view.rows:
        table.add_row(*(escape(cell_text(c)) for c in row))
    return table


def _numeric(view: View, col: int) -> bool:
    return all(isinstance(r[col], int | float) or r[col] is None for r in view.rows)


def heading_table(report: Report, lang: str = "ru") -> Table:
    table = Table(title=tr("Отчёт о подборе", "Matching report", lang), title_justify="left",
                  show_header=False)
    table.add_column(style="bold")
    table.add_column()
    for name, value in heading(report, lang):
        table.add_row(escape(name), escape(cell_text(value)))
    return table


def report_tables(report: Report, lang: str = "ru", *, pairs: bool = False) -> list[Table]:
    """The tables `matcher report` prints: summary, coverage, forms, scores, unmatched, load;
    the pair list too if `pairs` (it is long: the XLSX has it anyway)."""
    views = [coverage_view(report, lang), forms_view(report, lang), scores_view(report, lang)]
    if pairs:
        views.append(pairs_view(report, lang))
    views += [unmatched_view(report, lang), load_view(report, lang),
              load_histogram_view(report, lang)]
    return [heading_table(report, lang), *(view_table(v) for v in views)]


def report_renderable(report: Report, lang: str = "ru", *, pairs: bool = False) -> Group:
    return Group(*report_tables(report, lang, pairs=pairs))

