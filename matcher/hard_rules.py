"""The hard rules, one row each: code, eligibility bit, and the texts people read.

A pair that breaks a hard rule is never proposed. `matcher.rules` checks the rules one pair at
a time, `matcher.scoring.eligibility` checks them for many pairs at once as bit flags, and the
solver counts them for unmatched mentees; all three take the codes, bits and texts from here.
Adding a hard rule = a row here plus its check in `matcher.rules` and in the eligibility.
The long text is the reason for one pair (it may name `{name}` or list `{consents}`, with
`{consents_en}` in English; `no_form` ends with `{detail}`, the rules that stop each form); the
short text labels a count («12 наставников: другая форма»).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from matcher.messages import fill
from matcher.model import Reason


class HardRule(NamedTuple):
    code: str
    ru: str
    en: str
    short_ru: str
    short_en: str


# In the order `matcher.rules.pair_exclusions` checks them; the rule at index i has bit 1 << i.
HARD_RULES: tuple[HardRule, ...] = (
    HardRule("same_person", "Наставник и наставляемый — один и тот же человек",
             "Mentor and mentee are the same person", "тот же человек", "same person"),
    HardRule("not_a_mentor", "{name} не в банке наставников", "{name} is not in the mentors' bank",
             "не в банке наставников", "not a mentor"),
    HardRule("not_a_mentee", "{name} не в банке наставляемых",
             "{name} is not in the mentees' bank", "не в банке наставляемых", "not a mentee"),
    HardRule("outside_programme", "Участник не входит в организации программы",
             "A participant is outside the programme's organisations", "вне программы",
             "outside the programme"),
    HardRule("mentor_consent", "У наставника нет согласия: {consents}",
             "The mentor lacks consent: {consents_en}", "нет согласия наставника",
             "mentor lacks consent"),
    HardRule("capacity_zero", "Наставник не может взять ни одного наставляемого",
             "The mentor's capacity is zero", "нет свободных мест", "no capacity"),
    HardRule("mentee_consent", "У наставляемого нет согласия: {consents}",
             "The mentee lacks consent: {consents_en}", "нет согласия наставляемого",
             "mentee lacks consent"),
    HardRule("mentor_said_no", "Наставник отказался работать с этим наставляемым",
             "The mentor said no to this mentee", "наставник отказался", "the mentor said no"),
    HardRule("mentee_said_no", "Наставляемый отказался работать с этим наставником",
             "The mentee said no to this mentor", "наставляемый отказался", "the mentee said no"),
    HardRule("conflict", "Куратор отметил конфликт между участниками",
             "The curator recorded a conflict between them", "конфликт", "conflict"),
    HardRule("rejected", "Куратор отклонил эту пару", "The curator rejected this pair",
             "отклонено куратором", "rejected by the curator"),
    HardRule("no_form", "Нет формы наставничества, допустимой для этой пары{detail}",
             "No mentoring form is allowed for this pair{detail_en}", "другая форма",
             "no common form"),
    HardRule("no_kind", "Нет общего вида наставничества (индивидуальное, групповое…)",
             "No mentoring kind both accept", "нет общего вида", "no common kind"),
    HardRule("student_too_young", "{name}: обучающиеся участвуют в программе с {age} лет",
             "{name}: students take part from the age of {age}", "младше возраста программы",
             "below the programme's age"),
    HardRule("mentor_threshold",
             "Наставник не проходит требования программы (стаж в организации, категория)",
             "The mentor does not meet the programme's thresholds (years in the organisation, "
             "category)", "не проходит требования к наставнику", "below mentor thresholds"),
    # The curator's own required rules (`Programme.rules`, `matcher.curator_rules`): one row
    # for them all, `{detail}` names the rule and the two facts.
    HardRule("programme_rule", "Не выполнено правило программы: {detail}",
             "Breaks the programme's rule: {detail_en}", "правило программы",
             "the programme's rule"),
)

# What stops one form for a pair whose roles would otherwise fit it (`matcher.rules.
# form_obstacle`): why-not and the unmatched reasons name these instead of the bare `no_form`.
# `{form}` is the form's label; the short texts label a count of mentors.
FORM_OBSTACLES: tuple[HardRule, ...] = (
    HardRule("no_form.programme", "«{form}» — форма не разрешена программой",
             "“{form}” — the programme does not allow the form",
             "форма не разрешена программой", "form not in the programme"),
    HardRule("no_form.mentor_choice", "«{form}» — наставник не выбрал эту форму",
             "“{form}” — the mentor did not choose this form",
             "наставник не выбрал форму", "the mentor did not choose the form"),
    HardRule("no_form.mentee_choice", "«{form}» — наставляемый не выбрал эту форму",
             "“{form}” — the mentee did not choose this form",
             "наставляемый не выбрал форму", "the mentee did not choose the form"),
    HardRule("no_form.organisation",
             "«{form}» — участники из разных организаций, а форма требует одной (003, 3.1.4)",
             "“{form}” — the two are from different organisations; the form needs one",
             "другая организация", "another organisation"),
    HardRule("no_form.student_model",
             "«{form}» — ролевая модель не подходит: «старший – младший» требует ступени "
             "обучения выше, «равный – равному» — того же класса",
             "“{form}” — the role model does not fit: senior–junior needs a higher stage of "
             "education, peer–peer the same grade",
             "не та ступень обучения", "role model does not fit"),
    HardRule("no_form.senior_grade",
             "«{form}» — только для старших классов (с {grade} класса) и студентов (003, 3.1.3)",
             "“{form}” — only for senior classes (from grade {grade}) and college students",
             "не старшие классы", "not a senior student"),
    HardRule("no_form.young_specialist",
             "«{form}» — наставляемый не молодой специалист по определению программы",
             "“{form}” — the mentee is not a young specialist by the programme's definition",
             "не молодой специалист", "not a young specialist"),
    HardRule("no_form.reverse_age", "«{form}» — наставник не моложе наставляемого",
             "“{form}” — the mentor is not younger than the mentee",
             "наставник не моложе", "mentor not younger"),
    HardRule("no_form.reverse_digital",
             "«{form}» — цифровой уровень наставника не выше, чем у наставляемого",
             "“{form}” — the mentor's digital level is not above the mentee's",
             "цифровой уровень не выше", "digital level not above"),
    HardRule("no_form.reverse_topic",
             "«{form}» — наставник не ведёт новую практику, о которой просит наставляемый",
             "“{form}” — the mentor covers no new-practice topic the mentee asks for",
             "нет темы новой практики", "no new-practice topic"),
)

BY_CODE: dict[str, HardRule] = {rule.code: rule for rule in HARD_RULES}
TEXTS: dict[str, HardRule] = {rule.code: rule for rule in (*HARD_RULES, *FORM_OBSTACLES)}
EXCLUSION_CODES: tuple[str, ...] = tuple(rule.code for rule in HARD_RULES)
BIT: dict[str, int] = {code: 1 << i for i, code in enumerate(EXCLUSION_CODES)}


def rule_reason(code: str, **params: Any) -> Reason:
    """The reason a pair breaks the hard rule `code` (or what stops a form, `FORM_OBSTACLES`),
    in both languages."""
    rule = TEXTS[code]
    return Reason(code=code, ru=fill(rule.ru, **params), en=fill(rule.en, **params))


def short(code: str, lang: str = "ru") -> str:
    """The short label of a rule for counted summaries (the code itself if unknown)."""
    rule = TEXTS.get(code)
    if rule is None:
        return code
    return rule.short_en if lang == "en" else rule.short_ru

