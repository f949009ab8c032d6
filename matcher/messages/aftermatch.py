"""Texts of what happens after the match: participants' answers through their links and the
curator's changes of pairs on the regulation's grounds. Merged into the catalogue like the
other groups; codes start with `answer.` and `change.`."""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["AFTERMATCH"]

AFTERMATCH: dict[str, Text] = {
    "answer.empty": Text("Выберите ответ: согласие, отказ или пожелания после знакомства",
                         "Choose an answer: agree, decline, or your wishes after meeting"),
    "answer.too_many_wishes": Text("Не больше {n} пожеланий за один раз",
                                   "At most {n} wishes at a time"),
    "answer.not_yours": Text("Такой пары среди ваших нет", "This is not one of your pairs"),
    "answer.wish_not_partner": Text(
        "Пожелание можно оставить только о человеке из вашей пары",
        "A wish can only be about a person in your own pair"),
    "answer.pair_gone": Text("Эта пара уже не действует: куратор подберёт вам другую",
                             "This pair no longer stands: the curator will find you another"),
    "answer.declined_reason": Text("Участник отказался от пары: {reason}",
                                   "The participant declined the pair: {reason}"),
    "answer.declined_no_reason": Text("Участник отказался от пары",
                                      "The participant declined the pair"),
    "answer.next.declined": Text(
        "Спасибо, ваш ответ получен. Куратор предложит вам другую пару и сообщит о ней.",
        "Thank you, we have your answer. The curator will offer you another pair and let "
        "you know."),
    "answer.next.declined_locked": Text(
        "Спасибо, ваш ответ получен. Пара уже закреплена, поэтому куратор свяжется с вами, "
        "чтобы решить, как быть дальше.",
        "Thank you, we have your answer. The pair is already fixed, so the curator will "
        "contact you to decide what to do next."),
    "answer.next.declined_group": Text(
        "Спасибо, ваш ответ получен. Куратор свяжется с вами и решит, как быть с группой "
        "дальше.",
        "Thank you, we have your answer. The curator will contact you and decide how the "
        "group goes on."),
    "answer.next.accepted": Text(
        "Спасибо! Куратор подтвердит пару, и директор закрепит её приказом. Договоритесь о "
        "первой встрече.",
        "Thank you! The curator will confirm the pair and the director will fix it by order. "
        "Agree on your first meeting."),
    "answer.next.wishes": Text(
        "Спасибо, ваши пожелания учтены: куратор увидит их при следующем подборе.",
        "Thank you, your wishes are noted: the curator will see them at the next matching."),
    "change.not_curators": Text(
        "Это изменение записывается само, по ответу участника",
        "This change is recorded by itself, from a participant's answer"),
    "change.ground_mismatch": Text(
        "Для действия «{change}» основание «{ground}» {initiator} не предусмотрено "
        "Положением (раздел 7)",
        "The regulation (section 7) does not provide for “{change_en}” on the ground "
        "“{ground_en}” {initiator_en}"),
    "change.until_required": Text("Укажите, до какой даты продлить",
                                  "Give the date to extend until"),
    "change.until_too_early": Text("Дата продления должна быть позже окончания программы "
                                   "({end})",
                                   "The new date must be after the programme ends ({end})"),
    "change.form_required": Text("Укажите новую форму или вид наставничества",
                                 "Give the new form or kind of mentoring"),
    "change.form_not_allowed": Text(
        "Эта форма недоступна для пары: её не допускает программа или роли участников, или "
        "участники на неё не согласились",
        "This form is not open to the pair: the programme or the people's roles do not "
        "allow it, or the people did not agree to it"),
    "change.kind_not_allowed": Text(
        "Этот вид недоступен для пары: его не допускает программа или участники на него не "
        "согласились",
        "This kind is not open to the pair: the programme does not allow it or the people "
        "did not agree to it"),
    # The participant page: the pair's status in words a person understands, by status.
    "participant.status.proposed": Text(
        "Пара предложена. Скажите, готовы ли вы работать вместе, — после этого куратор её "
        "подтвердит.",
        "This pair is proposed. Tell us whether you are ready to work together; then the "
        "curator will confirm it."),
    "participant.status.confirmed": Text(
        "Куратор подтвердил пару. Скоро директор закрепит её приказом.",
        "The curator has confirmed the pair. The director will soon fix it by order."),
    "participant.status.locked": Text(
        "Пара закреплена. Можно начинать работу по плану.",
        "The pair is fixed. You can start working to the plan."),
    "participant.status.rejected": Text(
        "Эта пара не состоится. Куратор подберёт другую.",
        "This pair will not go ahead. The curator will find another."),
    "participant.status.ended": Text(
        "Работа в паре завершена.", "The pair's work has ended."),
    "participant.answered.accept": Text("Вы ответили: готовы работать в этой паре.",
                                        "You answered: ready to work in this pair."),
    "participant.answered.decline": Text("Вы ответили: просите подобрать другую пару.",
                                         "You answered: please find another pair."),
    "participant.answered.wishes": Text("Ваши пожелания после знакомства получены.",
                                        "Your wishes after the meeting are in."),
    "participant.form_expired": Text(
        "Форма устарела: обновите страницу и отправьте ответ ещё раз.",
        "The form is out of date: reload the page and send your answer again."),
}
