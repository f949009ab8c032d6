"""The hard rules, one row each: code, eligibility bit, and the texts people read.

A pair that breaks a hard rule is never proposed. `matcher.rules` checks the rules one pair at
a time, `matcher.scoring.eligibility` checks them for many pairs at once as bit flags, and the
solver counts them for unmatched mentees; all three take the codes, bits and texts from here.
Adding a hard rule = a row here plus its check in `matcher.rules` and in the eligibility.
The long text is the reason for one pair (it may name `{name}` or list `{consents}`, with
`{consents_en}` in English); the short text labels a count («12 наставников: другая форма»).
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
    HardRule("no_form", "Нет формы наставничества, допустимой для этой пары",
             "No mentoring form is allowed for this pair", "другая форма", "no common form"),
    HardRule("no_kind", "Нет общего вида наставничества (индивидуальное, групповое…)",
             "No mentoring kind both accept", "нет общего вида", "no common kind"),
    HardRule("student_too_young", "{name}: обучающиеся участвуют в программе с {age} лет",
             "{name}: students take part from the age of {age}", "младше возраста программы",
             "below the programme's age"),
    HardRule("mentor_threshold",
             "Наставник не проходит требования программы (стаж в организации, категория)",
             "The mentor does not meet the programme's thresholds (years in the organisation, "
             "category)", "не проходит требования к наставнику", "below mentor thresholds"),
)

BY_CODE: dict[str, HardRule] = {rule.code: rule for rule in HARD_RULES}
EXCLUSION_CODES: tuple[str, ...] = tuple(rule.code for rule in HARD_RULES)
BIT: dict[str, int] = {code: 1 << i for i, code in enumerate(EXCLUSION_CODES)}


def rule_reason(code: str, **params: Any) -> Reason:
    """The reason a pair breaks the hard rule `code`, in both languages."""
    rule = BY_CODE[code]
    return Reason(code=code, ru=fill(rule.ru, **params), en=fill(rule.en, **params))


def short(code: str, lang: str = "ru") -> str:
    """The short label of a rule for counted summaries (the code itself if unknown)."""
    rule = BY_CODE.get(code)
    if rule is None:
        return code
    return rule.short_en if lang == "en" else rule.short_ru

