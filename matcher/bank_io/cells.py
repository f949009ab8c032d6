"""Parse and format single cells of a bank spreadsheet.

Every parser takes the raw cell (a string from CSV; a string, number or date from XLSX) and
returns a plain value for the pydantic model, or raises `CellError` with a Russian message.
Every formatter is the exact inverse, so a written file reads back to the same values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from matcher.labels import LABELS, label
from matcher.messages import Lang, message
from matcher.model import (
    Category,
    Form,
    Frequency,
    Gender,
    Kind,
    MeetingFormat,
    Role,
    StudentModel,
    Weekday,
    WishLevel,
)
from matcher.topics import current_taxonomy

CellValue = str | int | float | date | datetime | None
E = TypeVar("E", bound=StrEnum)

LIST_SEP = ";"
ANY_TOKEN = "любые"  # an empty set where the model's default is not empty ("accepts any")
DEFAULT_LEVEL = 2  # a topic written without ":level" gets a middle level / priority


class CellError(ValueError):
    """A cell that cannot be parsed; the message is Russian and shown to the curator."""


# Extra spellings a curator writes besides the labels in matcher.labels (normalised below).
SYNONYMS: dict[StrEnum, tuple[str, ...]] = {
    Role.teacher: ("учитель", "преподаватель", "воспитатель", "молодой специалист",
                   "молодой педагог", "педагогический работник", "социальный педагог",
                   "педагог дополнительного образования", "тьютор", "педагог-организатор",
                   "советник директора по воспитанию", "педагог-методист", "педагог-наставник"),
    Role.leader: ("директор", "заместитель директора", "зам. директора", "завуч",
                  "администрация", "руководитель ОО", "руководитель образовательной организации",
                  "руководитель колледжа", "заведующий"),
    Role.student: ("ученик", "ученица", "учащийся", "студент", "студентка", "школьник",
                   "обучающаяся"),
    Role.employer: ("представитель работодателя", "представитель предприятия",
                    "наставник от предприятия"),
    Role.university_teacher: ("преподаватель вуза", "преподаватель колледжа",
                              "педагог вуза/колледжа", "university_teacher"),
    Role.psychologist: ("психолог", "педагог психолог"),
    Category.none: ("нет", "без", "—", "-"),
    Category.matches_position: ("СЗД", "соответствие", "соответствие должности"),
    Category.first: ("первая категория", "1", "I", "первая квалификационная категория"),
    Category.highest: ("высшая категория", "высш", "высшая квалификационная категория"),
    Category.methodist: ("методист",),
    Category.mentor_teacher: ("наставник",),
    Gender.male: ("мужской", "муж", "муж.", "м.", "m"),
    Gender.female: ("женский", "жен", "жен.", "ж.", "f"),
    MeetingFormat.in_person: ("очный", "очная", "очные", "лично", "offline", "in_person"),
    MeetingFormat.remote: ("дистанционный", "дистанционная", "онлайн", "online", "удалённо",
                           "дистант"),
    Frequency.weekly: ("раз в неделю", "каждую неделю", "1 раз в неделю"),
    Frequency.biweekly: ("раз в 2 недели", "два раза в месяц", "2 раза в месяц", "biweekly"),
    Frequency.monthly: ("раз в месяц", "ежемесячно", "1 раз в месяц"),
    # Every form name the seeds use, short and full; the product's earlier labels too, so
    # files written before still read. Dashes of any kind are unified by `norm`.
    Form.teacher_teacher: ("учитель – учитель", "преподаватель – преподаватель",
                           "учитель-профессионал – учитель", "опытный педагог – молодой специалист",
                           "опытный предметник – неопытный предметник",
                           "педагог-новатор – консервативный педагог"),
    Form.leader_teacher: ("руководитель – педагог", "руководитель – учитель",
                          "руководитель образовательной организации – учитель",
                          "руководитель колледжа – преподаватель", "руководитель ОО – педагог"),
    Form.leader_student: ("руководитель – обучающийся", "руководитель – учащийся"),
    Form.employer_student: ("работодатель – обучающийся", "работодатель – студент",
                            "работодатель – будущий сотрудник", "коллега – молодой коллега",
                            "активный профессионал – равнодушный потребитель"),
    Form.student_student: ("обучающийся – обучающийся", "студент – студент", "шефская работа",
                           "успевающий – неуспевающий", "лидер – пассивный",
                           "равный – равному", "старший – младший"),
    Form.university_teacher_young_teacher: (
        "вуз – молодой педагог", "преподаватель вуза/колледжа – молодой педагог",
        "педагог вуза/колледжа – молодой педагог образовательной организации",
        "преподаватель колледжа – молодой преподаватель"),
    Form.reverse: ("обратное", "обратное наставничество", "реверсивное"),
    StudentModel.senior_junior: ("старший-младший", "более высокая ступень", "senior_junior"),
    StudentModel.peer: ("равный", "равный – равный", "обмен навыками", "peer"),
    # Kinds in the seeds' words (000, 003, 004: «Виды наставничества»).
    Kind.individual: ("индивидуальная", "индивидуально", "один на один", "один-на-один",
                      "традиционная", "традиционное", "традиционная форма наставничества",
                      "традиционное наставничество", "индивидуальное наставничество"),
    Kind.group: ("групповая", "группа", "в группе", "наставничество в группе",
                 "групповое наставничество"),
    Kind.virtual: ("виртуальная", "онлайн", "дистанционное", "дистанционная",
                   "виртуальное (дистанционное)", "виртуальное наставничество",
                   "дистанционное наставничество", "виртуальное (дистанционное) наставничество"),
    Kind.short_term: ("краткосрочная", "целеполагающее", "краткосрочное или целеполагающее",
                      "краткосрочное наставничество",
                      "краткосрочное или целеполагающее наставничество"),
    Kind.situational: ("ситуационная", "ситуационное наставничество"),
    Kind.speed: ("скоростная", "флэш", "флеш", "скоростное наставничество"),
    WishLevel.yes: ("+", "хочу"),
    WishLevel.maybe: ("?", "может быть"),
    WishLevel.no: ("-", "не хочу"),
    Weekday.mon: ("понедельник", "пон"),
    Weekday.tue: ("вторник", "вто"),
    Weekday.wed: ("среда", "сре"),
    Weekday.thu: ("четверг", "чет"),
    Weekday.fri: ("пятница", "пят"),
    Weekday.sat: ("суббота", "суб"),
    Weekday.sun: ("воскресенье", "вос"),
}

# What a value of each enum is called in a message ("Неизвестная роль «…»").
ENUM_NOUNS: dict[type[StrEnum], str] = {
    Role: "роль",
    Category: "категория",
    Gender: "пол",
    MeetingFormat: "формат встреч",
    Frequency: "частота встреч",
    Form: "форма наставничества",
    Kind: "вид наставничества",
    StudentModel: "ролевая модель",
    WishLevel: "уровень пожелания",
    Weekday: "день недели",
}

_FEMININE = frozenset({"роль", "категория", "частота встреч", "форма наставничества",
                       "ролевая модель"})
_DASHES = re.compile(r"\s*[-–—]\s*")


def norm(s: str) -> str:
    """Lower case, `ё` as `е`, dashes and spaces unified: how names are compared."""
    s = " ".join(s.lower().replace("ё", "е").split())
    return _DASHES.sub("-", s) if len(s) > 1 else s


def text(value: CellValue) -> str:
    """Any cell as the text a curator sees: numbers without `.0`, dates as ДД.ММ.ГГГГ."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def split_list(s: str, *, commas: bool = False) -> list[str]:
    """Items of a list cell separated by ";" (and "," where items never contain commas)."""
    parts = re.split(r"[;,]" if commas else ";", s)
    return [p.strip() for p in parts if p.strip()]


def join_list(items: Iterable[str]) -> str:
    return f"{LIST_SEP} ".join(items)


# ---- numbers -------------------------------------------------------------------------------


def parse_int(value: CellValue) -> int:
    """A whole number; `5.0` from Excel is accepted, `5,5` or `пять` is not."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            return int(value)
        raise CellError(message("parse.int", value=text(value)))
    s = text(value).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d+([.,]0+)?", s):
        return int(re.split(r"[.,]", s)[0])
    raise CellError(message("parse.int", value=text(value)))


def parse_year(value: CellValue) -> int:
    """A birth year; a full birth date (a date cell or ДД.ММ.ГГГГ) gives its year."""
    if isinstance(value, date):
        return value.year
    if isinstance(value, str) and _RU_DATE.fullmatch(value.strip()):
        return parse_date(value).year
    return parse_int(value)


def parse_float(value: CellValue) -> float:
    """A number with a comma or a dot as the decimal separator."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    s = text(value).replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", s):
        return float(s)
    raise CellError(message("parse.float", value=text(value)))


def format_float(x: float) -> int | float:
    """Whole numbers as int, so files show `5`, not `5.0`."""
    return int(x) if float(x).is_integer() else x


# ---- dates ---------------------------------------------------------------------------------

_RU_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: CellValue) -> date:
    """ДД.ММ.ГГГГ, ISO ГГГГ-ММ-ДД, or an Excel date cell."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    s = text(value)
    s = s.split(" ")[0] if _ISO_DATE.match(s) else s  # "2025-09-01 00:00:00" from a CSV export
    if m := _RU_DATE.fullmatch(s):
        d, mo, y = (int(g) for g in m.groups())
    elif m := _ISO_DATE.fullmatch(s):
        y, mo, d = (int(g) for g in m.groups())
    else:
        raise CellError(message("parse.date", value=s))
    try:
        return date(y, mo, d)
    except ValueError as e:
        raise CellError(message("parse.no_such_date", value=s)) from e


# ---- enums ---------------------------------------------------------------------------------


@cache
def _enum_lookup(cls: type[E]) -> dict[str, E]:
    out: dict[str, E] = {}
    for member in cls:
        names = [member.value, *LABELS.get(member, ()), *SYNONYMS.get(member, ())]
        for name in names:
            out.setdefault(norm(name), member)
    return out


def allowed(cls: type[StrEnum]) -> str:
    """The Russian values a curator may write, for error messages and the help sheet."""
    return ", ".join(label(m) for m in cls)


def parse_enum(cls: type[E], value: CellValue) -> E:
    s = text(value)
    found: E | None = _enum_lookup(cls).get(norm(s))
    if found is None:
        noun = ENUM_NOUNS.get(cls, "значение")
        code = "parse.enum_unknown_feminine" if noun in _FEMININE else "parse.enum_unknown"
        raise CellError(message(code, noun=noun, value=s, allowed=allowed(cls)))
    return found


def parse_enum_set(cls: type[E], value: CellValue) -> frozenset[E]:
    """A list of enum values; `любые` is the empty set (the participant accepts any)."""
    s = text(value)
    if norm(s) in {"любые", "любой", "любая", "any", "все"}:
        return frozenset()
    items = split_list(s, commas=True)
    errors, out = [], set()
    for item in items:
        try:
            out.add(parse_enum(cls, item))
        except CellError as e:
            errors.append(str(e))
    if errors:
        raise CellError("; ".join(errors))
    return frozenset(out)


def format_enum(member: StrEnum | None) -> str:
    return "" if member is None else label(member)


def format_enum_set(members: frozenset[StrEnum], cls: type[StrEnum], *, default_empty: bool) -> str:
    """Labels in enum order; an empty set is `любые` where an empty cell would mean the default."""
    if not members:
        return "" if default_empty else ANY_TOKEN
    return join_list(label(m) for m in cls if m in members)


# ---- topics --------------------------------------------------------------------------------


def parse_topic(name: str) -> str:
    """A topic id from an id, Russian label or synonym; unknown names get a suggestion."""
    tid = current_taxonomy().resolve(name)
    if tid is not None:
        return tid
    raise CellError(unknown_topic(name))


def unknown_topic(name: str, lang: Lang = "ru") -> str:
    """The message for a topic the taxonomy does not know, with the closest one suggested."""
    close = current_taxonomy().suggest(name)
    hint = message("parse.topic_hint", lang, label=close.label_ru) if close else ""
    return message("parse.topic_unknown", lang, name=name, hint=hint)


def parse_levels(value: CellValue, *, what: str) -> dict[str, int]:
    """`тема:уровень; тема:уровень` (level 1–3, default 2) into {topic id: level}."""
    out: dict[str, int] = {}
    errors: list[str] = []
    for item in split_list(text(value)):
        name, _, lvl = item.rpartition(":") if ":" in item else (item, "", "")
        try:
            tid = parse_topic(name.strip())
            level = _level(lvl.strip(), what=what) if lvl.strip() else DEFAULT_LEVEL
        except CellError as e:
            errors.append(str(e))
            continue
        if tid in out:
            errors.append(message("parse.topic_twice", label=current_taxonomy()[tid].label_ru))
        out[tid] = level
    if errors:
        raise CellError("; ".join(errors))
    return out


def _level(s: str, *, what: str) -> int:
    if s in {"1", "2", "3"}:
        return int(s)
    raise CellError(message("parse.level", what=what, value=s))


def parse_ranked_topics(value: CellValue) -> dict[str, int]:
    """`тема; тема; тема`, first choice first, into {topic id: rank 1, 2, 3, ...}."""
    out: dict[str, int] = {}
    errors: list[str] = []
    for item in split_list(text(value)):
        try:
            tid = parse_topic(item)
        except CellError as e:
            errors.append(str(e))
            continue
        if tid in out:
            label = current_taxonomy()[tid].label_ru
            errors.append(message("parse.topic_rank_twice", label=label))
            continue
        out[tid] = len(out) + 1
    if errors:
        raise CellError("; ".join(errors))
    return out


def format_ranked_topics(ranks: dict[str, int]) -> str:
    """Ranked topics by Russian label in rank order; they read back to the same ranks where
    the ranks are 1, 2, 3, ... (ties and gaps are kept in order, renumbered)."""
    tax = current_taxonomy()
    return join_list(tax[t].label_ru if t in tax else t
                     for t in sorted(ranks, key=lambda t: (ranks[t], t)))


def format_levels(levels: dict[str, int]) -> str:
    """Topics by Russian label, so the curator reads them; they resolve back to the same id."""
    tax = current_taxonomy()
    return join_list(
        f"{tax[t].label_ru if t in tax else t}:{lvl}" for t, lvl in levels.items()
    )


# ---- wishes --------------------------------------------------------------------------------


def parse_wishes(value: CellValue) -> list[dict[str, Any]]:
    """`ID:да:1; ID2:нет` into wish dicts (target, level, optional rank)."""
    out: list[dict[str, Any]] = []
    errors: list[str] = []
    for item in split_list(text(value)):
        parts = [p.strip() for p in item.split(":")]
        rank: int | None = None
        if len(parts) >= 3 and re.fullmatch(r"\d+", parts[-1]):
            rank = int(parts.pop())
        if len(parts) < 2 or not parts[0]:
            errors.append(message("parse.wish_form", item=item))
            continue
        try:
            level = parse_enum(WishLevel, parts[-1])
        except CellError as e:
            errors.append(str(e))
            continue
        if rank is not None and rank < 1:
            errors.append(message("parse.wish_rank", item=item))
            continue
        out.append({"target": ":".join(parts[:-1]), "level": level, "rank": rank})
    if errors:
        raise CellError("; ".join(errors))
    return out


def format_wishes(wishes: Iterable[Any]) -> str:
    return join_list(
        f"{w.target}:{label(w.level)}" + (f":{w.rank}" if w.rank is not None else "")
        for w in wishes
    )


# ---- time slots ----------------------------------------------------------------------------

_SLOT = re.compile(r"(\S+?)\.?\s+(\d{1,2})[:.](\d{2})\s*[-–—]\s*(\d{1,2})[:.](\d{2})")


def parse_slots(value: CellValue) -> list[dict[str, Any]]:
    """`вт 15:00-16:00; чт 14:00-15:30` into slot dicts (day, start, end)."""
    out: list[dict[str, Any]] = []
    errors: list[str] = []
    for item in split_list(text(value)):
        m = _SLOT.fullmatch(item)
        if m is None:
            errors.append(message("parse.slot_form", item=item))
            continue
        try:
            day = parse_enum(Weekday, m.group(1))
            start = _time(m.group(2), m.group(3), item)
            end = _time(m.group(4), m.group(5), item)
        except CellError as e:
            errors.append(str(e))
            continue
        if end <= start:
            errors.append(message("parse.slot_order", item=item))
            continue
        out.append({"day": day, "start": start, "end": end})
    if errors:
        raise CellError("; ".join(errors))
    return out


def _time(h: str, m: str, item: str) -> time:
    if int(h) > 23 or int(m) > 59:
        raise CellError(message("parse.time", item=item))
    return time(int(h), int(m))


def format_slots(slots: Iterable[Any]) -> str:
    return join_list(
        f"{label(s.day)} {s.start:%H:%M}-{s.end:%H:%M}" for s in slots
    )


# ---- free-text lists -----------------------------------------------------------------------


def parse_str_list(value: CellValue) -> tuple[str, ...]:
    return tuple(split_list(text(value)))


def format_str_list(items: Iterable[str]) -> str:
    return join_list(items)



# Top-level enum fields read the same way from every format (a cell, a JSON value, the API):
# a value or label the spreadsheet accepts is accepted, and an unknown one gets the
# spreadsheet's message listing the allowed values (issue 12: one validation).
ENUM_FIELDS: dict[str, type[StrEnum]] = {
    "role": Role, "gender": Gender, "category": Category, "meeting_frequency": Frequency}


def read_enum_fields(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Put each top-level enum field of `data` given as a word into its value (in place);
    `(field, value, message)` for each word that is not one."""
    problems: list[tuple[str, str, str]] = []
    for key, cls in ENUM_FIELDS.items():
        value = data.get(key)
        if not isinstance(value, str) or value in {m.value for m in cls}:
            continue
        try:
            data[key] = parse_enum(cls, value)
        except CellError as exc:
            problems.append((key, value, str(exc)))
    return problems
