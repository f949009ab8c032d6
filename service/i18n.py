"""Message texts in Russian (for the curator) and English, and the choice between them.

Russian is the default; a request whose `Accept-Language` prefers English gets English.
Validation errors of pydantic are translated here as well, naming the field.
"""

from __future__ import annotations

import re
from typing import Any

Lang = str  # "ru" or "en"
LANGS = ("ru", "en")

ENTITY_NAMES: dict[str, tuple[str, str]] = {
    "organisation": ("Организация", "Organisation"),
    "user": ("Пользователь", "User"),
    "participant": ("Участник", "Participant"),
    "programme": ("Программа", "Programme"),
    "wish": ("Пожелание", "Wish"),
    "run": ("Запуск подбора", "Run"),
    "proposal": ("Предложение", "Proposal"),
    "conflict": ("Конфликт", "Conflict"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "not_authenticated": (
        "Требуется вход в систему: токен отсутствует, неверен или истёк",
        "Authentication required: the token is missing, invalid or expired",
    ),
    "bad_credentials": ("Неверный логин или пароль", "Wrong login or password"),
    "forbidden": (
        "Недостаточно прав: {reason}",
        "Not allowed: {reason_en}",
    ),
    "not_found": ("{entity} «{key}» не найден(а)", "{entity_en} {key!r} not found"),
    "already_exists": ("{entity} «{key}» уже существует", "{entity_en} {key!r} already exists"),
    "version_conflict": (
        "{entity} «{key}» уже изменён(а) другим пользователем: у вас версия {expected}, "
        "сохранена версия {actual}. Обновите данные и повторите изменение",
        "{entity_en} {key!r} was changed by someone else: you have version {expected}, "
        "the stored one is {actual}. Reload and apply your change again",
    ),
    "invalid_data": ("Данные не прошли проверку: {summary}", "Invalid data: {summary_en}"),
    "consent_already_given": (
        "Согласие «{kind}» уже действует с {given}",
        "Consent {kind_en!r} is already active since {given}",
    ),
    "no_active_consent": (
        "Нет действующего согласия «{kind}», отзывать нечего",
        "There is no active {kind_en!r} consent to revoke",
    ),
    "not_empty": (
        "{entity} «{key}» нельзя удалить: {reason}",
        "{entity_en} {key!r} cannot be deleted: {reason_en}",
    ),
    "import_rejected": (
        "Импорт отменён, ничего не сохранено: ошибок в файле — {count}",
        "Import cancelled, nothing stored: {count} errors in the file",
    ),
    "unsupported_file": (
        "Неподдерживаемый файл «{name}»: нужен JSON, CSV или XLSX",
        "Unsupported file {name!r}: JSON, CSV or XLSX expected",
    ),
    "request_invalid": ("Ошибка в запросе: {summary}", "Invalid request: {summary}"),
    "http_error": ("{detail}", "{detail}"),
    "invalid_transition": (
        "Нельзя {action} предложение «{key}» в статусе «{status}»",
        "Cannot {action_en} proposal {key!r} in status {status_en!r}",
    ),
    "run_not_ready": (
        "Запуск {key} ещё не завершён (статус «{status}»): результата пока нет",
        "Run {key} has not finished (status {status_en!r}): no result yet",
    ),
    "run_in_progress": (
        "Подбор по программе «{key}» уже выполняется (запуск {run}); дождитесь его окончания",
        "A run of programme {key!r} is already under way (run {run}); wait for it to finish",
    ),
    "run_superseded": (
        "Запуск {key} заменён более новым ({newer}): решения принимаются по последнему запуску",
        "Run {key} was superseded by run {newer}: decisions are taken on the latest run",
    ),
    "link_expired": (
        "Срок действия ссылки истёк: попросите куратора прислать новую",
        "The link has expired: ask the curator for a new one",
    ),
    "link_invalid": (
        "Ссылка недействительна: проверьте, что она скопирована полностью",
        "The link is not valid: check that it was copied in full",
    ),
}


def pick_language(accept_language: str | None) -> Lang:
    """The language to answer in: the first of ru/en the header prefers; Russian by default."""
    if not accept_language:
        return "ru"
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        if match:
            try:
                q = float(match.group(1))
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.strip().lower()[:2]))
    for _, _, lang in sorted(ranked):
        if lang in LANGS:
            return lang
    return "ru"


def message(code: str, lang: Lang, **params: Any) -> str:
    """The text of a message in `lang`, with entity names filled in both languages."""
    ru, en = MESSAGES.get(code, (code, code))
    filled = dict(params)
    entity = params.get("entity")
    if isinstance(entity, str) and entity in ENTITY_NAMES:
        filled["entity"], filled["entity_en"] = ENTITY_NAMES[entity]
    for key in list(params):
        filled.setdefault(f"{key}_en", params[key])
    return (en if lang == "en" else ru).format_map(_Default(filled))


class _Default(dict[str, Any]):
    """A format map that leaves unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


# --- pydantic validation errors ----------------------------------------------------------------

_PYDANTIC_RU: dict[str, str] = {
    "missing": "обязательное поле не заполнено",
    "extra_forbidden": "неизвестное поле",
    "string_type": "ожидается строка",
    "string_too_short": "слишком короткое значение (минимум {min_length})",
    "string_too_long": "слишком длинное значение (максимум {max_length})",
    "string_pattern_mismatch": "значение не соответствует формату {pattern}",
    "int_type": "ожидается целое число",
    "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число",
    "float_type": "ожидается число",
    "float_parsing": "ожидается число",
    "bool_type": "ожидается да/нет (true/false)",
    "bool_parsing": "ожидается да/нет (true/false)",
    "greater_than": "значение должно быть больше {gt}",
    "greater_than_equal": "значение должно быть не меньше {ge}",
    "less_than": "значение должно быть меньше {lt}",
    "less_than_equal": "значение должно быть не больше {le}",
    "enum": "допустимые значения: {expected}",
    "literal_error": "допустимые значения: {expected}",
    "date_type": "ожидается дата",
    "date_parsing": "ожидается дата в формате ГГГГ-ММ-ДД",
    "date_from_datetime_parsing": "ожидается дата в формате ГГГГ-ММ-ДД",
    "datetime_parsing": "ожидается дата и время",
    "time_parsing": "ожидается время в формате ЧЧ:ММ",
    "time_type": "ожидается время",
    "list_type": "ожидается список",
    "tuple_type": "ожидается список",
    "set_type": "ожидается список",
    "frozen_set_type": "ожидается список",
    "dict_type": "ожидается объект",
    "model_type": "ожидается объект",
    "model_attributes_type": "ожидается объект",
    "json_invalid": "некорректный JSON",
    "json_type": "некорректный JSON",
    "too_short": "слишком мало элементов (минимум {min_length})",
    "too_long": "слишком много элементов (максимум {max_length})",
    "none_required": "значение должно быть пустым",
    "value_error": "{error}",
    "assertion_error": "{error}",
}

# Messages of the domain's own validators (matcher.model), in Russian.
_DOMAIN_RU: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"programme period must be (\d+) to (\d+) months, got ([\d.]+)"),
     r"срок программы должен быть от \1 до \2 месяцев, указано \3"),
    (re.compile(r"group_min exceeds group_max"),
     "минимальный размер группы больше максимального"),
    (re.compile(r"a programme needs at least one form"),
     "в программе должна быть хотя бы одна форма наставничества"),
    (re.compile(r"a programme needs at least one kind"),
     "в программе должен быть хотя бы один вид наставничества"),
    (re.compile(r"consent cannot be revoked before it was given"),
     "согласие не может быть отозвано раньше, чем дано"),
    (re.compile(r"two wishes name the same person"),
     "два пожелания об одном и том же человеке"),
    (re.compile(r"a wish names the participant themself"),
     "пожелание не может касаться самого участника"),
    (re.compile(r"a student has a school grade or a college course, not both"),
     "у обучающегося указан либо класс, либо курс, но не оба"),
    (re.compile(r"years in the organisation exceed the whole experience"),
     "стаж в организации больше общего стажа"),
    (re.compile(r"slot end must be after its start"),
     "окончание интервала должно быть позже начала"),
    (re.compile(r"duplicate participant id '?([^']*)'?"), r"повторяется код участника \1"),
    (re.compile(r"at least one weight must be positive"),
     "хотя бы один вес должен быть положительным"),
]


def domain_text_ru(text: str) -> str:
    """Russian for a message of a domain validator (the English text if unknown)."""
    for pattern, ru in _DOMAIN_RU:
        if pattern.search(text):
            return pattern.sub(ru, text)
    return text


def field_path(loc: tuple[int | str, ...]) -> str:
    """`('body', 'mentor', 'capacity_mentees')` -> `mentor.capacity_mentees` (list items [i])."""
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts.append(f"[{item}]")
        elif parts:
            parts.append(f".{item}")
        else:
            parts.append(str(item))
    path = "".join(parts)
    return path or "body"


def pydantic_message(error: dict[str, Any], lang: Lang) -> str:
    """One pydantic error as text in `lang`; domain validator messages are translated too."""
    ctx = dict(error.get("ctx") or {})
    if error["type"] in ("value_error", "assertion_error"):
        raw = str(ctx.get("error", error.get("msg", "")))
        return raw if lang == "en" else domain_text_ru(raw)
    if lang == "en":
        return str(error.get("msg", error["type"]))
    template = _PYDANTIC_RU.get(error["type"])
    if template is None:
        return f"некорректное значение ({error.get('msg', error['type'])})"
    return template.format_map(_Default({k: str(v) for k, v in ctx.items()}))
