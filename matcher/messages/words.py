"""The curator's words (issue 18): error pages, the programme form's field names, archiving a
programme, the readiness check before a run. Russian first, English twin.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["ENTITY_GENDER", "FIELDS", "WORDS"]

# The grammatical gender of `entity.*` names, for «… не найден / не найдена / не найдено».
ENTITY_GENDER: dict[str, str] = {
    "organisation": "female", "user": "male", "participant": "male", "programme": "female",
    "wish": "neuter", "run": "male", "proposal": "neuter", "conflict": "male",
    "import": "female",
}

# The programme's fields as the settings form names them: an error is shown next to the field
# and listed above the form by these names, never by the model's field name.
FIELDS: dict[str, Text] = {
    "field.programme.id": Text("Код программы", "Programme code"),
    "field.programme.name": Text("Название", "Name"),
    "field.programme.start": Text("Начало", "Start"),
    "field.programme.end": Text("Окончание", "End"),
    "field.programme.forms": Text("Формы наставничества", "Forms of mentoring"),
    "field.programme.kinds": Text("Виды наставничества", "Kinds of mentoring"),
    "field.programme.group_min": Text("Мин. размер группы", "Min group size"),
    "field.programme.group_max": Text("Макс. размер группы", "Max group size"),
    "field.programme.group_value": Text("Ценность группы", "Group value"),
    "field.programme.target_teacher_coverage": Text("Цель: охват педагогов",
                                                    "Target: teachers involved"),
    "field.programme.target_student_coverage": Text("Цель: охват обучающихся",
                                                    "Target: students involved"),
    "field.programme.goal": Text("Приоритет подбора", "Matching priority"),
    "field.programme.time_limit_s": Text("Время на поиск лучшего варианта",
                                         "Time to search for the best option"),
    "field.programme.seed": Text("Номер варианта при равных оценках",
                                 "Tie-break number"),
    "field.programme.weights": Text("Веса критериев подбора", "Weights of the criteria"),
    "field.programme.definitions": Text("Определения программы", "Programme definitions"),
    "field.programme.organisations": Text("Организации", "Organisations"),
}

WORDS: dict[str, Text] = {
    "http.500": Text("Что-то пошло не так на сервере. Данные не потеряны; повторите действие "
                     "через минуту", "Something went wrong on the server. No data were lost; "
                     "try again in a minute"),
    "http.403": Text("Нет доступа", "Forbidden"),
    "http.422": Text("Адрес указан неверно", "The address is not valid"),
    "web.not_found_page": Text("Такой страницы нет. Возможно, ссылка устарела или в адресе "
                               "опечатка", "There is no such page. The link may be old or "
                               "the address mistyped"),
    "programme.slug_empty": Text(
        "Укажите код программы или название, из которого его составить",
        "Give a programme code or a name to make one from"),
    "programme.code_chars": Text(
        "в коде программы можно использовать буквы, цифры, «-», «_», «.» и «/» между ними "
        "(например, 2026/27)",
        "a programme code may hold letters, digits, «-», «_», «.» and «/» between them "
        "(such as 2026/27)"),
    "programme.archived": Text("Программа «{key}» в архиве: подбор по ней не запускается",
                               "Programme «{key}» is archived: it cannot be run"),
    "not_empty.programme_runs_archive": Text(
        "по ней есть запуски подбора ({runs}); программу можно убрать в архив",
        "it has {runs} runs; archive it instead"),
}
