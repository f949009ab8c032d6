"""The texts of the catalogue, by code, in groups: the model's own checks, field errors as the
API shows them, cell errors as the import report shows them, the solver's reasons and the file
limits here; the service's texts in `matcher.messages.service`, the bank reader's in
`matcher.messages.bank`. Codes are unique across groups (a unit test checks it)."""

from __future__ import annotations

from matcher.messages.aftermatch import AFTERMATCH
from matcher.messages.bank import CHECKS, LIMITS, PARSE, READ
from matcher.messages.bank_ids import BANK_IDS
from matcher.messages.curator import CURATOR, CURATOR_DOMAIN
from matcher.messages.learning import LEARNING
from matcher.messages.monitoring import MONITORING
from matcher.messages.papers import PAPERS
from matcher.messages.review import REVIEW
from matcher.messages.service import (
    ACCESS,
    API,
    CONSOLE,
    ENTITIES,
    INPUT,
    LINK_GONE,
    NOT_EMPTY,
    SERVICE,
    WEB,
)
from matcher.messages.text import Text
from matcher.messages.ties import TIES
from matcher.messages.topics import TOPIC_DOMAIN, TOPIC_RANKS
from matcher.messages.words import CLI, FIELDS, READY, WORDS

__all__ = ["CATALOGUE", "DOMAIN", "FIELD", "GROUPS", "Text"]


# The model's validators (matcher.model) raise these codes with the English text as the pydantic
# message. Russian is a sentence; the API shows it after the field name with a lower-case first
# letter (see `lower_first`). The English texts are the validators' original messages.
DOMAIN: dict[str, Text] = {
    "slot_order": Text(
        "Конец свободного времени должен быть позже начала", "slot end must be after its start"),
    "consent_dates": Text(
        "Согласие не может быть отозвано раньше, чем дано",
        "consent cannot be revoked before it was given"),
    "grade_and_course": Text(
        "Указаны и класс, и курс: у обучающегося бывает что-то одно",
        "a student has a school grade or a college course, not both"),
    "org_years_exceed_experience": Text(
        "Стаж в организации больше общего стажа",
        "years in the organisation exceed the whole experience"),
    "wish_repeated": Text(
        "Два пожелания об одном и том же человеке", "two wishes name the same person"),
    "wish_self": Text(
        "Пожелание не может касаться самого участника", "a wish names the participant themself"),
    "email_invalid": Text(
        "«{value}» — не адрес электронной почты: нужен вид имя@домен.рф, без пробелов",
        "'{value}' is not an e-mail address: expected name@domain.org, with no spaces"),
    "email_several": Text(
        "«{value}»: укажите один адрес электронной почты",
        "'{value}': give one e-mail address"),
    "email_too_long": Text(
        "Адрес электронной почты длиннее 254 символов",
        "the e-mail address exceeds 254 characters"),
    "duplicate_participant": Text(
        "Повторяется код участника {id}", "duplicate participant id '{id}'"),
    "weights_zero": Text(
        "Хотя бы один вес должен быть положительным", "at least one weight must be positive"),
    "programme_period": Text(
        "Срок программы должен быть от {min} до {max} месяцев, указано {months}",
        "programme period must be {min} to {max} months, got {months}"),
    "group_bounds": Text(
        "Минимальный размер группы больше максимального",
        "The minimum group size exceeds the maximum"),
    "programme_no_form": Text(
        "В программе должна быть хотя бы одна форма наставничества",
        "a programme needs at least one form"),
    "programme_no_kind": Text(
        "В программе должен быть хотя бы один вид наставничества",
        "a programme needs at least one kind"),
    "proposal_empty": Text(
        "В предложении нет ни одного наставляемого", "a proposal needs at least one mentee"),
    "proposal_repeated_mentee": Text(
        "Наставляемый указан в предложении дважды", "a mentee appears twice in one proposal"),
    "proposal_self": Text(
        "Наставник не может быть своим же наставляемым", "a mentor cannot mentor themself"),
    "proposal_not_group": Text(
        "Несколько наставляемых бывает только в групповом предложении",
        "only a group proposal has several mentees"),
    **TOPIC_DOMAIN,
}
DOMAIN.update(CURATOR_DOMAIN)  # the curator's rules and quotas (matcher.model.rules)

# pydantic's own error types as the API and pages show them after a field name: the rule that
# was broken, in Russian; in English pydantic's message itself (`{msg}`), as before.
FIELD: dict[str, Text] = {
    f"field.{kind}": Text(ru, "{msg}") for kind, ru in {
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
        "unknown": "некорректное значение ({msg})",
    }.items()
}
# A plain ValueError or assertion of a validator outside the model: its own text, as written.
FIELD["field.value_error"] = Text("{error}", "{error}")
FIELD["field.assertion_error"] = Text("{error}", "{error}")
# Paging a list with a cursor (the API's run lists).
FIELD["field.cursor_invalid"] = Text(
    "курсор не подходит: возьмите next_cursor из ответа с тем же порядком (sort)",
    "not a valid cursor: use next_cursor of a page in the same order (sort)")
FIELD["field.cursor_with_offset"] = Text(
    "укажите либо offset, либо cursor", "give either offset or cursor, not both")

# pydantic's error types as the import report shows them for one cell: a sentence that names
# the value written in the file.
CELL: dict[str, Text] = {
    "cell.birth_year_too_early": Text("Невозможный год рождения {value}: раньше {min}",
                                      "Impossible birth year {value}: before {min}"),
    "cell.birth_year_future": Text("Невозможный год рождения {value}: в будущем",
                                   "Impossible birth year {value}: in the future"),
    "cell.missing": Text("Обязательное поле не заполнено", "A required field is empty"),
    "cell.empty": Text("Пустое значение", "Empty value"),
    "cell.too_short": Text("Слишком короткое значение", "The value is too short"),
    "cell.too_long": Text("Слишком длинное значение (больше {max_length} символов)",
                          "The value is too long (over {max_length} characters)"),
    "cell.ge": Text("Значение {value} меньше допустимого ({ge})",
                    "The value {value} is below the minimum ({ge})"),
    "cell.le": Text("Значение {value} больше допустимого ({le})",
                    "The value {value} is above the maximum ({le})"),
    "cell.gt": Text("Значение {value} должно быть больше {gt}",
                    "The value {value} must be greater than {gt}"),
    "cell.lt": Text("Значение {value} должно быть меньше {lt}",
                    "The value {value} must be less than {lt}"),
    "cell.int": Text("Ожидалось целое число, получено «{value}»",
                     "A whole number expected, got “{value}”"),
    "cell.float": Text("Ожидалось число, получено «{value}»", "A number expected, got “{value}”"),
    "cell.date": Text("Неверная дата «{value}»: ожидается ГГГГ-ММ-ДД",
                      "Invalid date “{value}”: YYYY-MM-DD expected"),
    "cell.enum": Text("Недопустимое значение «{value}»; допустимо: {expected}",
                      "Value “{value}” is not allowed; allowed: {expected}"),
    "cell.pattern": Text("Недопустимое значение «{value}» (латиница, цифры и «_»)",
                         "Value “{value}” is not allowed (Latin letters, digits and “_”)"),
    "cell.extra": Text("Неизвестное поле", "Unknown field"),
    "cell.type": Text("Неверный тип значения: {msg}", "Wrong type of value: {msg}"),
    "cell.other": Text("Недопустимое значение: {msg}", "Invalid value: {msg}"),
}

# The solver's reasons for an unmatched mentee and its answers to «why not this mentor?»
# (matcher.solver.unmatched, matcher.solver.why_not). `{mentors}` is a counted noun in Russian
# («3 наставника», see `plural`), `{n}` the bare number for English.
SOLVER: dict[str, Text] = {
    "fewer_mentors": Text("Подобрано наставников: {got} из {wanted}",
                          "Mentors found: {got} of {wanted}"),
    "missing_consent": Text("Нет согласия: {consents}", "Missing consent: {consents_en}"),
    "ask_consent": Text("Получить согласие: {consents}", "Ask for consent: {consents_en}"),
    "no_eligible_mentor": Text("Нет ни одного допустимого наставника", "No eligible mentor"),
    "no_eligible_mentor_counted": Text("Нет ни одного допустимого наставника ({counts})",
                                       "No eligible mentor ({counts_en})"),
    "excluded_count": Text("{mentors}: {rule}", "{n} mentors: {rule_en}"),
    "accept_group": Text("Предложить наставляемому групповую форму работы",
                         "Ask the mentee to accept group mentoring"),
    "accept_remote": Text("Предложить дистанционный (виртуальный) формат",
                          "Ask the mentee to accept remote (virtual) mentoring"),
    "ask_mentor_consent": Text("Получить согласия у наставников ({mentors} без согласия)",
                               "Collect consents from mentors ({n} lack one)"),
    "recruit_mentor": Text("Привлечь наставника по теме «{topic}»",
                           "Recruit a mentor for “{topic_en}”"),
    "recruit_another_mentor": Text("Привлечь ещё наставника по теме «{topic}»",
                                   "Recruit another mentor for “{topic_en}”"),
    "mentors_full": Text(
        "Все допустимые наставники ({mentors}) заняты более подходящими наставляемыми; "
        "лучшие варианты: {names}",
        "All eligible mentors ({n}) are full with better fits; best options: {names}"),
    "raise_capacity": Text("Попросить {name:accs} взять ещё одного наставляемого",
                           "Ask {name} to take one more mentee"),
    "group_only": Text("Эти участники могут работать только в группе, не в паре",
                       "These two can only work together in a group, not as a pair"),
    "no_stable_result": Text(
        "CP-SAT не нашёл устойчивого распределения за отведённое время",
        "no stable result found within the time limit"),
    "groups_formed": Text(
        "Сформировано групп: {n}, выигрыш за сэкономленное время наставников: {gained}",
        "Groups formed: {n}, gained for the mentors' time saved: {gained}"),
    "already": Text("Эта пара уже предложена", "This pair is already proposed"),
    "cost": Text("Пара допустима (оценка {score} из 100), но суммарная оценка подбора снизится "
                 "на {loss}",
                 "The pair is allowed (score {score} of 100) but the run's total score would "
                 "drop by {loss}"),
    "cost_coverage": Text(" и {n} наставляемых останутся без наставника",
                          " and {n} mentees would be left without a mentor"),
    "cost_moved": Text("; сменят наставника: {names}", "; mentors would change for: {names_en}"),
}

# Limits on a bank file (matcher.bank_io.limits) and the CLI's own input errors: a file that
# could exhaust memory is refused before it is parsed, naming the limit it breaks.
FILES: dict[str, Text] = {
    "file.limit": Text(
        "превышен предел «{limit}»: {value} при допустимых {max}",
        "the limit “{limit_en}” is exceeded: {value} where {max} is allowed"),
    "file.zip_broken": Text(
        "это не файл Excel (.xlsx) или он повреждён ({detail})",
        "this is not an Excel (.xlsx) file or it is broken ({detail})"),
    "file.zip_size_mismatch": Text(
        "часть «{member}» книги Excel больше заявленного размера (похоже на zip-бомбу)",
        "the workbook part “{member}” is larger than declared (looks like a zip bomb)"),
    "file.empty": Text("файл пуст", "the file is empty"),
    "file.encoding": Text(
        "неизвестная кодировка (сохраните файл в UTF-8)",
        "unknown encoding (save the file as UTF-8)"),
    "file.binary": Text(
        "это не текстовый файл CSV (двоичные данные)", "this is not a CSV text file (binary data)"),
    "cli.rows_skipped": Text(
        "В файле {rows} с ошибками: они пропущены (подробно: matcher validate)",
        "{rows_en} with errors in the file were skipped (details: matcher validate)"),
    "cli.no_good_rows": Text(
        "в банке нет ни одной годной строки: подбирать некого",
        "the bank has no valid row: there is no one to match"),
    "cli.timetable_format": Text(
        "расписание записывается в .xlsx или .csv, указано «{suffix}»",
        "the timetable is written as .xlsx or .csv, got “{suffix}”"),
    "cli.speed_nobody": Text(
        "ни одной встречи: среди выбранных нет пары, которой разрешены скоростные встречи",
        "no meeting: no chosen pair may meet in speed mentoring"),
    "speed.round_summary": Text("Раунд {round}: встреч — {meetings}",
                                "Round {round}: {meetings} meetings"),
    "speed.written": Text("Расписание записано в {path}", "The timetable is written to {path}"),
    "cli.programme_file": Text(
        "Ошибка в файле программы {path}", "The programme file {path} has errors"),
    "cli.programme_unreadable": Text(
        "не удалось прочитать файл программы {path}: {reason}",
        "cannot read the programme file {path}: {reason_en}"),
    "cli.previous_unreadable": Text(
        "не удалось прочитать прошлый результат {path}: {reason}",
        "cannot read the previous result {path}: {reason_en}"),
    "cli.stop_hint": Text(
        "Ctrl-C — остановить подбор", "Ctrl-C stops the run"),
    "cli.interrupted": Text(
        "подбор остановлен (Ctrl-C): результат не записан",
        "the run was stopped (Ctrl-C): no result was written"),
    "cli.previous_invalid": Text(
        "файл {path} — не результат подбора (matcher match): {detail}",
        "{path} is not a matching result (matcher match): {detail_en}"),
}

# What the independent validator (`matcher.validation`) finds in a result: `violation.<code>`.
VALIDATION: dict[str, Text] = {
    "violation.unknown_participant": Text("участника нет в банке",
                                          "a participant is not in the bank"),
    "violation.form": Text("форма наставничества не разрешена",
                           "the mentoring form is not allowed"),
    "violation.kind": Text("вид наставничества не согласован", "the mentoring kind is not agreed"),
    "violation.group_size": Text("размер группы вне границ программы",
                                 "a group's size is outside the programme's bounds"),
    "violation.group_topic": Text("у группы нет общей темы, которую ведёт наставник",
                                  "a group shares no topic that the mentor covers"),
    "violation.capacity": Text("превышена вместимость наставника", "a mentor is over capacity"),
    "violation.capacity_groups": Text("у наставника больше групп, чем он согласился вести",
                                      "a mentor has more groups than agreed"),
    "violation.demand": Text("у наставляемого больше наставников, чем он просил",
                             "a mentee has more mentors than wanted"),
    "violation.same_mentor_twice": Text("один наставник дважды у одного наставляемого",
                                        "one mentor twice for one mentee"),
    "violation.blocking_pair": Text("есть пара, которая предпочла бы друг друга (неустойчиво)",
                                    "a pair would rather be together (unstable)"),
    "violation.objective_mismatch": Text("целевая функция не сходится при пересчёте",
                                         "the objective does not recompute"),
    "violation.other": Text("нарушено правило", "a rule is broken"),
    "invalid_result": Text("Результат подбора нарушает правила, он не сохранён: {found}",
                           "The matching result breaks rules and was not kept: {found}"),
    "invalid_result.more": Text("{found} и ещё {more}", "{found} and {more} more"),
}

# The curator's bank (issue 12): re-imports that merge, preview and undo, partners.
BANK: dict[str, Text] = {
    "import.clear_required": Text(
        "Обязательное поле нельзя очистить знаком «—»",
        "A required field cannot be cleared with “—”"),
    "import.merged_invalid": Text(
        "Вместе с сохранёнными данными участника: {error}",
        "Together with the participant's stored data: {error}"),
    "import.unknown_organisation": Text(
        "организация «{name}» не зарегистрирована: исправьте название или зарегистрируйте её "
        "партнёром школы",
        "organisation “{name}” is not registered: correct the name or register it as a "
        "partner of the school"),
    "import_undone": Text(
        "Загрузка {key} уже отменена ({at})", "Import {key} was already undone ({at})"),
    "entity.import": Text("Загрузка", "Import"),
}

GROUPS: tuple[dict[str, Text], ...] = (
    DOMAIN, FIELD, CELL, SERVICE, ENTITIES, ACCESS, INPUT, NOT_EMPTY, LINK_GONE, API, CONSOLE, WEB,
    SOLVER, FILES, PARSE, CHECKS, READ, LIMITS, VALIDATION, BANK, LEARNING, MONITORING, PAPERS,
    TIES, REVIEW, AFTERMATCH, CURATOR, FIELDS, WORDS, READY, CLI, BANK_IDS, TOPIC_RANKS)
CATALOGUE: dict[str, Text] = {code: text for group in GROUPS for code, text in group.items()}
