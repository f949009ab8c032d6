"""Russian messages for pydantic validation errors, and where in a row each one belongs.

pydantic reports a field path (`("mentor", "capacity_mentees")`) and an English message; the
curator needs the column and a sentence in Russian. The model's own checks are matched by text.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from matcher.model import MIN_BIRTH_YEAR

# The model's validator messages -> (field key, Russian message).
_MODEL_MESSAGES: dict[str, tuple[str, str]] = {
    "a student has a school grade or a college course, not both": (
        "course", "Указаны и класс, и курс: у обучающегося бывает что-то одно"),
    "years in the organisation exceed the whole experience": (
        "years_in_organisation", "Стаж в организации больше общего стажа"),
    "two wishes name the same person": (
        "wishes", "Два пожелания об одном и том же человеке"),
    "a wish names the participant themself": (
        "wishes", "Пожелание о самом себе"),
    "slot end must be after its start": (
        "free_slots", "Конец свободного времени не позже начала"),
    "consent cannot be revoked before it was given": (
        "consents", "Согласие отозвано раньше, чем дано"),
}


def model_message(err: ErrorDetails) -> tuple[str, str] | None:
    """(field key, Russian message) for one of the model's own checks, else None."""
    ctx = err.get("ctx") or {}
    cause = str(ctx.get("error", ""))
    return _MODEL_MESSAGES.get(cause)


def russian(err: ErrorDetails, field: str) -> str:
    """A Russian sentence for one pydantic error on `field` (a participant field path)."""
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err.get("input")
    if field == "birth_year" and kind == "greater_than_equal":
        return f"Невозможный год рождения {value}: раньше {MIN_BIRTH_YEAR}"
    if field == "birth_year" and kind == "less_than_equal":
        return f"Невозможный год рождения {value}: в будущем"
    found = model_message(err)
    if found is not None:
        return found[1]
    match kind:
        case "missing":
            return "Обязательное поле не заполнено"
        case "string_too_short":
            return "Пустое значение" if ctx.get("min_length") == 1 else "Слишком короткое значение"
        case "string_too_long":
            return f"Слишком длинное значение (больше {ctx.get('max_length')} символов)"
        case "greater_than_equal":
            return f"Значение {value} меньше допустимого ({ctx.get('ge')})"
        case "less_than_equal":
            return f"Значение {value} больше допустимого ({ctx.get('le')})"
        case "greater_than":
            return f"Значение {value} должно быть больше {ctx.get('gt')}"
        case "less_than":
            return f"Значение {value} должно быть меньше {ctx.get('lt')}"
        case "int_parsing" | "int_from_float" | "int_type":
            return f"Ожидалось целое число, получено «{value}»"
        case "float_parsing" | "float_type":
            return f"Ожидалось число, получено «{value}»"
        case "date_parsing" | "date_from_datetime_parsing" | "date_type":
            return f"Неверная дата «{value}»: ожидается ГГГГ-ММ-ДД"
        case "enum":
            return f"Недопустимое значение «{value}»; допустимо: {ctx.get('expected')}"
        case "string_pattern_mismatch":
            return f"Недопустимое значение «{value}» (латиница, цифры и «_»)"
        case "extra_forbidden":
            return "Неизвестное поле"
        case "string_type" | "dict_type" | "list_type" | "tuple_type" | "model_type":
            return f"Неверный тип значения: {err['msg']}"
    return f"Недопустимое значение: {err['msg']}"
