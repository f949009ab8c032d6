"""Texts of learning from outcomes (matcher.learning and its page): why advice is or is not
given, whose outcomes it rests on, and the words around the chart.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["LEARNING"]

LEARNING: dict[str, Text] = {
    "learning.title": Text("Чему учат итоги пар", "What the outcomes teach"),
    "learning.basis": Text(
        "Учтено пар с итогом: {pairs} (удачных {good}, неудачных {bad}). Удачной считается пара, "
        "которую куратор подтвердил или закрепил или которая дошла до конца программы; "
        "неудачной — отклонённая или завершённая досрочно.",
        "Pairs with an outcome: {pairs} ({good} good, {bad} not). A pair is good when the "
        "curator confirmed or locked it or it ran to the end of the programme; not good when "
        "it was rejected or ended early."),
    "learning.scope.organisation": Text("Данные вашей организации.", "Your organisation's data."),
    "learning.scope.pooled": Text(
        "Своих итогов пока мало, поэтому учтены итоги всех организаций (видны только веса, "
        "не пары).",
        "Your own outcomes are still few, so every organisation's are used (only the weights "
        "leave the pool, never a pair)."),
    "learning.too_few": Text(
        "Итогов пока слишком мало для выводов: нужно ещё не меньше {needed}. Подтверждайте, "
        "отклоняйте и завершайте пары — итоги накапливаются сами.",
        "Too few outcomes to learn from: at least {needed} more are needed. Confirm, reject "
        "and end pairs: outcomes add up by themselves."),
    "learning.one_sided": Text(
        "Почти все пары закончились одинаково, сравнивать не с чем: нужно ещё не меньше "
        "{needed} итогов другого вида.",
        "Almost every pair ended the same way, so there is nothing to compare: at least "
        "{needed} more outcomes of the other kind are needed."),
    "learning.no_gain": Text(
        "Текущие веса упорядочивают пары не хуже подобранных по итогам (на отложенных парах "
        "{current} против {learned} из 100): менять их не нужно.",
        "The current weights rank pairs as well as weights learned from the outcomes "
        "({current} against {learned} out of 100 on held-out pairs): no change is needed."),
    "learning.suggest": Text(
        "Веса, подобранные по итогам, лучше отличают удачные пары от неудачных: на {held} "
        "отложенных парах {learned} из 100 против {current} у текущих. Это только предложение: "
        "откройте настройки с этими весами и посмотрите, как изменятся лучшие пары, — "
        "сохраняется только то, что вы подтвердите.",
        "Weights learned from the outcomes tell good pairs from bad ones better: {learned} out "
        "of 100 on {held} held-out pairs against {current} for the current ones. This is only "
        "a suggestion: open the settings with these weights and see how the best pairs change; "
        "nothing is saved until you confirm it."),
    "learning.mattered": Text("Сильнее всего с удачей пары связано: {items}.",
                              "What went most with a good pair: {items}."),
    "learning.hindered": Text("С неудачей пары связано: {items}.",
                              "What went with a pair that did not work: {items}."),
    "learning.open_preview": Text("Открыть настройки с предложенными весами",
                                  "Open the settings with the suggested weights"),
    "learning.preview_banner": Text(
        "В форму подставлены веса, предложенные по итогам пар. Ничего не сохранено: посмотрите "
        "предпросмотр и нажмите «Сохранить», если согласны.",
        "The form holds the weights suggested by the outcomes. Nothing is saved: look at the "
        "preview and save if you agree."),
    "learning.col.component": Text("Составляющая оценки", "Score component"),
    "learning.col.current": Text("Вес сейчас, %", "Weight now, %"),
    "learning.col.suggested": Text("Предлагаемый вес, %", "Suggested weight, %"),
    "learning.col.influence": Text("Связь с удачей пары", "Link with a good pair"),
    "learning.chart": Text(
        "Связь каждой составляющей с удачей пары: вправо — чем больше, тем чаще пара удачна; "
        "влево — наоборот.",
        "How each component goes with a good pair: to the right, the more of it the more "
        "often the pair works; to the left, the opposite."),
}
