"""The run summary's "rules and options" section (issue 17): the programme's own rules,
quotas and solver options as the run used them, and what they cost against the plain
optimum (`matcher.solver.api.options_cost`, the stable option's own cost)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from matcher.curator_rules import describe
from matcher.messages import message
from matcher.messages.curator import FIELD_LABELS, SIDE_LABELS
from matcher.model import Programme, ProgrammeOptions, Quota


@dataclass(frozen=True)
class RulesSummary:
    required: list[str]
    preferred: list[str]
    quotas: list[str]
    options: list[tuple[str, str]]  # (name, value)
    costs: list[tuple[str, str]]  # (what, cost)

    @property
    def empty(self) -> bool:
        return not (self.required or self.preferred or self.quotas or self.options or self.costs)


def _quota(q: Quota, lang: str) -> str:
    field, side = FIELD_LABELS[q.field.value], SIDE_LABELS[q.side.value]
    value = q.value or ("каждое значение" if lang != "en" else "each value")
    parts = []
    for code, n in (("quota.at_most", q.at_most), ("quota.at_least", q.at_least)):
        if n is not None:
            parts.append(message(code, lang, n=n, field=field.ru, field_en=field.en,
                                 side=side.ru, side_en=side.en, value=value))
    if q.share_at_most is not None:
        parts.append(f"{q.share_at_most:.0%} " + ("пар не больше" if lang != "en"
                                                  else "of pairs at most")
                     + f" ({field.en if lang == 'en' else field.ru} = {value})")
    return q.label or "; ".join(parts)


OPTION_NAMES: dict[str, tuple[str, str]] = {
    "stable": ("Устойчивое распределение", "Stable matching"),
    "fairness": ("Справедливость", "Fairness"),
    "balance": ("Равномерная нагрузка", "Even load"),
    "unmatched_bonus": ("Приоритет оставшимся без пары", "Priority to the unmatched"),
    "priority_bonus": ("Вес приоритета участника", "Weight of a participant's priority"),
    "min_load": ("Минимум наставляемых у наставника", "Minimum mentees per mentor"),
}
COSTS: tuple[tuple[str, str, str, str], ...] = (
    ("options_coverage_cost", "Квоты и параметры: наставляемых меньше на",
     "Quotas and options: fewer mentees by", "n"),
    ("options_score_cost", "Квоты и параметры: сумма оценок меньше на",
     "Quotas and options: total score lower by", "s"),
    ("stability_coverage_cost", "Устойчивость: наставляемых меньше на",
     "Stability: fewer mentees by", "n"),
    ("stability_cost", "Устойчивость: сумма оценок меньше на", "Stability: total score lower by",
     "s"),
)


def rules_summary(programme: Programme, metrics: Mapping[str, float], lang: str) -> RulesSummary:
    default = ProgrammeOptions()
    options = [
        ((en if lang == "en" else ru), str(getattr(programme.options, key)))
        for key, (ru, en) in OPTION_NAMES.items()
        if getattr(programme.options, key) != getattr(default, key)]
    costs = [((en if lang == "en" else ru),
              f"{metrics[key]:.0f}" if kind == "n" else f"{metrics[key]:.2f}")
             for key, ru, en, kind in COSTS if key in metrics]
    return RulesSummary(
        required=[describe(r, lang) for r in programme.required_rules],
        preferred=[f"{describe(r, lang)} ({r.weight:g})" for r in programme.preferred_rules],
        quotas=[_quota(q, lang) for q in programme.quotas], options=options, costs=costs)
