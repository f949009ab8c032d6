"""The service's texts in the catalogue: its errors by the code the API answers with, the names
of what it stores, the reasons of a refusal, the field errors of its use cases, the reasons a
link stopped working, the API's own answers and the console's lines.

Each group is merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = [
    "ACCESS", "API", "CONSOLE", "ENTITIES", "INPUT", "LINK_GONE", "NOT_EMPTY", "SERVICE", "WEB",
]

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
    "not_found": Text("{entity} «{key}» не {gender:найден|найдена|найдено}",
                      "{entity_en} {key!r} not found"),
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
    "run_starter_gone": Text(
        "пользователь, запустивший подбор, удалён или заблокирован",
        "the user who started the run is gone or blocked"),
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
    "link_gone": Text(
        "Ссылка больше не действует: {reason}", "This link no longer works: {reason_en}"),
    "link_not_found": Text(
        "Ссылка {key} не найдена среди ссылок этого запуска",
        "Link {key} is not one of this run's links"),
    "too_many_attempts": Text(
        "Слишком много неудачных попыток входа. Повторите через {retry_after} с",
        "Too many failed sign-in attempts. Try again in {retry_after} s"),
    "last_admin": Text(
        "Нельзя снять права или заблокировать единственного активного администратора: "
        "сначала назначьте другого",
        "The only active administrator cannot be demoted or blocked: make someone else "
        "an administrator first"),
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


# Why an action is refused: the `{reason}` of «forbidden» (service.services.common.forbid).
ACCESS: dict[str, Text] = {
    "access.other_organisation": Text("данные другой организации", "data of another organisation"),
    "access.viewer_read_only": Text(
        "у наблюдателя доступ только на чтение", "a viewer may only read"),
    "access.own_organisation_only": Text(
        "изменять можно только данные своей организации",
        "only your own organisation's data may be changed"),
    "access.admin_only": Text("действие доступно только администратору", "administrators only"),
    "access.own_account_only": Text(
        "можно смотреть только свою учётную запись", "only your own account"),
    "access.wrong_current_password": Text(
        "текущий пароль указан неверно", "the current password is wrong"),
    "access.admin_changes_roles": Text(
        "роль, организацию и блокировку меняет только администратор",
        "only administrators change roles, organisations and blocking"),
    "access.curator_programme_scope": Text(
        "программа куратора охватывает только его организацию",
        "a curator's programme covers only their organisation"),
}

# One field of a request the use cases refuse (service.errors.field_error), shown after the
# field's name.
INPUT: dict[str, Text] = {
    "input.organisation_unknown": Text(
        "организация «{name}» не зарегистрирована", "organisation {name!r} is not registered"),
    "input.curator_needs_organisation": Text(
        "куратор должен быть привязан к организации", "a curator must belong to an organisation"),
    "input.current_password_required": Text(
        "чтобы сменить свой пароль, укажите текущий", "give your current password to change it"),
    "input.password_too_short": Text(
        "пароль должен быть не короче {min} символов",
        "the password needs at least {min} characters"),
    "input.password_weak": Text(
        "пароль слишком простой или распространённый (или похож на логин и имя): возьмите "
        "несколько случайных слов или длинную фразу",
        "the password is too common or easy to guess (or close to the login and name): use "
        "several random words or a long phrase"),
    "input.programme_id_fixed": Text(
        "код программы не меняется", "a programme's id cannot change"),
    "input.date_future": Text(
        "дата {day} ещё не наступила", "the date {day} is in the future"),
    "input.revoked_before_given": Text(
        "согласие не может быть отозвано раньше, чем дано ({given})",
        "a consent cannot be revoked before it was given ({given})"),
    "input.wish_self": Text(
        "пожелание не может касаться самого участника",
        "a wish cannot name the participant themself"),
    "input.conflict_same": Text(
        "конфликт записывается между двумя разными участниками",
        "a conflict needs two different participants"),
    "input.participant_not_in_organisation": Text(
        "участник не найден в этой организации", "no such participant in this organisation"),
    "input.participant_unknown": Text("участник не найден", "no such participant"),
    "input.participant_not_in_run": Text(
        "участника нет в банке этого запуска", "no such participant in this run's bank"),
    "input.field_own_endpoint": Text(
        "это поле меняется отдельным запросом", "this field has its own endpoint"),
    "input.previous_run_unknown": Text(
        "у этой программы нет такого запуска", "this programme has no such run"),
    "input.previous_run_not_done": Text(
        "этот запуск не завершён успешно", "this run did not finish"),
    "input.reason_required": Text("укажите причину", "a reason is required"),
    "input.file_too_large": Text(
        "файл больше {max} байт", "the file exceeds {max} bytes"),
    "input.file_too_large_summary": Text("файл слишком большой", "file too large"),
}

# Why something cannot be deleted: the `{reason}` of «not_empty». `{held}` lists what the
# organisation still holds («участники: 3, программы: 1»), built from the `held.*` words.
NOT_EMPTY: dict[str, Text] = {
    "not_empty.programme_runs": Text(
        "по ней есть запуски подбора ({runs}) с решениями куратора",
        "it has {runs} runs with the curator's decisions"),
    "not_empty.organisation_holds": Text("в ней есть {held}", "it still has {held_en}"),
    "held.participants": Text("участники", "participants"),
    "held.users": Text("пользователи", "users"),
    "held.programmes": Text("программы", "programmes"),
    "held.partner_of": Text("школы, у которых она партнёр", "schools it is a partner of"),
}

# Why a personal link stopped working, in plain words for the person who opens it: the
# `{reason}` of «link_gone».
LINK_GONE: dict[str, Text] = {
    "link_gone.revoked": Text("куратор отозвал эту ссылку", "the curator revoked this link"),
    "link_gone.deleted": Text(
        "ваши данные удалены из системы наставничества, поэтому объяснение больше не "
        "показывается",
        "your data were deleted from the mentoring system, so the explanation is no longer "
        "shown"),
    "link_gone.consent": Text(
        "вы отозвали согласие на обработку персональных данных или на участие, поэтому "
        "объяснение больше не показывается",
        "you withdrew your consent to the processing of personal data or to taking part, so "
        "the explanation is no longer shown"),
    "link_gone.superseded": Text(
        "подбор пар пересчитан, и эта ссылка относится к прежнему результату: попросите "
        "куратора прислать новую",
        "the matching was redone and this link shows the earlier result: ask the curator for "
        "a new one"),
}

# The API's own answers (service.api.errors): a request body the JSON parser gives up on, by
# its cause, and HTTP errors that are not the service's, by status.
API: dict[str, Text] = {
    "body.too_deep": Text(
        "Слишком глубокая вложенность данных в запросе",
        "The request's data is nested too deeply"),
    "body.too_large": Text(
        "Слишком большое значение в запросе (например, число из тысяч цифр)",
        "A value in the request is too large (such as a number of thousands of digits)"),
    "http.404": Text("Адрес не найден", "Not found"),
    "http.405": Text("Метод не поддерживается для этого адреса", "Method not allowed"),
    "http.413": Text("Файл слишком большой", "Payload too large"),
}

# What `python -m service` prints (service.__main__); the console reads Russian.
CONSOLE: dict[str, Text] = {
    "console.demo_loaded": Text(
        "Загружен демонстрационный банк ({source}): участников — {participants}, организация "
        "куратора — {organisation}",
        "The demo bank is loaded ({source}): {participants} participants, the curator's "
        "organisation is {organisation}"),
    "console.service_at": Text(
        "Сервис: {url}   документация API: {url}/docs", "Service: {url}   API docs: {url}/docs"),
    "console.first_logins": Text(
        "Логины и пароли, созданные при первом запуске",
        "the logins and passwords made on the first start"),
    "console.demo_curator": Text(
        "Демо-куратор: логин {login}, пароль {password}",
        "Demo curator: login {login}, password {password}"),
    "console.admin": Text(
        "Администратор: логин {login}, пароль {password}",
        "Administrator: login {login}, password {password}"),
    "console.purged": Text(
        "Срок хранения истёк: данные удалённых участников заменены псевдонимами ({people} чел.; "
        "запусков — {runs}, записей журнала — {audit_entries})",
        "The retention period is over: deleted participants' data were pseudonymised "
        "({people} people; {runs} runs, {audit_entries} log entries)"),
}

# The pages' own error texts (service.web), shown as a sentence on the error page.
WEB: dict[str, Text] = {
    "input.partner_itself": Text("организация не может быть партнёром самой себя",
                                 "an organisation cannot partner itself"),
    "web.preview_expired": Text("Предпросмотр устарел: загрузите файл ещё раз",
                                "The preview has expired: upload the file again"),
    "web.form_stale": Text(
        "Форма устарела или отправлена не с этой страницы. Обновите страницу и повторите "
        "действие.",
        "The form is stale or was not sent from this site. Reload the page and try again."),
    "web.no_such_format": Text("Нет такого формата", "No such format"),
}
