"""Why a mentee was left out when their mentors are full, told honestly (issue 17, item 7):
the mentors took strictly better fits (`mentors_full` in the catalogue), someone with exactly
the same score (a tie, decided by the people's ids), or someone with a lower score whom no
other mentor could take (coverage).

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["TIES"]

TIES: dict[str, Text] = {
    "mentors_full_tie": Text(
        "Все допустимые наставники ({mentors}) заняты; у наставника {name:gent} другой "
        "наставляемый подходит ровно так же (оценка {score}), и из равных выбран он; "
        "лучшие варианты: {names}",
        "All eligible mentors ({n}) are full; {name} has another mentee who fits exactly as "
        "well (score {score}), chosen between equals; best options: {names}"),
    "mentors_full_coverage": Text(
        "Все допустимые наставники ({mentors}) заняты наставляемыми, для которых не нашлось "
        "другого наставника; лучшие варианты: {names}",
        "All eligible mentors ({n}) are taken by mentees no other mentor could take; "
        "best options: {names}"),
}
