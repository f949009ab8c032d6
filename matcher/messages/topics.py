"""Ranked topic choices and a programme's own topics (issue 17, item 5): a rank outside its
list, a ranked topic the person did not name, a programme topic that clashes with another.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["TOPIC_DOMAIN", "TOPIC_RANKS"]

# A model validator's complaints: part of `DOMAIN` in the catalogue.
TOPIC_DOMAIN: dict[str, Text] = {
    "topic_rank_unknown": Text(
        "Ранг дан теме «{topic}», которой нет среди тем участника",
        "a rank is given to topic '{topic}' the participant does not name"),
    "topic_rank_range": Text(
        "Ранг темы «{topic}» должен быть от 1 до {n} (числа тем), получено {rank}",
        "the rank of topic '{topic}' must be 1 to {n} (the number of topics), got {rank}"),
    "programme_topic_clash": Text(
        "Тема программы «{name}» совпадает с уже известной темой «{label}»",
        "programme topic '{name}' clashes with the known topic '{label}'"),
    "programme_topic_repeated": Text(
        "Тема программы «{id}» указана дважды", "programme topic '{id}' is given twice"),
}

TOPIC_RANKS: dict[str, Text] = {
    "parse.topic_rank_twice": Text(
        "Тема «{label}» дважды в списке по порядку",
        "Topic “{label}” appears twice in the ranked list"),
}
