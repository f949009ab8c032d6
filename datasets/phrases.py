"""Russian sentences for free-text fields: a mentee's difficulties and a mentor's experience.

Each topic has many templates per voice (a teacher writing about themself, a student, an
employer) with slots filled per person: the subject in the right case (`{s_gen}` математики,
`{s_dat}` математике, `{s_ins}` математикой), a grade (`{g}`), years of experience
(`{years}` "12 лет") and topic-specific fragments (`{a}`, `{b}`) drawn from small lists, so
two people writing about the same topic rarely write the same sentence. Words that depend on
the writer's gender are written "[стал|стала]" and resolved by `agree`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from datasets.phrases_data import (
    DIFF_STUDENT,
    DIFF_TEACHER,
    EMPLOYER_FILLERS,
    EXP_EMPLOYER,
    EXP_FILLERS,
    EXP_STUDENT,
    EXP_TEACHER,
    FILLERS,
    OPENERS_MENTEE,
    OPENERS_MENTOR,
    STUDENT_EXP_FILLERS,
    STUDENT_FILLERS,
)
from matcher.messages import plural
from matcher.topics import taxonomy

Voice = str  # "teacher" | "student" | "employer"

# "[стал|стала]": the male and the female form of a word, chosen by the writer's gender.
_GENDERED = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")

_TABLES: dict[tuple[str, Voice], dict[str, tuple[str, ...]]] = {
    ("difficulty", "teacher"): DIFF_TEACHER,
    ("difficulty", "student"): DIFF_STUDENT,
    ("experience", "teacher"): EXP_TEACHER,
    ("experience", "student"): EXP_STUDENT,
    ("experience", "employer"): EXP_EMPLOYER,
}


def years_phrase(n: int) -> str:
    """"1 год", "3 года", "11 лет", "22 года": the number with the right form of "год"."""
    return plural(n, "год")


def templates(kind: str, voice: Voice, topic: str) -> tuple[str, ...]:
    """All templates of one kind ("difficulty" or "experience"), voice and topic."""
    return _TABLES[(kind, voice)].get(topic, ())


def sentence(
    kind: str, voice: Voice, topic: str, ctx: dict[str, str], pick: Callable[[int], int],
    *, has_subject: bool = True,
) -> str:
    """One filled-in sentence about `topic`; `pick(n)` returns an index below n (the caller's
    random stream, so the generator stays reproducible). Without a subject (a psychologist)
    templates that name one are avoided where the topic has others."""
    options = templates(kind, voice, topic)
    if not has_subject:
        options = tuple(t for t in options if "{s_" not in t) or options
    if not options:
        return ""
    template = options[pick(len(options))]
    fillers = FILLERS.get(topic, {})
    if kind == "experience":
        fillers = {**fillers, **EXP_FILLERS.get(topic, {})}
    voice_fillers = {
        ("difficulty", "student"): STUDENT_FILLERS,
        ("experience", "student"): STUDENT_EXP_FILLERS,
        ("experience", "employer"): EMPLOYER_FILLERS,
    }.get((kind, voice), {})
    fillers = {**fillers, **voice_fillers.get(topic, {})}
    slots = dict(ctx)
    for name in ("a", "b", "c"):
        values = fillers.get(name)
        if values:
            slots[name] = values[pick(len(values))]
    return agree(template.format(**slots), female=ctx.get("female") == "1")


def agree(text: str, *, female: bool) -> str:
    """Resolve every "[male|female]" alternative in `text` for the writer's gender."""
    return _GENDERED.sub(r"\2" if female else r"\1", text)


_KEYWORD_FRAMES = {
    "difficulty": ("Запрос: {k}.", "Хочу разобраться в теме «{k}».", "Тема, где нужна помощь: {k}.",
                   "Главное для меня сейчас — {k}.", "Прошу помочь: {k}."),
    "experience": ("Могу помочь: {k}.", "Направление наставничества: {k}.",
                   "Сильная сторона — {k}.", "Делюсь опытом: {k}.",
                   "Тема, в которой могу помочь: {k}."),
}


def keyword_sentence(kind: str, topic: str, pick: Callable[[int], int]) -> str:
    """A questionnaire-style line naming the topic by its label or a synonym ("Запрос: ФГОС."),
    as people do when a form asks for the topic in their own words."""
    t = taxonomy()[topic]
    names = (t.label_ru, *t.synonyms)
    name = names[pick(len(names))]
    if name == t.label_ru and not name[:2].isupper():  # a label starts a sentence; acronyms,
        name = name[0].lower() + name[1:]  # names and synonyms keep their own case
    frames = _KEYWORD_FRAMES[kind]
    return frames[pick(len(frames))].format(k=name)


def opener(kind: str, ctx: dict[str, str], pick: Callable[[int], int]) -> str:
    """An optional introductory sentence ("Работаю в школе 2 года.")."""
    options = OPENERS_MENTEE if kind == "difficulty" else OPENERS_MENTOR
    return agree(options[pick(len(options))].format(**ctx), female=ctx.get("female") == "1")
