"""The bank reader's texts in the catalogue (matcher.bank_io): a cell it cannot parse, a problem
across rows, a file it cannot read, and the names of the file limits. The import report shows
the Russian text; English is there for the API and for an `UnreadableFile` that gives both.

Merged into `matcher.messages.catalogue.CATALOGUE`; codes are unique across groups.
"""

from __future__ import annotations

from matcher.messages.text import Text

__all__ = ["CHECKS", "LIMITS", "PARSE", "READ"]

# One cell that cannot be read (matcher.bank_io.cells); several problems of one cell are
# joined with «; ». `{noun}` is the Russian name of the list of values (`ENUM_NOUNS`).
PARSE: dict[str, Text] = {
    "parse.position": Text(
        "Неизвестная должность «{value}». Укажите роль в столбце «Роль» или должность, например "
        "«учитель математики», «заместитель директора по УВР», «социальный педагог»",
        "Unknown position “{value}”. Give the role in the «Роль» column or a position such as "
        "«учитель математики», «заместитель директора по УВР», «социальный педагог»"),
    "parse.int": Text("Ожидалось целое число, получено «{value}»",
                      "A whole number expected, got “{value}”"),
    "parse.float": Text("Ожидалось число (например, 2 или 2,5), получено «{value}»",
                        "A number expected (such as 2 or 2.5), got “{value}”"),
    "parse.date": Text("Неверная дата «{value}»: ожидается ДД.ММ.ГГГГ, например 01.09.2025",
                       "Invalid date “{value}”: DD.MM.YYYY expected, such as 01.09.2025"),
    "parse.no_such_date": Text("Такой даты нет: «{value}»", "There is no such date: “{value}”"),
    "parse.enum_unknown": Text(
        "Неизвестный {noun} «{value}». Допустимые значения: {allowed}",
        "Unknown {noun_en} “{value}”. Allowed values: {allowed}"),
    "parse.enum_unknown_feminine": Text(
        "Неизвестная {noun} «{value}». Допустимые значения: {allowed}",
        "Unknown {noun_en} “{value}”. Allowed values: {allowed}"),
    "parse.topic_unknown": Text("Неизвестная тема «{name}»{hint}", "Unknown topic “{name}”{hint}"),
    "parse.topic_hint": Text("; возможно, «{label}»", "; perhaps “{label}”"),
    "parse.topic_twice": Text("Тема «{label}» указана дважды", "Topic “{label}” is given twice"),
    "parse.level": Text("{what} должен быть 1, 2 или 3, получено «{value}»",
                        "{what_en} must be 1, 2 or 3, got “{value}”"),
    "parse.wish_form": Text("Пожелание «{item}» не в виде ID:да/возможно/нет[:место]",
                            "Wish “{item}” is not written as ID:yes/maybe/no[:rank]"),
    "parse.wish_rank": Text("Место в пожелании «{item}» должно быть 1 или больше",
                            "The rank in wish “{item}” must be 1 or more"),
    "parse.slot_form": Text("Время «{item}» не в виде «вт 15:00-16:00»",
                            "Time “{item}” is not written as “вт 15:00-16:00”"),
    "parse.slot_order": Text("В «{item}» конец не позже начала",
                             "In “{item}” the end is not after the start"),
    "parse.time": Text("Неверное время в «{item}»", "Invalid time in “{item}”"),
    "parse.more_revoked_than_given": Text(
        "Дат отзыва больше, чем дат согласия", "More revocation dates than consent dates"),
}

# Checks across rows and of a whole participant (matcher.bank_io.checks, tabular, json_io).
CHECKS: dict[str, Text] = {
    "check.adult_role_too_young": Text(
        "Невозможный год рождения {value}: роль «{role}», а участнику меньше {age} лет",
        "Impossible birth year {value}: the role is “{role_en}” but the participant is under "
        "{age}"),
    "check.student_too_young": Text(
        "Невозможный год рождения {value}: обучающемуся меньше {age} лет",
        "Impossible birth year {value}: a student under {age}"),
    "check.id_assigned": Text("ID не указан; присвоен код «{id}»",
                              "No ID given; the code “{id}” is assigned"),
    "check.duplicate_id": Text("Повтор: ID «{id}» уже есть в строке {row}",
                               "Repeated: ID “{id}” is already in row {row}"),
    "check.duplicate_person": Text(
        "Возможно, повтор: {name}, {year} г.р., есть и в строке {row} под ID «{id}», и в "
        "строке {this_row} под ID «{this_id}»; если это один человек, оставьте одну строку",
        "Perhaps repeated: {name}, born {year}, is both in row {row} under ID “{id}” and in "
        "row {this_row} under ID “{this_id}”; if this is one person, keep one row"),
    "check.duplicate_email": Text(
        "Возможно, повтор: адрес {email} есть и в строке {row} под ID «{id}», и в строке "
        "{this_row} под ID «{this_id}»; если это один человек, оставьте одну строку",
        "Perhaps repeated: the address {email} is both in row {row} under ID “{id}” and in "
        "row {this_row} under ID “{this_id}”; if this is one person, keep one row"),
    "check.wish_target_unknown": Text(
        "Пожелание называет участника с ID «{target}», которого нет в банке",
        "A wish names participant “{target}”, who is not in the bank"),
    "check.wish_target_dropped": Text(
        "Пожелание об участнике «{target}» не учтено: его строка не загружена из-за ошибок",
        "The wish about “{target}” is ignored: their row was not loaded because of errors"),
    "check.consent_missing": Text("Нет {consent}", "No {consent_en}"),
    "check.consent_revoked": Text("{consent} отозвано {day}", "{consent_en} revoked on {day}"),
    "check.consent_later": Text("{consent} действует только с {day}",
                                "{consent_en} is valid only from {day}"),
    "check.consent_warning": Text("{state} — {consequence}", "{state_en} — {consequence_en}"),
    "check.no_matching": Text(
        "{who} не будет {gender:включён|включена|включён(а)} в подбор пар",
        "{who} will not be included in matching"),
    "check.no_mentoring": Text(
        "{who} не будет {gender:назначен|назначена|назначен(а)} наставником",
        "{who} will not be assigned as a mentor"),
    "check.no_mentor": Text("{who} не получит наставника", "{who} will not get a mentor"),
    "check.minor_consent": Text(
        "{gender:Несовершеннолетний участник|Несовершеннолетняя участница|"
        "Несовершеннолетний участник} ({year} г.р.): {state} — {who} не будет "
        "{gender:включён|включена|включён(а)} в подбор пар, пока согласие не получено",
        "A minor (born {year}): {state_en} — {who} will not be included in matching until the "
        "consent is given"),
    "consent.personal_data": Text(
        "Согласие на обработку персональных данных", "Consent to personal data processing"),
    "consent.mentor_duties": Text(
        "Письменное согласие наставника", "The mentor's written consent"),
    "consent.participation": Text(
        "Согласие на участие в программе", "Consent to take part in the programme"),
    "consent.guardian": Text(
        "Согласие родителя (законного представителя)",
        "Consent of a parent (legal guardian)"),
    "consent_of.personal_data": Text(
        "согласия на обработку персональных данных", "consent to personal data processing"),
    "consent_of.mentor_duties": Text(
        "письменного согласия наставника", "written consent of the mentor"),
    "consent_of.participation": Text(
        "согласия на участие в программе", "consent to take part in the programme"),
    "consent_of.guardian": Text(
        "согласия родителя (законного представителя)",
        "consent of a parent (legal guardian)"),
    "check.conflict_dropped": Text("Конфликт с «{id}» не учтён: {why}",
                                   "The conflict with “{id}” is ignored: {why_en}"),
    "check.conflict_row_dropped": Text(
        "строка участника не загружена из-за ошибок",
        "the participant's row was not loaded because of errors"),
    "check.conflict_unknown": Text(
        "такого участника нет в банке", "no such participant in the bank"),
    "check.conflict_no_id": Text("Не указан ID участника конфликта",
                                 "The ID of a participant of the conflict is missing"),
    "check.conflict_self": Text("Конфликт участника с самим собой",
                                "A conflict of a participant with themself"),
    "check.unknown_column": Text("Неизвестный столбец «{name}» пропущен",
                                 "Unknown column “{name}” skipped"),
    "check.repeated_column": Text("Столбец «{name}» повторяет «{first}» и пропущен",
                                  "Column “{name}” repeats “{first}” and is skipped"),
    "check.unknown_section": Text("Неизвестный раздел «{key}» пропущен",
                                  "Unknown section “{key}” skipped"),
}

# Why a whole file cannot be read (an `UnreadableFile` reason).
READ: dict[str, Text] = {
    "read.empty": Text("файл пуст", "the file is empty"),
    "read.not_found": Text("файл не найден", "file not found"),
    "read.unknown_format": Text("неизвестный формат «.{ext}»: нужен .xlsx, .csv или .json",
                                "unknown format “.{ext}”: .xlsx, .csv or .json expected"),
    "read.not_utf8": Text("файл не в кодировке UTF-8", "the file is not UTF-8"),
    "read.not_json": Text("это не JSON: {detail}, строка {line}",
                          "this is not JSON: {detail}, line {line}"),
    "read.too_deep": Text("слишком глубокая вложенность", "nested too deeply"),
    "read.number_too_long": Text("слишком длинное число", "a number is too long"),
    "read.not_bank": Text("ожидался объект {{\"participants\": [...]}} банка",
                          "a bank object {{\"participants\": [...]}} expected"),
    "read.conflicts_not_list": Text("раздел «conflicts» должен быть списком",
                                    "the “conflicts” section must be a list"),
    "read.broken_csv": Text("испорченный CSV: {detail}", "broken CSV: {detail}"),
    "read.not_xlsx": Text("это не файл Excel (.xlsx) или он повреждён",
                          "this is not an Excel (.xlsx) file or it is broken"),
    "read.no_people_sheet": Text("в книге нет листа с участниками",
                                 "the workbook has no sheet of participants"),
    "read.people_sheet_empty": Text("лист с участниками пуст",
                                    "the sheet of participants is empty"),
    "read.header_missing_columns": Text("в заголовке нет обязательных столбцов: {columns}",
                                        "the header lacks required columns: {columns}"),
    "read.no_header": Text(
        "не найден заголовок таблицы (строка с «ФИО», «Роль», «Организация», «Год рождения»)",
        "no table header found (a row with «ФИО», «Роль», «Организация», «Год рождения»)"),
    "read.no_conflict_header": Text(
        "не найден заголовок листа конфликтов («ID 1», «ID 2»)",
        "no header of the conflicts sheet found («ID 1», «ID 2»)"),
}

# The names of the file limits (matcher.bank_io.limits.FileLimits), as a refusal names them.
LIMITS: dict[str, Text] = {
    "limit.max_bytes": Text("размер файла, байт", "file size, bytes"),
    "limit.max_rows": Text("строк в таблице", "rows in a table"),
    "limit.max_columns": Text("столбцов в строке", "columns in a row"),
    "limit.max_cells": Text("ячеек в таблице", "cells in a table"),
    "limit.max_shared_strings": Text("разных строк в книге Excel", "shared strings in a workbook"),
    "limit.max_unzipped_bytes": Text("размер распакованной книги Excel, байт",
                                     "unzipped workbook size, bytes"),
    "limit.max_zip_members": Text("частей в книге Excel", "parts in a workbook"),
    "limit.max_json_depth": Text("глубина вложенности JSON", "JSON nesting depth"),
    "limit.max_json_containers": Text("объектов и списков в JSON", "objects and lists in JSON"),
}
