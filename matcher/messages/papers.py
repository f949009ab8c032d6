"""The texts of the papers a school files (issue 11): the programmes the curator edits, the
organisation's real numbers per school year, the order settings.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["PAPERS"]

PAPERS: dict[str, Text] = {
    "entity.plan": Text("Программа пары (группы)", "Pair (group) programme"),
    "entity.school_year": Text("Учебный год", "School year"),
    "plan.month_outside": Text(
        "Месяц {month} вне срока программы ({period})",
        "Month {month} is outside the programme's period ({period})"),
    "plan.no_lines": Text("В плане должна быть хотя бы одна строка",
                          "The plan needs at least one line"),
    "year.involved_exceeds": Text(
        "Вовлечено больше, чем всего: {involved} при численности {total}",
        "More involved than there are: {involved} of {total}"),
    "year.target_range": Text("Целевой показатель — доля от 0 до 100 %",
                              "A target is a share from 0 to 100 %"),
}
