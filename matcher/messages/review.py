"""The review desk's texts (issue 18): undoing a decision, the issued order, decisions taken
on many proposals at once, and the causes a rerun's diff names.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["REVIEW"]

REVIEW: dict[str, Text] = {
    "nothing_to_undo": Text(
        "По предложению «{key}» нет решения, которое можно отменить",
        "Proposal {key!r} has no decision to undo"),
    "order_issued": Text(
        "Приказ по подбору {key} уже издан ({at}): решения по нему больше не отменяются",
        "The order of run {key} was issued ({at}): its decisions can no longer be undone"),
    "order_already_issued": Text(
        "Приказ по подбору {key} уже отмечен изданным ({at})",
        "The order of run {key} is already marked issued ({at})"),
    "bulk.too_many": Text(
        "За один раз можно принять решение не более чем по {limit} предложениям",
        "At most {limit} proposals can be decided at once"),
    "bulk.title": Text("{verb} {count}?", "{verb_en} {count_en}?"),
    "bulk.none_chosen": Text("Не выбрано ни одного предложения", "No proposal is selected"),
    # the rerun's causes (matcher.solver.causes): why a pair went or was replaced, naming whom
    "cause.left_bank": Text("{gender:Выбыл|Выбыла|Выбыл(а)} из банка: {name}",
                            "Left the bank: {name}"),
    "cause.consent": Text("Согласие отозвано: {name} ({detail})",
                          "Consent withdrawn: {name} ({detail_en})"),
    "cause.new_person": Text("новый участник {name}", "new participant {name}"),
    "cause.pair_rejected": Text("куратор отклонил пару {names}",
                                "the curator rejected the pair {names}"),
    "cause.pair_ended": Text("пара {names} завершена", "the pair {names} was ended"),
    "cause.person_left": Text("{name} {gender:выбыл|выбыла|выбыл(а)} из банка",
                              "{name} left the bank"),
    "cause.was_unmatched": Text("{name} {gender:был|была|был(а)} без пары в прошлом подборе",
                                "{name} was unmatched in the previous run"),
    "cause.replaced": Text("Заменено, причина: {cause}", "Replaced; cause: {cause_en}"),
    # a confirmed or locked pair the rerun did not keep: the participants were told
    "promised": Text("была {status}: участникам уже сообщили", "was {status_en}: the "
                     "participants were already told"),
}
