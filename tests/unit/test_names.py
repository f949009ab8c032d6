"""Russian names in the case a sentence needs, and the words that agree with gender."""

from __future__ import annotations

import pytest

from matcher.messages import message
from matcher.messages.names import decline_name, known_sex

# Ten names, both genders, hyphenated and foreign: (nominative, genitive, dative, accusative,
# instrumental).
NAMES = [
    ("Лебедев Василий Михайлович", "Лебедева Василия Михайловича",
     "Лебедеву Василию Михайловичу", "Лебедева Василия Михайловича",
     "Лебедевым Василием Михайловичем"),
    ("Лебедева Анастасия Игоревна", "Лебедевой Анастасии Игоревны",
     "Лебедевой Анастасии Игоревне", "Лебедеву Анастасию Игоревну",
     "Лебедевой Анастасией Игоревной"),
    ("Римский-Корсаков Николай Андреевич", "Римского-Корсакова Николая Андреевича",
     "Римскому-Корсакову Николаю Андреевичу", "Римского-Корсакова Николая Андреевича",
     "Римским-Корсаковым Николаем Андреевичем"),
    ("Петрова-Водкина Анна-Мария Сергеевна", "Петровой-Водкиной Анны-Марии Сергеевны",
     "Петровой-Водкиной Анне-Марии Сергеевне", "Петрову-Водкину Анну-Марию Сергеевну",
     "Петровой-Водкиной Анной-Марией Сергеевной"),
    ("Газиева Мавиле Рустемовна", "Газиевой Мавиле Рустемовны", "Газиевой Мавиле Рустемовне",
     "Газиеву Мавиле Рустемовну", "Газиевой Мавиле Рустемовной"),
    ("Шмидт Карл Иванович", "Шмидта Карла Ивановича", "Шмидту Карлу Ивановичу",
     "Шмидта Карла Ивановича", "Шмидтом Карлом Ивановичем"),
    ("Шмидт Мария Ивановна", "Шмидт Марии Ивановны", "Шмидт Марии Ивановне",
     "Шмидт Марию Ивановну", "Шмидт Марией Ивановной"),
    ("Шевченко Ольга Петровна", "Шевченко Ольги Петровны", "Шевченко Ольге Петровне",
     "Шевченко Ольгу Петровну", "Шевченко Ольгой Петровной"),
    ("Белых Илья Сергеевич", "Белых Ильи Сергеевича", "Белых Илье Сергеевичу",
     "Белых Илью Сергеевича", "Белых Ильёй Сергеевичем"),
    ("Гаспринский Исмаил Мустафаевич", "Гаспринского Исмаила Мустафаевича",
     "Гаспринскому Исмаилу Мустафаевичу", "Гаспринского Исмаила Мустафаевича",
     "Гаспринским Исмаилом Мустафаевичем"),
    ("Соколовская Любовь Николаевна", "Соколовской Любови Николаевны",
     "Соколовской Любови Николаевне", "Соколовскую Любовь Николаевну",
     "Соколовской Любовью Николаевной"),
    ("Смит Джон", "Смита Джона", "Смиту Джону", "Смита Джона", "Смитом Джоном"),
]


@pytest.mark.parametrize("forms", NAMES, ids=[n[0] for n in NAMES])
def test_the_declension_of_names_is_pinned(forms):
    nomn, gent, datv, accs, ablt = forms
    assert decline_name(nomn, "nomn") == nomn
    assert decline_name(nomn, "gent") == gent
    assert decline_name(nomn, "datv") == datv
    assert decline_name(nomn, "accs") == accs
    assert decline_name(nomn, "ablt") == ablt


@pytest.mark.parametrize("forms", NAMES, ids=[n[0] for n in NAMES])
def test_a_message_puts_the_name_in_its_case(forms):
    nomn, _gent, _datv, accs, _ablt = forms
    assert message("raise_capacity", name=nomn) == (
        f"Попросить {accs} взять ещё одного наставляемого")
    assert message("raise_capacity", "en", name=nomn) == f"Ask {nomn} to take one more mentee"


def test_the_recorded_gender_wins_and_a_bare_first_name_is_not_enough():
    assert decline_name("Шмидт Саша", "gent", "female") == "Шмидт Саши"
    assert decline_name("Шмидт Саша", "gent", "male") == "Шмидта Саши"
    assert known_sex("Учеников Саша", None) is None
    assert known_sex("Лебедева Анастасия Игоревна", None) == "female"
    assert known_sex("Мамедов Эльдар Рустам оглы", None) == "male"
    assert known_sex("Аа", "male") == "male"


@pytest.mark.parametrize(("gender", "word"), [("male", "включён"), ("female", "включена"),
                                              (None, "включён(а)")])
def test_the_check_messages_agree_with_the_known_gender(gender, word):
    assert message("check.no_matching", who="Шмидт", gender=gender) == (
        f"Шмидт не будет {word} в подбор пар")
    assert message("check.no_matching", who="Шмидт") == "Шмидт не будет включён(а) в подбор пар"
    minor = message("check.minor_consent", year=2012, state="нет согласия", who="Шмидт",
                    gender="female")
    assert minor.startswith("Несовершеннолетняя участница (2012 г.р.)")
    assert "Шмидт не будет включена в подбор пар" in minor
