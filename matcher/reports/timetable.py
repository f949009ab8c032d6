"""A speed session's timetable (`matcher.solver.speed`) as CSV or XLSX: one row per meeting,
round by round, through the spreadsheet-safe writers (names never become formulas)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from matcher.model import Bank
from matcher.reports.common import check_lang, tr
from matcher.solver.speed import SpeedSchedule
from matcher.spreadsheet_safety import csv_row, guard_workbook

HEADERS: tuple[tuple[str, str], ...] = (
    ("Раунд", "Round"), ("Наставник", "Mentor"), ("Код наставника", "Mentor id"),
    ("Наставляемый", "Mentee"), ("Код наставляемого", "Mentee id"), ("Оценка (0–100)",
                                                                     "Score (0–100)"),
)
SHEET = ("Расписание", "Timetable")


def timetable_rows(schedule: SpeedSchedule, bank: Bank) -> list[list[str | int]]:
    """One row per meeting: round, mentor name and id, mentee name and id, score 0–100."""
    def name(pid: str) -> str:
        return bank.get(pid).full_name if pid in bank.by_id else pid

    return [[m.round, name(m.mentor), m.mentor, name(m.mentee), m.mentee, round(m.score * 100)]
            for m in schedule.meetings]


def timetable_csv(schedule: SpeedSchedule, bank: Bank, lang: str = "ru") -> str:
    """The timetable as CSV (`;`-separated, as the other exports), dangerous text quoted."""
    lang = check_lang(lang)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";")
    writer.writerow([tr(ru, en, lang) for ru, en in HEADERS])
    writer.writerows(csv_row(row) for row in timetable_rows(schedule, bank))
    return buf.getvalue()


def write_timetable(schedule: SpeedSchedule, bank: Bank, path: str | Path, *,
                    lang: str = "ru") -> None:
    """Write the timetable to `path`: .csv or .xlsx (ValueError for another suffix)."""
    lang = check_lang(lang)
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        Path(path).write_text(timetable_csv(schedule, bank, lang), encoding="utf-8-sig")
        return
    if suffix != ".xlsx":
        raise ValueError(f"unknown timetable format {suffix!r}: use .csv or .xlsx")
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook starts with one worksheet
    ws.title = tr(*SHEET, lang)
    ws.append([tr(ru, en, lang) for ru, en in HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in timetable_rows(schedule, bank):
        ws.append(row)
    ws.freeze_panes = "A2"
    guard_workbook(wb)  # names from an import never become live formulas
    wb.save(path)
