"""Texts of participant ids kept per organisation (two schools may both have «T01»): a look-up
that needs the organisation, and the import's warning of one person under two ids.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["BANK_IDS"]

BANK_IDS: dict[str, Text] = {
    "input.participant_ambiguous": Text(
        "код «{pid}» есть в нескольких организациях: укажите организацию (organisation_id)",
        "id “{pid}” is used in several organisations: give the organisation (organisation_id)"),
    "import.duplicate_in_bank": Text(
        "возможно, тот же человек, что уже есть в банке под кодом {other}: {reason}",
        "perhaps the same person as the one already in the bank as {other}: {reason_en}"),
    "import.same_name_and_year": Text(
        "совпадают ФИО и год рождения", "the same full name and birth year"),
    "import.same_email": Text(
        "совпадает адрес электронной почты {email}", "the same e-mail address {email}"),
    "input.person_id_missing": Text(
        "укажите код участника: по нему ссылаются пожелания и конфликты",
        "give the participant's id: wishes and conflicts refer to it"),
    # what the person page's history says of each audit action on a participant
    "history.create": Text("добавлен(а) вручную", "added by hand"),
    "history.update": Text("изменены сведения", "details changed"),
    "history.delete": Text("удалён(а) из банка", "deleted from the bank"),
    "history.import_create": Text("добавлен(а) загрузкой файла", "added by a file import"),
    "history.import_update": Text("обновлён(а) загрузкой файла", "updated by a file import"),
    "history.import_undo": Text("загрузка файла отменена", "a file import undone"),
    "history.give_consent": Text("записано согласие", "a consent recorded"),
    "history.revoke_consent": Text("согласие отозвано", "a consent revoked"),
    "history.set_wish": Text("записано пожелание", "a wish recorded"),
    "history.delete_wish": Text("пожелание удалено", "a wish deleted"),
    "import_job.strict_refused": Text(
        "ничего не сохранено: ошибок в файле — {count} (режим «всё или ничего»)",
        "nothing stored: {count} errors in the file (all or nothing)"),
    "import_job.internal_error": Text(
        "внутренняя ошибка при загрузке; подробности в журнале сервера",
        "internal error while importing; see the server log"),
    "check.capacity_zero": Text(
        "Мест у наставника 0: {name} в банке наставников, но не получит ни одного наставляемого",
        "The mentor has 0 places: {name} is in the mentors' bank but will get no mentee"),
    "mapping_needed": Text(
        "Столбцы файла не из нашего шаблона ({count}): проверьте предложенное поле каждого "
        "столбца и загрузите файл снова с сопоставлением (mapping); оно запомнится",
        "The file's columns are not our template's ({count}): check the field suggested for "
        "each column and upload the file again with the mapping; it will be remembered"),
    "input.mapping_json": Text(
        "сопоставление столбцов должно быть объектом JSON", "the mapping must be a JSON object"),
    "mapping.column": Text("{header} → {field}", "{header} → {field}"),
    "mapping.leave_out": Text("не загружать", "leave out"),
    "mapping.topic": Text("возможно, тема «{label}»", "perhaps the topic “{label}”"),
    "mapping.topic_unknown": Text("тема не найдена", "no such topic"),
    "mapping.topics_undecided": Text(
        "в столбцах, выбранных для тем, есть ответы, которых нет в справочнике: выберите для "
        "каждого тему или «не тема»",
        "the columns chosen for topics have answers the topic list does not know: choose a "
        "topic or “not a topic” for each"),
    "mapping.field_twice": Text(
        "поле «{field}» выбрано для нескольких столбцов, а в нём одно значение: оставьте "
        "его одному столбцу",
        "the field “{field}” is chosen for several columns but holds one value: keep it for "
        "one column"),
    "run.ids_shared": Text(
        "в банках организаций программы повторяются коды участников ({ids}): в совместной "
        "программе у каждого участника должен быть свой код",
        "the programme's organisations share participant ids ({ids}): a joint programme needs "
        "an id of its own for each participant"),
}
