"""Language choice and message texts."""

from __future__ import annotations

import pytest

from service.errors import NotFound, VersionConflict
from service.i18n import domain_text_ru, field_path, pick_language


@pytest.mark.parametrize(("header", "lang"), [
    (None, "ru"),
    ("", "ru"),
    ("en", "en"),
    ("en-US,en;q=0.9", "en"),
    ("ru-RU,ru;q=0.9,en;q=0.8", "ru"),
    ("de-DE,en;q=0.5", "en"),
    ("ru;q=0.1,en;q=0.9", "en"),
    ("fr", "ru"),
    ("en;q=abc", "en"),
])
def test_pick_language(header: str | None, lang: str) -> None:
    assert pick_language(header) == lang


def test_messages_in_both_languages() -> None:
    error = VersionConflict(entity="participant", key="T1", expected=1, actual=2)
    assert error.message("ru").startswith("Участник «T1» уже изменён(а) другим пользователем")
    assert error.message("en").startswith("Participant 'T1' was changed by someone else")
    assert str(NotFound(entity="programme", key="P")) == "Программа «P» не найдена"


def test_field_paths_and_domain_texts() -> None:
    assert field_path(("mentor", "forms", 0)) == "mentor.forms[0]"
    assert field_path(()) == "body"
    assert domain_text_ru("programme period must be 3 to 12 months, got 1.0") == (
        "срок программы должен быть от 3 до 12 месяцев, указано 1.0")
    assert domain_text_ru("something new") == "something new"
