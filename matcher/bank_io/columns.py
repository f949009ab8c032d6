"""The columns of a bank spreadsheet: Russian header, English alias, help text, dropdown values.

One row is one participant. A column is found by its Russian header, its English alias or an
extra spelling, in any letter case. The order here is the order files are written in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from matcher.bank_io.cells import allowed, norm
from matcher.labels import LABELS, label
from matcher.model import Category, ConsentKind, Frequency, Gender, Role


@dataclass(frozen=True, slots=True)
class Column:
    """One column: `key` is what the code uses, `header` what a curator sees."""

    key: str
    header: str
    alias: str
    help: str
    extra: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()  # one value from these (a dropdown in the XLSX template)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.header, self.alias, self.key, *self.extra)


def _choices(cls: type[StrEnum]) -> tuple[str, ...]:
    return tuple(label(m) for m in cls)


_LEVEL_HELP = "уровень 1–3 (1 — начальный, 3 — может учить других); без уровня — 2"

BASE_COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", "id", "Уникальный код участника (по нему ссылаются пожелания). "
           "Пусто — код присвоится по номеру строки.", extra=("код", "идентификатор")),
    Column("full_name", "ФИО", "full_name", "Фамилия, имя, отчество.", required=True,
           extra=("фамилия имя отчество", "name")),
    Column("role", "Роль", "role", f"Одно из: {allowed(Role)}. Также «учитель», «ученик», "
           "«студент», «директор», «психолог». Пусто — по должности.", required=True,
           choices=_choices(Role)),
    Column("organisation", "Организация", "organisation", "Образовательная организация "
           "(школа, колледж) или предприятие.", required=True,
           extra=("организация", "оо", "школа", "organization")),
    Column("site", "Площадка", "site", "Здание, корпус или населённый пункт: очные встречи "
           "возможны только на одной площадке.", extra=("населенный пункт", "город", "корпус")),
    Column("birth_year", "Год рождения", "birth_year", "Четыре цифры, например 1987.",
           required=True, extra=("г.р.", "год рожд.")),
    Column("gender", "Пол", "gender", "м или ж.", choices=_choices(Gender)),
    Column("subjects", "Предметы", "subjects", "Преподаваемые (для обучающихся — любимые) "
           "предметы через «;».", extra=("предмет",)),
    Column("category", "Категория", "category", f"Квалификационная категория: "
           f"{allowed(Category)}. Пусто — без категории.", choices=_choices(Category),
           extra=("квалификационная категория",)),
    Column("experience_years", "Стаж", "experience_years", "Педагогический (для работодателя "
           "— профессиональный) стаж в годах, можно 2,5.", extra=("общий стаж",
                                                                  "педагогический стаж")),
    Column("years_in_organisation", "Стаж в организации", "years_in_organisation",
           "Лет работы в этой организации.", extra=("стаж в оо",)),
    Column("grade", "Класс", "grade", "Для школьника: класс 1–11."),
    Column("course", "Курс", "course", "Для студента колледжа: курс 1–6."),
    Column("digital_level", "Цифровые навыки", "digital_level", "0 — нет, 1 — базовые, "
           "2 — уверенные, 3 — продвинутые. Пусто — 1.", extra=("цифровая грамотность",)),
    Column("competencies", "Компетенции", "competencies", "Чем может помочь: «тема:уровень» "
           f"через «;», {_LEVEL_HELP}. Тема — название из справочника или синоним, например "
           "«Методика преподавания:3; ОГЭ:2».", extra=("компетенция",)),
    Column("requests", "Запрос", "requests", "Что нужно наставляемому: «тема:приоритет» через "
           "«;», приоритет 1–3 (3 — важнее всего), без приоритета — 2.",
           extra=("запросы", "дефициты", "профессиональные затруднения (темы)")),
    Column("competency_ranks", "Компетенции по порядку", "competency_ranks", "Темы, в которых "
           "наставник готов помогать, по порядку через «;»: первая — самая желанная. Можно "
           "ранжировать все темы; тема без уровня в «Компетенции» получает уровень 3.",
           extra=("компетенции по рангу", "ранги компетенций")),
    Column("request_ranks", "Запрос по порядку", "request_ranks", "Запросы наставляемого по "
           "порядку через «;»: первый — самый важный. Порядок учитывается на всю длину "
           "списка и заменяет приоритеты; тема без приоритета в «Запрос» добавляется.",
           extra=("запросы по порядку", "запрос по рангу", "ранги запросов")),
    Column("experience_text", "Опыт (свободный текст)", "experience_text", "Опыт наставника "
           "своими словами: используется для подбора по смыслу.", extra=("опыт",)),
    Column("difficulties_text", "Затруднения", "difficulties_text", "Затруднения "
           "наставляемого своими словами.", extra=("профессиональные затруднения",)),
    Column("interests", "Интересы", "interests", "Увлечения через «;» (для взаимного "
           "интереса).", extra=("увлечения", "хобби")),
    Column("free_slots", "Свободное время", "free_slots", "Окна через «;», например "
           "«вт 15:00-16:00; чт 14:00-15:30».", extra=("время",)),
    Column("formats", "Формат встреч", "formats", "очно; дистанционно. Пусто — очно; "
           "«любые» — без предпочтений.", extra=("формат",)),
    Column("meeting_frequency", "Частота встреч", "meeting_frequency",
           f"{allowed(Frequency)}.", choices=_choices(Frequency), extra=("частота",)),
    Column("mentor.capacity_mentees", "Наставник: мест", "mentor_capacity",
           "Сколько наставляемых возьмёт. Заполнено (хоть 0) — участник в банке наставников.",
           extra=("mentor.capacity_mentees", "capacity_mentees", "мест")),
    Column("mentor.capacity_groups", "Наставник: групп", "mentor_groups",
           "Сколько групп возьмёт (0 — только индивидуально).",
           extra=("mentor.capacity_groups", "capacity_groups", "групп")),
    Column("mentor.forms", "Формы (наставник)", "mentor_forms", "Формы, на которые согласен "
           "наставник, через «;»; пусто — любые.", extra=("mentor.forms",)),
    Column("mentor.kinds", "Виды (наставник)", "mentor_kinds", "Виды через «;»: "
           "индивидуальное, групповое, виртуальное…; пусто — индивидуальное; «любые».",
           extra=("mentor.kinds",)),
    Column("mentee.forms", "Формы (наставляемый)", "mentee_forms", "Формы, которые "
           "устраивают наставляемого; пусто — любые.", extra=("mentee.forms",)),
    Column("mentee.kinds", "Виды (наставляемый)", "mentee_kinds", "Виды через «;»; пусто — "
           "индивидуальное; «любые».", extra=("mentee.kinds",)),
    Column("mentee.mentors_wanted", "Нужно наставников", "mentors_wanted", "1–5: участник в "
           "банке наставляемых. 0 — не наставляемый (запрос сохранится как сведения). Пусто при "
           "заполненном запросе — 1.", extra=("mentee.mentors_wanted", "наставников")),
    Column("wishes", "Пожелания", "wishes", "После знакомства: «ID:да:1; ID2:возможно; "
           "ID3:нет» (да/возможно/нет и необязательное место в рейтинге).",
           extra=("пожелание",)),
    # Columns added for the seeds' words (issue 10), after the earlier ones.
    Column("position", "Должность", "position", "Должность, как в штатном расписании: "
           "«учитель математики», «заместитель директора по УВР», «социальный педагог», "
           "«тьютор». Из неё берутся роль (если «Роль» пуста) и предметы (если «Предметы» пусты).",
           extra=("должность (профессия)", "job title")),
    Column("mentor.student_models", "Ролевые модели (наставник)", "mentor_student_models",
           "Для формы «ученик – ученик»: «старший – младший» и/или «равный – равному» через "
           "«;»; пусто — как в программе.", extra=("mentor.student_models", "ролевые модели",
                                                  "ролевая модель")),
    # Columns for the curator's own rules and priorities (issue 17).
    Column("department", "Подразделение", "department", "Кафедра, методическое объединение "
           "или отдел внутри организации: для правил программы («наставник из другого "
           "подразделения»).", extra=("кафедра", "мо", "методическое объединение", "отдел")),
    Column("priority", "Приоритет", "priority", "Приоритет подбора наставляемого: 0 — обычный, "
           "1–3 — выше (учитывается, если в программе задан вес приоритета).",
           extra=("приоритет подбора",)),
    # Contact for reminders (issue 12 item 7, issue 16): personal data, never exported.
    Column("email", "Электронная почта", "E-mail", "Один адрес, например ivanova@school7.ru: "
           "на него придут напоминания об анкетах. Не попадает в обезличенные выгрузки.",
           extra=("email", "адрес электронной почты", "эл. почта", "почта",
                  "электронный адрес", "e-mail адрес")),
)

# Short headers of the consent columns (the full labels are accepted too).
_CONSENT_HEADERS: dict[ConsentKind, str] = {
    ConsentKind.personal_data: "Согласие на обработку ПДн",
    ConsentKind.mentor_duties: "Согласие наставника",
    ConsentKind.participation: "Согласие на участие",
    ConsentKind.guardian: "Согласие родителя",
}


def consent_key(kind: ConsentKind, part: str) -> str:
    """`consent.<kind>.given` or `consent.<kind>.revoked`."""
    return f"consent.{kind.value}.{part}"


def _consent_columns() -> tuple[Column, ...]:
    out: list[Column] = []
    for kind, head in _CONSENT_HEADERS.items():
        full = LABELS[kind][0]
        out.append(Column(
            consent_key(kind, "given"), f"{head}: дата", f"consent_{kind.value}",
            f"Дата, когда дано {full} (ДД.ММ.ГГГГ). Несколько — через «;».",
            extra=(head, full, f"{full}: дата"),
        ))
        out.append(Column(
            consent_key(kind, "revoked"), f"{head}: отозвано", f"consent_{kind.value}_revoked",
            "Дата отзыва согласия; пусто — действует. Для нескольких дат — по порядку, «—» "
            "если не отозвано.", extra=(f"{full}: отозвано", f"{head} отозвано"),
        ))
    return tuple(out)


COLUMNS: tuple[Column, ...] = BASE_COLUMNS + _consent_columns()
BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}


def _header_lookup() -> dict[str, Column]:
    out: dict[str, Column] = {}
    for c in COLUMNS:
        for name in c.names:
            out.setdefault(norm(name), c)
    return out


_LOOKUP = _header_lookup()


def find_column(header: str) -> Column | None:
    """The column a header names, in Russian or English, any case; None if unknown."""
    return _LOOKUP.get(norm(header).rstrip(":*"))


REQUIRED: tuple[Column, ...] = tuple(c for c in COLUMNS if c.required)

# The conflicts table (XLSX sheet "Конфликты", CSV file `<name>.conflicts.csv`).
CONFLICT_SHEET = "Конфликты"
CONFLICT_COLUMNS: tuple[Column, ...] = (
    Column("a", "ID 1", "a", "ID первого участника.", required=True, extra=("id1", "участник 1")),
    Column("b", "ID 2", "b", "ID второго участника.", required=True, extra=("id2", "участник 2")),
    Column("note", "Примечание", "note", "Почему эту пару нельзя составлять.",
           extra=("причина", "комментарий")),
)
_CONFLICT_LOOKUP = {norm(n): c for c in CONFLICT_COLUMNS for n in c.names}


def find_conflict_column(header: str) -> Column | None:
    return _CONFLICT_LOOKUP.get(norm(header).rstrip(":*"))
