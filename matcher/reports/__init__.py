"""Reports of a run: the curator's report (coverage, unmatched, load) as Rich tables or XLSX,
the draft order (DOCX), the depersonalised export for the regional centre (CSV, JSON) and a
participant's own explanation. Pure library code: the CLI and the service adapt it."""

from matcher.reports.coverage import Coverage, MentorLoad, Report, build_report
from matcher.reports.export import Pseudonymiser, build_export, write_export
from matcher.reports.order import build_order, write_order
from matcher.reports.personal import PersonalExplanation, personal_explanation
from matcher.reports.tables import report_renderable, report_tables
from matcher.reports.xlsx import write_report_xlsx

__all__ = [
    "Coverage",
    "MentorLoad",
    "PersonalExplanation",
    "Pseudonymiser",
    "Report",
    "build_export",
    "build_order",
    "build_report",
    "personal_explanation",
    "report_renderable",
    "report_tables",
    "write_export",
    "write_order",
    "write_report_xlsx",
]
