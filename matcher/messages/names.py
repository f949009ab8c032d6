"""Russian full names in the case a sentence needs: «Попросить Лебедева Василия Михайловича…».

A full name is written «Фамилия Имя Отчество» (the patronymic may be missing, and a Turkic one
may end in «оглы»/«кызы»). Gender comes from the caller, else from the patronymic, else from
the first name's dictionary entry. Patronymics and surnames follow the grammar's rules
(«-ов/-ин», adjective surnames «-ский/-ой», nouns in «-а/-я» and in a consonant, the
indeclinable ones in «-о», «-их/-ых», vowels and a woman's consonant); first names come from
pymorphy3's dictionary of names (Name), and a name it does not know keeps its form unless it
ends like a Russian noun. A hyphenated part declines each half (Римский-Корсаков ->
Римского-Корсакова). Nothing here raises: a name that fits no rule is left as written.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Literal

from matcher.messages.plural import morph

Case = Literal["nomn", "gent", "datv", "accs", "ablt", "loct"]
CASES: tuple[Case, ...] = ("nomn", "gent", "datv", "accs", "ablt", "loct")
Sex = Literal["male", "female"]

# Endings by case, in the order gent, datv, accs, ablt, loct; each rule: (ending to cut, the
# five new endings). The first rule whose ending fits wins, so longer endings come first.
_Rule = tuple[str, tuple[str, str, str, str, str]]
MALE_SURNAME: tuple[_Rule, ...] = (
    ("ский", ("ского", "скому", "ского", "ским", "ском")),
    ("цкий", ("цкого", "цкому", "цкого", "цким", "цком")),
    ("кий", ("кого", "кому", "кого", "ким", "ком")),
    ("ый", ("ого", "ому", "ого", "ым", "ом")),
    ("ий", ("его", "ему", "его", "им", "ем")),
    ("ой", ("ого", "ому", "ого", "ым", "ом")),
    ("ов", ("ова", "ову", "ова", "овым", "ове")),
    ("ев", ("ева", "еву", "ева", "евым", "еве")),
    ("ёв", ("ёва", "ёву", "ёва", "ёвым", "ёве")),
    ("ин", ("ина", "ину", "ина", "иным", "ине")),
    ("ын", ("ына", "ыну", "ына", "ыным", "ыне")),
)
FEMALE_SURNAME: tuple[_Rule, ...] = (
    ("ская", ("ской", "ской", "скую", "ской", "ской")),
    ("цкая", ("цкой", "цкой", "цкую", "цкой", "цкой")),
    ("ая", ("ой", "ой", "ую", "ой", "ой")),
    ("яя", ("ей", "ей", "юю", "ей", "ей")),
    ("ова", ("овой", "овой", "ову", "овой", "овой")),
    ("ева", ("евой", "евой", "еву", "евой", "евой")),
    ("ёва", ("ёвой", "ёвой", "ёву", "ёвой", "ёвой")),
    ("ина", ("иной", "иной", "ину", "иной", "иной")),
    ("ына", ("ыной", "ыной", "ыну", "ыной", "ыной")),
)
# Nouns: what a surname (either gender) or an unknown first name ending so declines like.
NOUN_A: tuple[_Rule, ...] = (
    ("ия", ("ии", "ии", "ию", "ией", "ии")),
    ("я", ("и", "е", "ю", "ей", "е")),
    ("га", ("ги", "ге", "гу", "гой", "ге")),
    ("ка", ("ки", "ке", "ку", "кой", "ке")),
    ("ха", ("хи", "хе", "ху", "хой", "хе")),
    ("жа", ("жи", "же", "жу", "жей", "же")),
    ("ша", ("ши", "ше", "шу", "шей", "ше")),
    ("ча", ("чи", "че", "чу", "чей", "че")),
    ("ща", ("щи", "ще", "щу", "щей", "ще")),
    ("ца", ("цы", "це", "цу", "цей", "це")),
    ("а", ("ы", "е", "у", "ой", "е")),
)
NOUN_MALE: tuple[_Rule, ...] = (
    ("ь", ("я", "ю", "я", "ем", "е")),
    ("й", ("я", "ю", "я", "ем", "е")),
    ("ж", ("жа", "жу", "жа", "жем", "же")),
    ("ш", ("ша", "шу", "ша", "шем", "ше")),
    ("ч", ("ча", "чу", "ча", "чем", "че")),
    ("щ", ("ща", "щу", "ща", "щем", "ще")),
    ("ц", ("ца", "цу", "ца", "цем", "це")),
    ("", ("а", "у", "а", "ом", "е")),
)
MALE_PATRONYMIC: tuple[_Rule, ...] = (("ич", ("ича", "ичу", "ича", "ичем", "иче")),)
FEMALE_PATRONYMIC: tuple[_Rule, ...] = (("на", ("ны", "не", "ну", "ной", "не")),)
# Surnames that never change: Шевченко, Дурново, Белых, Долгих, Гюго, Дюбуа, …
INDECLINABLE_SURNAME = ("о", "е", "э", "и", "ы", "у", "ю", "их", "ых")
CONSONANTS = frozenset("бвгджзйклмнпрстфхцчшщь")


def _apply(word: str, rules: tuple[_Rule, ...], case: Case) -> str | None:
    """`word` in `case` by the first rule whose ending it has; None if none fits."""
    low = word.lower()
    for ending, forms in rules:
        if low.endswith(ending):
            stem = word[:len(word) - len(ending)] if ending else word
            return stem + forms[CASES.index(case) - 1]
    return None


def _keep_case(template: str, word: str) -> str:
    """`word` with the capital letters of `template` (the written name)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _hyphenated(word: str, decline: Callable[[str], str]) -> str:
    return "-".join(decline(part) for part in word.split("-"))


def patronymic_sex(full_name: str) -> Sex | None:
    """The gender the patronymic shows («-ич», «оглы»: male; «-на», «кызы»: female), if any."""
    parts = full_name.split()
    if len(parts) >= 3:
        last = parts[-1].lower()
        if last.endswith(("ич", "оглы", "улы")):
            return "male"
        if last.endswith(("на", "кызы", "гызы")):
            return "female"
    return None


def known_sex(full_name: str, recorded: str | None) -> Sex | None:
    """The gender a sentence may agree with: the recorded one, else the patronymic's; a first
    name alone («Саша», «Женя») is not sure enough, so the text keeps «включён(а)»."""
    if recorded in ("male", "female"):
        return recorded  # type: ignore[return-value]
    return patronymic_sex(full_name)


def sex_of(full_name: str) -> Sex | None:
    """The gender the name shows: the patronymic, else the first name's dictionary entry
    (good enough to choose a name's endings)."""
    parts = full_name.split()
    sex = patronymic_sex(full_name)
    if sex is None and len(parts) >= 2:
        return _first_name_sex(parts[1].split("-")[0])
    return sex


@cache
def _first_name_sex(name: str) -> Sex | None:
    for p in morph().parse(name.lower()):
        if "Name" in p.tag and "nomn" in p.tag and "sing" in p.tag:
            if "masc" in p.tag:
                return "male"
            if "femn" in p.tag:
                return "female"
    return None


def decline_surname(surname: str, case: Case, sex: Sex) -> str:
    """A surname in `case` (see the module docstring for the rules)."""
    if case == "nomn":
        return surname

    def one(part: str) -> str:
        low = part.lower()
        if low.endswith(INDECLINABLE_SURNAME) or (sex == "female" and low[-1:] in CONSONANTS):
            return part
        rules = (MALE_SURNAME + NOUN_A + NOUN_MALE if sex == "male"
                 else FEMALE_SURNAME + NOUN_A)
        if sex == "male" and low.endswith(("ая", "яя")):  # a woman's form: leave it alone
            return part
        return _apply(part, rules, case) or part

    return _hyphenated(surname, one)


def decline_first_name(name: str, case: Case, sex: Sex | None) -> str:
    """A first name in `case`: the dictionary's form for the gender, else the noun rules."""
    if case == "nomn":
        return name
    return _hyphenated(name, lambda part: _keep_case(part, _first_name(part.lower(), case, sex)))


@cache
def _first_name(low: str, case: Case, sex: Sex | None) -> str:
    gender = {"male": "masc", "female": "femn", None: None}[sex]
    for p in morph().parse(low):
        tag = p.tag
        if "Name" not in tag or "nomn" not in tag or "sing" not in tag:
            continue
        if gender is not None and gender not in tag:
            continue
        if "Fixd" in tag:
            return low
        inflected = p.inflect({case})
        return inflected.word if inflected is not None else low
    if low.endswith(("а", "я")):
        return _apply(low, NOUN_A, case) or low
    if sex == "male" and low[-1:] in CONSONANTS:
        return _apply(low, NOUN_MALE, case) or low
    return low


def decline_patronymic(patronymic: str, case: Case) -> str:
    """«Михайлович» -> «Михайловича»; «оглы», «кызы» and unknown endings stay as written."""
    if case == "nomn":
        return patronymic
    rules = MALE_PATRONYMIC + FEMALE_PATRONYMIC
    return _apply(patronymic, rules, case) or patronymic


@lru_cache(maxsize=8192)  # pure; a busy mentor's name is declined once per run, not per mentee
def decline_name(full_name: str, case: Case, sex: Sex | None = None) -> str:
    """«Фамилия Имя Отчество» in `case`: `decline_name("Лебедев Василий Михайлович", "accs")`
    -> «Лебедева Василия Михайловича». `sex` ("male"/"female") wins over what the name shows;
    without either, the surname is left as written (its form depends on the gender)."""
    if case == "nomn" or not full_name.strip():
        return full_name
    words = full_name.split()
    sex = sex or sex_of(full_name)
    out: list[str] = []
    if sex is not None:
        out.append(decline_surname(words[0], case, sex))
    else:
        out.append(words[0])
    if len(words) >= 2:
        out.append(decline_first_name(words[1], case, sex))
    if len(words) >= 3:
        rest = words[2:]
        if len(rest) == 1:
            out.append(decline_patronymic(rest[0], case))
        else:  # «Рустам оглы»: the father's name and «оглы» stay as written
            out.extend(rest)
    return " ".join(out)
