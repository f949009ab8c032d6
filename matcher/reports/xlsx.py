"""The report as an Excel workbook: «Сводка», «Пары и группы», «Без наставника», «Нагрузка
наставников» (English titles with lang="en")."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from matcher.reports.common import check_lang, tr
from matcher.reports.coverage import Report
from matcher.reports.views import (
    SHEET_TITLES,
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
from matcher.spreadsheet_safety import guard_workbook

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
TITLE_FONT = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
MAX_WIDTH = 60


def write_report_xlsx(report: Report, path: str | Path, *, lang: str = "ru") -> None:
    """Write the report to `path` (.xlsx)."""
    lang = check_lang(lang)
    wb = Workbook()
    summary = wb.active
    assert isinstance(summary, Worksheet)  # a new workbook starts with one worksheet
    summary.title = tr(*SHEET_TITLES["summary"], lang)
    _summary(summary, report, lang)
    for key, view in (("pairs", pairs_view(report, lang)),
                      ("unmatched", unmatched_view(report, lang)),
                      ("load", load_view(report, lang))):
        ws = wb.create_sheet(tr(*SHEET_TITLES[key], lang))
        _table(ws, view, 1)
        ws.freeze_panes = "A2"
        if view.rows:
            ws.auto_filter.ref = ws.dimensions
        if key == "load":
            _table(ws, load_histogram_view(report, lang), len(view.rows) + 3, titled=True)
        _widths(ws)
    guard_workbook(wb)  # names from an import never become live formulas
    wb.save(path)


def _summary(ws: Worksheet, report: Report, lang: str) -> None:
    ws.cell(1, 1, tr("Отчёт о подборе наставнических пар и групп",
                     "Mentoring pairs and groups: matching report", lang)).font = TITLE_FONT
    row = 3
    for name, value in heading(report, lang):
        ws.cell(row, 1, name).font = HEADER_FONT
        ws.cell(row, 2, value)
        row += 1
    for view in (coverage_view(report, lang), forms_view(report, lang),
                 scores_view(report, lang)):
        row = _table(ws, view, row + 1, titled=True)
    _widths(ws)


def _table(ws: Worksheet, view: View, row: int, *, titled: bool = False) -> int:
    """Write `view` from `row`; return the first row after it."""
    if titled:
        ws.cell(row, 1, view.title).font = TITLE_FONT
        row += 1
    for col, h in enumerate(view.headers, start=1):
        c = ws.cell(row, col, h)
        c.font, c.fill, c.alignment = HEADER_FONT, HEADER_FILL, WRAP
    for values in view.rows:
        row += 1
        for col, value in enumerate(values, start=1):
            c = ws.cell(row, col, float(value) if isinstance(value, Share) else value)
            c.alignment = WRAP
            if isinstance(value, Share):
                c.number_format = "0.0%"
            elif isinstance(value, float):
                c.number_format = "0.000"
    return row + 1


def _widths(ws: Worksheet) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is None:
                continue
            longest = max(len(line) for line in str(c.value).splitlines() or [""])
            widths[c.column] = max(widths.get(c.column, 8), min(longest + 2, MAX_WIDTH))
    for col, w in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = w
