"""Russian as a school writes it in its papers: names and positions in the case a sentence
needs, role words agreed with the person's gender, dates in words.

«Назначить куратором Васильеву Елену Игоревну, заместителя директора по УВР»: the name through
`matcher.messages.names`, the position's head noun through pymorphy3 (the words after it,
«директора по УВР», are already in the genitive and stay). Dates: «15 сентября 2026 г.», as
the date line of an order and the approval stamp of a programme write them.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from matcher.messages.names import Case, Sex, decline_name, known_sex
from matcher.messages.plural import morph
from matcher.model import Gender, Participant

MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                   "сентября", "октября", "ноября", "декабря")


def date_words(d: date) -> str:
    """«15 сентября 2026 г.»"""
    return f"{d.day} {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def date_quoted(d: date) -> str:
    """«15» сентября 2026 г., as an order's date line and a stamp write it."""
    return f"«{d.day:02d}» {MONTHS_GENITIVE[d.month - 1]} {d.year} г."


def sex(p: Participant) -> Sex | None:
    """The recorded gender, else the one the name shows."""
    recorded = {Gender.female: "female", Gender.male: "male"}.get(p.gender) \
        if p.gender is not None else None
    return known_sex(p.full_name, recorded)


def name_in(p: Participant, case: Case) -> str:
    """The participant's full name in `case`, by their recorded gender where it is known."""
    return decline_name(p.full_name, case, sex(p))


@cache
def _head_noun(word: str, case: Case) -> str:
    parsed = morph().parse(word)
    for form in parsed:
        if {"NOUN", "nomn"} <= set(form.tag.grammemes):
            inflected = form.inflect({case})
            if inflected is not None:
                return str(inflected.word)
    return word


def position_in(position: str, case: Case) -> str:
    """«заместитель директора по УВР» in the accusative: «заместителя директора по УВР» (the
    first word is the head noun; the rest already depends on it)."""
    words = position.split(" ", 1)
    if not words or not words[0]:
        return position
    head = _head_noun(words[0].lower(), case)
    if words[0][:1].isupper():
        head = head[:1].upper() + head[1:]
    return " ".join([head, *words[1:]])
