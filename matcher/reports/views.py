"""The report as titled tables of plain values, shared by the Rich and the XLSX renderers.

A cell is a str, an int, a float or None; a `Share` marks a fraction the renderer shows as a
percentage. Titles and headers are in the language asked for.
"""

from __future__ import annotations

from dataclasses import dataclass

from matcher.labels import label
from matcher.reports.common import period_text, points, status_label, topics_text, tr
from matcher.reports.coverage import SCORE_BINS, Report


class Share(float):
    """A fraction in [0, 1] shown as a percentage."""


Cell = str | int | float | None


@dataclass(frozen=True)
class View:
    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


SHEET_TITLES = {
    "summary": ("Сводка", "Summary"),
    "pairs": ("Пары и группы", "Pairs and groups"),
    "unmatched": ("Без наставника", "Unmatched"),
    "load": ("Нагрузка наставников", "Mentor load"),
}


def _share(x: float | None) -> Share | None:
    return None if x is None else Share(x)


def _yes_no(x: bool | None, lang: str) -> str:
    if x is None:
        return "—"
    return tr("да", "yes", lang) if x else tr("нет", "no", lang)


def _solver_status(status: str, lang: str) -> str:
    texts = {"optimal": ("оптимальное", "optimal"),
             "feasible": ("допустимое (остановлено по времени)", "feasible (time limit)")}
    return tr(*texts[status], lang) if status in texts else status


def heading(report: Report, lang: str = "ru") -> tuple[tuple[str, Cell], ...]:
    """Programme and run facts shown above the summary."""
    start, end = report.period
    return (
        (tr("Программа", "Programme", lang), report.programme_name or report.programme_id),
        (tr("Срок", "Period", lang), period_text(start, end)),
        (tr("Подбор выполнен", "Run at", lang), report.run_created_at.strftime("%d.%m.%Y %H:%M")),
        (tr("Статус решения", "Solver status", lang), _solver_status(report.solver_status, lang)),
        (tr("Пар и групп", "Pairs and groups", lang), report.proposals),
    )


DENOMINATORS = {"organisation": ("численность организации", "the organisation's numbers"),
                "bank": ("по банку: численность организации не внесена",
                         "the bank's: the organisation's numbers not recorded")}
TARGET_SOURCES = {"organisation": ("установлен организацией", "set by the organisation"),
                  "preset": ("по таблице целевых показателей (002)",
                             "from the targets table (002)"),
                  "programme": ("из настроек программы", "from the programme's settings")}


def _share_or_none(x: float | None) -> Share | None:
    return None if x is None else Share(x)


def coverage_view(report: Report, lang: str = "ru") -> View:
    """Coverage: confirmed pairs and proposed ones apart; the target met only by confirmed."""
    t, s = report.coverage["teachers"], report.coverage["students"]
    year = report.school_year
    total = tr("Всего (знаменатель)", "In total (denominator)", lang)
    if year is not None:
        total += f", {year}/{year + 1}"
    rows: list[tuple[Cell, ...]] = [
        (tr("Наставляемых в банке", "Mentees in the bank", lang), t.mentees_total,
         s.mentees_total),
        (tr("Получили наставника (подтверждено и предложено)",
            "Got a mentor (confirmed and proposed)", lang), t.mentees_covered, s.mentees_covered),
        (tr("Из них подтверждено куратором", "Of them confirmed by the curator", lang),
         t.mentees_confirmed, s.mentees_confirmed),
        (total, t.people_total, s.people_total),
        (tr("Источник знаменателя", "Denominator from", lang),
         tr(*DENOMINATORS[t.denominator], lang), tr(*DENOMINATORS[s.denominator], lang)),
        (tr("Вовлечены: подтверждённые пары", "Involved: confirmed pairs", lang),
         t.people_confirmed, s.people_confirmed),
        (tr("Вовлечены: только предложено", "Involved: proposed only", lang),
         t.people_proposed, s.people_proposed),
        (tr("Доля вовлечённых (подтверждённые)", "Share involved (confirmed)", lang),
         _share(t.confirmed_involved_share), _share(s.confirmed_involved_share)),
        (tr("Доля вовлечённых, если подтвердить предложенные",
            "Share involved if the proposed are confirmed", lang),
         _share(t.involved_share), _share(s.involved_share)),
        (tr("Целевой показатель", "Target", lang), _share_or_none(t.target),
         _share_or_none(s.target)),
        (tr("Источник цели", "Target from", lang), tr(*TARGET_SOURCES[t.target_source], lang),
         tr(*TARGET_SOURCES[s.target_source], lang)),
        (tr("Цель достигнута (по подтверждённым)", "Target met (confirmed pairs)", lang),
         _yes_no(t.meets_target, lang), _yes_no(s.meets_target, lang)),
    ]
    if report.excluded_no_consent:
        rows.append((tr("Не учтены: нет действующего согласия на обработку персональных данных",
                        "Left out: no valid personal-data consent", lang),
                     report.excluded_no_consent, None))
    return View("coverage", tr("Охват наставничеством", "Mentoring coverage", lang),
                (tr("Показатель", "Indicator", lang), tr("Педагоги", "Teachers", lang),
                 tr("Обучающиеся", "Students", lang)), tuple(rows))


def forms_view(report: Report, lang: str = "ru") -> View:
    rows: list[tuple[Cell, ...]] = []
    for form, n in report.proposals_by_form.items():
        rows.append((tr("Форма", "Form", lang), label(form, lang), n,
                     report.mentees_by_form.get(form, 0)))
    for kind, n in report.proposals_by_kind.items():
        rows.append((tr("Вид", "Kind", lang), label(kind, lang), n,
                     report.mentees_by_kind.get(kind, 0)))
    return View("forms", tr("Формы и виды наставничества", "Forms and kinds", lang),
                ("", tr("Значение", "Value", lang), tr("Пар и групп", "Pairs and groups", lang),
                 tr("Наставляемых", "Mentees", lang)), tuple(rows))


def scores_view(report: Report, lang: str = "ru") -> View:
    sc = report.scores
    rows: list[tuple[Cell, ...]] = [
        (tr("Пар (наставник – наставляемый)", "Mentor–mentee pairs", lang), sc.count),
        (tr("Минимум", "Minimum", lang), points(sc.minimum)),
        (tr("Среднее", "Mean", lang), points(sc.mean)),
        (tr("Медиана", "Median", lang), points(sc.median)),
        (tr("Максимум", "Maximum", lang), points(sc.maximum)),
    ]
    step = 100 // SCORE_BINS
    rows += [(f"{i * step}–{(i + 1) * step}", n) for i, n in enumerate(sc.histogram)]
    return View("scores", tr("Распределение баллов пар (0–100)",
                             "Pair score distribution (0–100)", lang),
                (tr("Показатель", "Figure", lang), tr("Значение", "Value", lang)), tuple(rows))


def pairs_view(report: Report, lang: str = "ru") -> View:
    rows = tuple(
        (r.number, r.mentor_name, label(r.mentor_role, lang), r.mentee_name,
         label(r.mentee_role, lang), label(r.form, lang), label(r.kind, lang), r.group_size,
         topics_text(r.topics, lang), points(r.score), status_label(r.status, lang))
        for r in report.pairs
    )
    return View("pairs", tr(*SHEET_TITLES["pairs"], lang), (
        "№", tr("Наставник", "Mentor", lang), tr("Роль наставника", "Mentor's role", lang),
        tr("Наставляемый", "Mentee", lang), tr("Роль наставляемого", "Mentee's role", lang),
        tr("Форма", "Form", lang), tr("Вид", "Kind", lang),
        tr("Размер группы", "Group size", lang), tr("Темы", "Topics", lang),
        tr("Балл пары", "Pair score", lang), tr("Статус", "Status", lang)), rows)


def unmatched_view(report: Report, lang: str = "ru") -> View:
    rows = tuple(
        (u.name, label(u.role, lang), f"{u.covered} / {u.wanted}",
         "; ".join(r.text(lang) for r in u.reasons),
         "; ".join(r.text(lang) for r in u.suggestions))
        for u in report.unmatched
    )
    return View("unmatched", tr(*SHEET_TITLES["unmatched"], lang), (
        tr("Наставляемый", "Mentee", lang), tr("Роль", "Role", lang),
        tr("Наставников подобрано / нужно", "Mentors found / wanted", lang),
        tr("Причины", "Reasons", lang), tr("Что можно сделать", "What can be done", lang)), rows)


def load_view(report: Report, lang: str = "ru") -> View:
    rows = tuple(
        (m.name, label(m.role, lang), m.pairs, m.groups, m.mentees, m.capacity_mentees,
         m.capacity_groups, _share(m.utilisation), _yes_no(m.over_capacity, lang))
        for m in report.load
    )
    return View("load", tr(*SHEET_TITLES["load"], lang), (
        tr("Наставник", "Mentor", lang), tr("Роль", "Role", lang), tr("Пар", "Pairs", lang),
        tr("Групп", "Groups", lang), tr("Наставляемых", "Mentees", lang),
        tr("Мест (наставляемых)", "Capacity (mentees)", lang),
        tr("Мест (групп)", "Capacity (groups)", lang), tr("Загрузка", "Utilisation", lang),
        tr("Сверх нормы", "Over capacity", lang)), rows)


def load_histogram_view(report: Report, lang: str = "ru") -> View:
    rows = tuple((n, count) for n, count in report.load_histogram.items())
    return View("load_histogram", tr("Распределение нагрузки", "Load histogram", lang),
                (tr("Наставляемых у наставника", "Mentees per mentor", lang),
                 tr("Наставников", "Mentors", lang)), rows)
