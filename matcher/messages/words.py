"""The curator's words (issue 18): error pages, the programme form's field names, archiving a
programme, the readiness check before a run. Russian first, English twin.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["CLI", "ENTITY_GENDER", "FIELDS", "READY", "WORDS"]

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
    "field.programme.rules": Text("Правила программы", "Programme rules"),
    "field.programme.quotas": Text("Квоты", "Quotas"),
    "field.programme.options": Text("Дополнительные условия подбора", "Matching options"),
    "field.programme.topics": Text("Темы программы", "Programme topics"),
    "field.programme.monitoring": Text("Анкеты сопровождения", "Monitoring surveys"),
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

# What would raise the likely coverage (matcher.solver.readiness), most mentees first.
READY: dict[str, Text] = {
    "ready.consents_mentees": Text(
        "Собрать согласия: наставляемых без согласия — {n}; без него они в подбор не попадут",
        "Collect consents: {n} mentees lack one and are left out of the run"),
    "ready.consents_mentors": Text(
        "Собрать согласия наставников: без согласия — {n}, это {places} мест",
        "Collect mentors' consents: {n} mentors lack one, {places} places"),
    "ready.topic_short": Text(
        "Найти наставников по теме «{topic}»: запросов {mentees}, мест у наставников с этой "
        "компетенцией {places}",
        "Find mentors for «{topic_en}»: {mentees} requests, {places} places with mentors "
        "competent in it"),
    "ready.form_short": Text(
        "Форма «{form}»: наставляемых {mentees}, мест {places}; пригласите наставников этой "
        "формы или увеличьте их нагрузку",
        "Form «{form_en}»: {mentees} mentees, {places} places; invite mentors of this form or "
        "raise their load"),
    "ready.form_not_allowed": Text(
        "Наставляемых, которые просят форму «{form}», которой нет в программе: {n}; добавьте "
        "её в настройки программы",
        "{n} mentees ask for the form «{form_en}», which the programme does not allow; add it "
        "in the programme's settings"),
    "ready.no_allowed_mentor": Text(
        "Наставляемых, для которых нет ни одного допустимого наставника: {n}; посмотрите, что "
        "мешает, на странице «Почему не эта пара» после подбора",
        "{n} mentees have no allowed mentor at all; see what stops them on the «Why not» page "
        "after a run"),
    "ready.places_short": Text(
        "Мест у наставников меньше, чем наставляемых: {places} на {mentees}",
        "Mentors have fewer places than there are mentees: {places} for {mentees}"),
}

# The command line's own words (matcher.cli): help screens, progress, results in curator words.
CLI: dict[str, Text] = {
    "cli.help.app": Text(
        "Наставник: банки, оценки, пары и группы для программы наставничества.",
        "Nastavnik matcher: banks, scores, pairs and groups for a mentoring programme."),
    "cli.help.usage": Text("Запуск: ", "Usage: "),
    "cli.help.arguments": Text("Аргументы", "Arguments"),
    "cli.help.options_metavar": Text("[ПАРАМЕТРЫ]", "[OPTIONS]"),
    "cli.help.command_metavar": Text("КОМАНДА", "COMMAND"),
    "cli.help.args_metavar": Text("[АРГУМЕНТЫ]...", "[ARGS]..."),
    "cli.help.options": Text("Параметры", "Options"),
    "cli.help.commands": Text("Команды", "Commands"),
    "cli.help.error": Text("Ошибка", "Error"),
    "cli.help.aborted": Text("Прервано.", "Aborted."),
    "cli.help.required": Text("[обязательно]", "[required]"),
    "cli.help.default": Text("[по умолчанию: {}]", "[default: {}]"),
    "cli.help.env": Text("[переменная окружения: {}]", "[env var: {}]"),
    "cli.help.deprecated": Text("(устарело) ", "(deprecated) "),
    "cli.help.try": Text("Подсказка: [blue]'{command_path} {help_option}'[/].",
                         "Try [blue]'{command_path} {help_option}'[/] for help."),
    "cli.help.help": Text("Показать эту справку и выйти.", "Show this message and exit."),
    # Typer's and Click's parse errors (matcher.cli.app.translate_error); {…} from the original
    "cli.parse.no_option": Text("Нет такого параметра: {name}.", "No such option: {name}."),
    "cli.parse.did_you_mean": Text(" Возможно, имелся в виду: {options}.",
                                   " Possible options: {options}."),
    "cli.parse.no_command": Text("Нет такой команды: {name}.", "No such command {name}."),
    "cli.parse.missing_argument": Text("Не указан аргумент {name}.", "Missing argument {name}."),
    "cli.parse.missing_option": Text("Не указан параметр {name}.", "Missing option {name}."),
    "cli.parse.extra": Text("Лишние аргументы: {args}.",
                            "Got unexpected extra argument(s) ({args})."),
    "cli.parse.needs_value": Text("Параметру {name} нужно значение.",
                                  "Option {name} requires an argument."),
    "cli.parse.takes_no_value": Text("Параметр {name} не принимает значения.",
                                     "Option {name} does not take a value."),
    "cli.parse.invalid": Text("Недопустимое значение {name}: {detail}",
                              "Invalid value for {name}: {detail}"),
    "cli.parse.not_one_of": Text("{value} — нет среди допустимых: {choices}.",
                                 "{value} is not one of {choices}."),
    "cli.parse.not_number": Text("нужно число.", "a number is needed."),
    "cli.parse.not_integer": Text("нужно целое число.", "a whole number is needed."),
    "cli.parse.not_found": Text("{path} не найден.", "{path} does not exist."),
    "cli.parse.is_directory": Text("{path} — это папка, а нужен файл.",
                                   "{path} is a directory."),
    "cli.reading": Text("Читаем банк {path}…", "Reading the bank {path}…"),
    "cli.read": Text("Банк прочитан: участников {n}", "Bank read: {n} participants"),
    "cli.stage.score": Text("Оценка пар", "Scoring pairs"),
    "cli.stage.solve": Text("Подбор пар и групп", "Forming pairs and groups"),
    "cli.stage.explain": Text("Объяснения", "Explanations"),
    "cli.stage.done": Text("Готово", "Done"),
    "cli.outcome.optimal": Text("лучший возможный вариант", "the best possible result"),
    "cli.outcome.feasible": Text(
        "хороший вариант: время на поиск вышло, лучший возможный выше не более чем на {gap} %",
        "a good result: the search time ran out, the best possible is at most {gap} % higher"),
    "cli.outcome.feasible_exact": Text(
        "хороший вариант (время на поиск вышло; насколько лучше лучший, не известно)",
        "a good result (the search time ran out; how much better the best is, unknown)"),
}
