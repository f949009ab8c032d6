"""The texts of the catalogue, by code, in groups: the model's own checks, field errors as the
API shows them, cell errors as the import report shows them, the service's errors, and the
solver's reasons. Codes are unique across groups (a unit test checks it)."""

from __future__ import annotations

from typing import NamedTuple


class Text(NamedTuple):
    """One message: Russian first, then English, both with the same named parameters."""

    ru: str
    en: str


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
    "duplicate_participant": Text(
        "Повторяется код участника {id}", "duplicate participant id '{id}'"),
    "weights_zero": Text(
        "Хотя бы один вес должен быть положительным", "at least one weight must be positive"),
    "programme_period": Text(
        "Срок программы должен быть от {min} до {max} месяцев, указано {months}",
        "programme period must be {min} to {max} months, got {months}"),
    "group_bounds": Text(
        "Минимальный размер группы больше максимального", "group_min exceeds group_max"),
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
}

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

# The service's errors (service.errors), by the code the API answers with; `{entity}` is
# filled in from ENTITIES in each language (service.i18n.message).
SERVICE: dict[str, Text] = {
    "not_authenticated": Text(
        "Требуется вход в систему: токен отсутствует, неверен или истёк",
        "Authentication required: the token is missing, invalid or expired",
    ),
    "bad_credentials": Text("Неверный логин или пароль", "Wrong login or password"),
    "forbidden": Text(
        "Недостаточно прав: {reason}",
        "Not allowed: {reason_en}",
    ),
    "not_found": Text("{entity} «{key}» не найден(а)", "{entity_en} {key!r} not found"),
    "already_exists": Text("{entity} «{key}» уже существует", "{entity_en} {key!r} already exists"),
    "version_conflict": Text(
        "{entity} «{key}» уже изменён(а) другим пользователем: у вас версия {expected}, "
        "сохранена версия {actual}. Обновите данные и повторите изменение",
        "{entity_en} {key!r} was changed by someone else: you have version {expected}, "
        "the stored one is {actual}. Reload and apply your change again",
    ),
    "invalid_data": Text("Данные не прошли проверку: {summary}", "Invalid data: {summary_en}"),
    "consent_already_given": Text(
        "Согласие «{kind}» уже действует с {given}",
        "Consent {kind_en!r} is already active since {given}",
    ),
    "no_active_consent": Text(
        "Нет действующего согласия «{kind}», отзывать нечего",
        "There is no active {kind_en!r} consent to revoke",
    ),
    "not_empty": Text(
        "{entity} «{key}» нельзя удалить: {reason}",
        "{entity_en} {key!r} cannot be deleted: {reason_en}",
    ),
    "import_rejected": Text(
        "Импорт отменён, ничего не сохранено: ошибок в файле — {count}",
        "Import cancelled, nothing stored: {count} errors in the file",
    ),
    "unsupported_file": Text(
        "Неподдерживаемый файл «{name}»: нужен JSON, CSV или XLSX",
        "Unsupported file {name!r}: JSON, CSV or XLSX expected",
    ),
    "request_invalid": Text("Ошибка в запросе: {summary}", "Invalid request: {summary}"),
    "http_error": Text("{detail}", "{detail}"),
    "invalid_transition": Text(
        "Нельзя {action} предложение «{key}» в статусе «{status}»",
        "Cannot {action_en} proposal {key!r} in status {status_en!r}",
    ),
    "run_not_ready": Text(
        "Запуск {key} ещё не завершён (статус «{status}»): результата пока нет",
        "Run {key} has not finished (status {status_en!r}): no result yet",
    ),
    "run_in_progress": Text(
        "Подбор по программе «{key}» уже выполняется (запуск {run}); дождитесь его окончания",
        "A run of programme {key!r} is already under way (run {run}); wait for it to finish",
    ),
    "run_not_active": Text(
        "Запуск {key} уже завершён (статус «{status}»): отменять нечего",
        "Run {key} has already ended (status {status_en!r}): there is nothing to cancel",
    ),
    "storage_unavailable": Text(
        "База данных временно недоступна; повторите действие через минуту",
        "The database is unavailable for a moment; try again in a minute",
    ),
    "run_cancelled": Text(
        "Подбор отменён пользователем {login}", "The run was cancelled by {login}"),
    "run_worker_lost": Text(
        "Обработчик подбора перестал отвечать (попыток: {attempts}); запустите подбор заново",
        "The worker running this run stopped responding ({attempts} attempts); "
        "start the run again",
    ),
    "run_stopped_by_service": Text(
        "Подбор прерван остановкой обработчика; запустите заново",
        "The run was interrupted by a worker stop; start it again",
    ),
    "progress.mentees": Text(
        "оценено наставляемых: {done} из {total}", "scored {done} of {total} mentees"),
    "progress.component": Text(
        "независимая часть задачи {done} из {total}",
        "component {done} of {total}"),
    "run_superseded": Text(
        "Запуск {key} заменён более новым ({newer}): решения принимаются по последнему запуску",
        "Run {key} was superseded by run {newer}: decisions are taken on the latest run",
    ),
    "link_expired": Text(
        "Срок действия ссылки истёк: попросите куратора прислать новую",
        "The link has expired: ask the curator for a new one",
    ),
    "link_invalid": Text(
        "Ссылка недействительна: проверьте, что она скопирована полностью",
        "The link is not valid: check that it was copied in full",
    ),
}

# Names of the things the service stores, for `{entity}` in the texts above.
ENTITIES: dict[str, Text] = {
    "entity.organisation": Text("Организация", "Organisation"),
    "entity.user": Text("Пользователь", "User"),
    "entity.participant": Text("Участник", "Participant"),
    "entity.programme": Text("Программа", "Programme"),
    "entity.wish": Text("Пожелание", "Wish"),
    "entity.run": Text("Запуск подбора", "Run"),
    "entity.proposal": Text("Предложение", "Proposal"),
    "entity.conflict": Text("Конфликт", "Conflict"),
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
    "raise_capacity": Text("Попросить {name} взять ещё одного наставляемого",
                           "Ask {name} to take one more mentee"),
    "group_only": Text("Эти участники могут работать только в группе, не в паре",
                       "These two can only work together in a group, not as a pair"),
    "already": Text("Эта пара уже предложена", "This pair is already proposed"),
    "cost": Text("Пара допустима (оценка {score}), но программа потеряет {loss} суммарной оценки",
                 "The pair is allowed (score {score}) but the programme would lose {loss} score"),
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
    "cli.no_good_rows": Text(
        "в банке нет ни одной годной строки: подбирать некого",
        "the bank has no valid row: there is no one to match"),
    "cli.programme_file": Text(
        "Ошибка в файле программы {path}", "The programme file {path} has errors"),
    "cli.programme_unreadable": Text(
        "не удалось прочитать файл программы {path}: {reason}",
        "cannot read the programme file {path}: {reason_en}"),
    "cli.previous_unreadable": Text(
        "не удалось прочитать прошлый результат {path}: {reason}",
        "cannot read the previous result {path}: {reason_en}"),
    "cli.previous_invalid": Text(
        "файл {path} — не результат подбора (matcher match): {detail}",
        "{path} is not a matching result (matcher match): {detail_en}"),
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
    DOMAIN, FIELD, CELL, SERVICE, ENTITIES, SOLVER, FILES, BANK)
CATALOGUE: dict[str, Text] = {code: text for group in GROUPS for code, text in group.items()}
