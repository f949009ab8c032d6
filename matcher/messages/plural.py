"""Russian number agreement: «1 наставник», «3 наставника», «12 наставников», through pymorphy3.

pymorphy3 knows which form a number asks for (nominative singular, genitive singular, genitive
plural) and inflects the word; its dictionaries load once per process, on first use.
"""

from __future__ import annotations

from functools import cache
from typing import Any

# After a number Russian takes one of several dictionary forms: «5 лет», never «5 годов».
_PREFERRED: dict[tuple[str, frozenset[str]], str] = {
    ("год", frozenset({"plur", "gent"})): "лет",
}


@cache
def morph() -> Any:  # pymorphy3 is untyped; loaded on first use (~0.2 s)
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _agreement_class(n: int) -> int:
    """The part of `n` the agreement depends on: 11–19 by themselves, else the last digit."""
    n = abs(n) % 100
    return n if 10 <= n <= 19 else n % 10


@cache
def _form(word: str, k: int) -> str:
    parses = morph().parse(word)
    parse = next((p for p in parses if "nomn" in p.tag), parses[0])
    grammemes = frozenset(parse.tag.numeral_agreement_grammemes(k))
    preferred = _PREFERRED.get((word, grammemes))
    if preferred is not None:
        return preferred
    agreed = parse.make_agree_with_number(k)
    return agreed.word if agreed is not None else word


def noun_form(n: int, word: str) -> str:
    """The form of `word` (nominative singular) that agrees with the number `n`."""
    return _form(word, _agreement_class(n))


def plural(n: int, word: str) -> str:
    """`n` with `word` in agreement: `plural(5, "наставник")` -> «5 наставников»."""
    return f"{n} {noun_form(n, word)}"
