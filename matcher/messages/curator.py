"""The texts of the curator's own rules and quotas (issue 17): the model's complaints about a
rule row, how a rule reads, why a pair breaks or keeps it, and the field names a curator picks.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["CURATOR", "CURATOR_DOMAIN", "FIELD_LABELS", "SIDE_LABELS"]

# A field of a rule or a quota as the page and the reasons name it: (ru, en).
FIELD_LABELS: dict[str, Text] = {
    "organisation": Text("организация", "organisation"),
    "site": Text("площадка", "site"),
    "department": Text("подразделение (кафедра, МО)", "department"),
    "subject": Text("предмет", "subject"),
    "gender": Text("пол", "gender"),
    "role": Text("роль", "role"),
    "category": Text("категория", "category"),
    "position": Text("должность", "position"),
    "age": Text("возраст", "age"),
    "experience": Text("стаж", "experience"),
    "grade": Text("класс (курс)", "grade (course)"),
    "digital_level": Text("цифровые навыки", "digital skills"),
    "years_in_organisation": Text("стаж в организации", "years in the organisation"),
}
# Whose value a rule or a quota reads, in the genitive after «у».
SIDE_LABELS: dict[str, Text] = {
    "mentor": Text("наставника", "the mentor"),
    "mentee": Text("наставляемого", "the mentee"),
    "both": Text("обоих", "both"),
}

# The model's validators (matcher.model.rules): merged into the catalogue's `DOMAIN`.
CURATOR_DOMAIN: dict[str, Text] = {
    "rule_field": Text(
        "Правило не может сравнивать поле «{field}»; допустимые поля: {allowed}",
        "a rule cannot compare the field '{field}'; allowed: {allowed}"),
    "rule_gap_bounds": Text(
        "У правила о разнице нужна нижняя или верхняя граница, и нижняя не больше верхней",
        "a gap rule needs a lower or an upper bound, the lower not above the upper"),
    "rule_no_values": Text(
        "В правиле «допустимые значения» не перечислено ни одного значения",
        "an 'allowed values' rule lists no value"),
    "quota_no_bound": Text(
        "В квоте нужна хотя бы одна граница: не больше или не меньше",
        "a quota needs at least one bound: at most or at least"),
    "quota_side": Text(
        "Квота считает пары по одной стороне: наставнику или наставляемому",
        "a quota counts pairs by one side: the mentor or the mentee"),
}

CURATOR: dict[str, Text] = {
    # How a rule reads (`matcher.curator_rules.describe`).
    "rule.same": Text("одно и то же значение поля «{field}»", "the same {field_en}"),
    "rule.different": Text("разные значения поля «{field}»", "a different {field_en}"),
    "rule.gap": Text("{field}: наставник − наставляемый {bounds}",
                     "{field_en}: mentor − mentee {bounds_en}"),
    "rule.gap_from_to": Text("от {min} до {max}", "from {min} to {max}"),
    "rule.gap_from": Text("не меньше {min}", "at least {min}"),
    "rule.gap_to": Text("не больше {max}", "at most {max}"),
    "rule.share_topic": Text("наставник ведёт тему запроса наставляемого",
                             "the mentor covers one of the mentee's request topics"),
    "rule.allowed": Text("{field} у {side}: одно из «{values}»",
                         "{field_en} of {side_en}: one of “{values}”"),
    # The facts behind a broken rule, after its description.
    "rule.facts": Text("у наставника — {mentor}, у наставляемого — {mentee}",
                       "the mentor: {mentor_en}, the mentee: {mentee_en}"),
    "rule.unknown": Text("не указано", "not given"),
    # Preferred rules in a pair's explanation (the `curator_rules` component).
    "rules_kept_all": Text("Выполнены пожелания программы: {kept}",
                           "Keeps the programme's preferences: {kept_en}"),
    "rules_kept_some": Text("Пожелания программы: выполнено — {kept}; не выполнено — {missed}",
                            "The programme's preferences: kept — {kept_en}; missed — "
                            "{missed_en}"),
    "rules_kept_none": Text("Не выполнены пожелания программы: {missed}",
                            "Misses the programme's preferences: {missed_en}"),
    "rules_none": Text("Пожеланий программы нет", "The programme states no preferences"),
    # Quotas in the validator and the run summary.
    "quota.at_most": Text("не больше {n} пар, где {field} у {side} — «{value}»",
                          "at most {n} pairs where {field_en} of {side_en} is “{value}”"),
    "quota.at_least": Text("не меньше {n} пар, где {field} у {side} — «{value}»",
                           "at least {n} pairs where {field_en} of {side_en} is “{value}”"),
    "no_quota_result": Text(
        "CP-SAT не нашёл распределения, соблюдающего квоты программы, за отведённое время",
        "CP-SAT found no result keeping the programme's quotas within the time limit"),
    "quota.exceeded": Text("Квота нарушена: {what}, а пар {count}",
                           "A quota is broken: {what_en}, but there are {count} pairs"),
}
