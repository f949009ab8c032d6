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
    "bulk.title": Text("{verb} {count}?", "{verb_en} {n} proposal{s}?"),
    "bulk.none_chosen": Text("Не выбрано ни одного предложения", "No proposal is selected"),
    # the rerun's causes (service.runs.diff): why a pair went or was replaced
    "cause.new_person": Text("новый участник: {name}", "new participant: {name}"),
    "cause.rejected": Text("пара отклонена куратором", "the pair was rejected by the curator"),
    "cause.ended": Text("пара завершена куратором", "the pair was ended by the curator"),
    "cause.consent_revoked": Text("согласие отозвано: {name}", "consent revoked: {name}"),
    "cause.left_bank": Text("выбыл(а) из банка: {name}", "left the bank: {name}"),
    "cause.promised": Text(
        "была {status}: участникам уже обещано",
        "was {status_en}: the participants were already told"),
}
