"""Any questionnaire file (issue 12, part 4): exports of Yandex Forms, Google Forms and
Microsoft Forms have their own column titles (a timestamp, long question texts) and answers
(several choices in one cell, separated by ", " or ";"; free text). This module suggests, for
each column, the field of our template it fits (by the header's words and by the values), and
turns the file into our template once the curator has confirmed the mapping; list answers and
free text become topics through the taxonomy's synonyms, with a suggestion for each value the
taxonomy in force does not know (with a programme's own topics during its import).

A mapping is keyed by the file's `signature` (its headers), so a service can remember it per
organisation and the second export of the same form needs no mapping step.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from matcher.bank_io import csv_io, xlsx_io
from matcher.bank_io.cells import CellValue, norm, text
from matcher.bank_io.columns import BY_KEY, COLUMNS, find_column
from matcher.bank_io.limits import DEFAULT_LIMITS, FileLimits, check_workbook
from matcher.model.contact import looks_like_email
from matcher.topics import current_taxonomy

try:  # a better header similarity where the library is installed
    from rapidfuzz import fuzz as _fuzz  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover - difflib is the stdlib fallback
    _fuzz = None

IGNORE = ""  # the mapping of a column that is not imported (a timestamp, a comment)

# Words of the questions forms ask, per field of our template (besides the columns' names).
QUESTION_WORDS: dict[str, tuple[str, ...]] = {
    "full_name": ("фамилия имя отчество", "фио", "ваше имя", "full name"),
    "birth_year": ("год рождения", "дата рождения", "сколько вам лет", "year of birth"),
    "role": ("роль", "кем вы являетесь", "ваша роль", "категория участника"),
    "position": ("должность", "занимаемая должность", "профессия"),
    "organisation": ("образовательная организация", "место работы", "школа", "учреждение"),
    "subjects": ("преподаваемый предмет", "предметы", "какой предмет", "любимый предмет"),
    "experience_years": ("педагогический стаж", "стаж работы", "сколько лет работаете"),
    "competencies": ("чем можете помочь", "в чем можете помочь", "готовы поделиться опытом",
                     "компетенции", "в каких вопросах можете быть наставником"),
    "requests": ("затруднения темы", "в чем нужна помощь", "какая помощь нужна",
                 "запрос", "дефициты", "какие темы"),
    "difficulties_text": ("опишите затруднения", "профессиональные затруднения",
                          "с какими трудностями"),
    "experience_text": ("опишите опыт", "ваш опыт", "достижения"),
    "interests": ("увлечения", "хобби", "интересы"),
    "formats": ("формат встреч", "очно или дистанционно"),
    "meeting_frequency": ("как часто", "частота встреч"),
    "gender": ("пол",),
    "site": ("корпус", "населенный пункт", "площадка"),
    "grade": ("класс",),
    "email": ("адрес электронной почты", "электронная почта", "email", "e-mail", "почта",
              "ваш e-mail", "контактный адрес"),
}
TOPIC_KEYS = frozenset({"competencies", "requests"})
LIST_KEYS = frozenset({"subjects", "interests", "formats", "mentor.forms", "mentor.kinds",
                       "mentee.forms", "mentee.kinds", "mentor.student_models"})
TEXT_KEYS = frozenset({"experience_text", "difficulties_text"})
# The fields a column may be mapped to: every column of our template but the consents (a
# consent needs its date, which a form's «да» does not give).
TARGET_KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS if not c.key.startswith("consent."))
TIMESTAMP_HEADERS = ("отметка времени", "timestamp", "время создания", "время начала",
                     "время завершения", "start time", "completion time", "id ответа",
                     "last modified")
_TIMESTAMP = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}[ t]\d{1,2}:\d{2}(:\d{2})?")
_YEAR = re.compile(r"^(19[3-9]\d|20[01]\d)$")
_DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.(19[3-9]\d|20[01]\d)$")
_SPLIT = re.compile(r"\s*;\s*|,\s+")


@dataclass(frozen=True)
class ColumnSuggestion:
    """The field suggested for one column of the file: `key` of our template, or `IGNORE`;
    `score` in [0, 1]; `by` says why ("header", "values", "ours", "timestamp", "")."""

    index: int
    header: str
    key: str
    score: float
    by: str


@dataclass(frozen=True)
class TopicSuggestion:
    """A value of a topic column the taxonomy does not know, and the topic it may mean."""

    value: str
    topic_id: str | None
    label: str


def signature(headers: Sequence[CellValue]) -> str:
    """A stable key of a form's columns: the same form exported again has the same one."""
    joined = "\x1f".join(norm(text(h)) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def is_our_template(headers: Sequence[CellValue]) -> bool:
    """True when every non-empty header is one of ours (no mapping step needed)."""
    names = [text(h) for h in headers if text(h)]
    return bool(names) and all(find_column(h) is not None for h in names)


def _words(s: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-zа-я0-9]+", norm(s).replace("ё", "е")) if len(w) > 2}


def _similarity(header: str, name: str) -> float:
    h, n = norm(header), norm(name)
    if not h or not n:
        return 0.0
    if h == n:
        return 1.0
    if _fuzz is not None:
        return float(_fuzz.token_set_ratio(h, n)) / 100
    name_words = _words(n)
    covered = len(name_words & _words(h)) / len(name_words) if name_words else 0.0
    ratio = difflib.SequenceMatcher(None, h, n).ratio()
    return max(covered * 0.95, ratio)


def _header_score(header: str, key: str) -> float:
    column = BY_KEY[key]
    names = (*column.names, *QUESTION_WORDS.get(key, ()))
    return max(_similarity(header, name) for name in names)


def _values_key(values: list[str]) -> tuple[str, float]:
    """The field the answers look like, and how sure (0 if they say nothing)."""
    if not values:
        return "", 0.0

    def share(test: Callable[[str], bool]) -> float:
        return sum(test(v) for v in values) / len(values)

    if share(lambda v: bool(_TIMESTAMP.match(v))) >= 0.8:
        return IGNORE, 1.0
    if share(lambda v: bool(_YEAR.match(v) or _DATE.match(v))) >= 0.8:
        return "birth_year", 0.9
    if share(looks_like_email) >= 0.8:
        return "email", 0.9
    items = [i for v in values for i in _SPLIT.split(v) if i]
    known = sum(current_taxonomy().resolve(i) is not None for i in items)
    if items and known / len(items) >= 0.5:
        return "requests", 0.7
    return "", 0.0


def suggest_mapping(headers: Sequence[CellValue],
                    rows: Sequence[Sequence[CellValue]]) -> list[ColumnSuggestion]:
    """For each column, the field of our template it most likely fits; each field once (the
    best column takes it, the others are ignored)."""
    out: list[ColumnSuggestion] = []
    for index, raw in enumerate(headers):
        header = text(raw)
        values = [text(r[index]) for r in rows if index < len(r) and text(r[index])][:50]
        ours = find_column(header)
        if ours is not None and ours.key == "email" and values and not any(
                looks_like_email(v) for v in values):
            # Microsoft Forms writes «anonymous» in its e-mail column when none was collected
            out.append(ColumnSuggestion(index, header, IGNORE, 1.0, "values"))
            continue
        if ours is not None:
            out.append(ColumnSuggestion(index, header, ours.key, 1.0, "ours"))
            continue
        if any(t in norm(header) for t in TIMESTAMP_HEADERS):
            out.append(ColumnSuggestion(index, header, IGNORE, 1.0, "timestamp"))
            continue
        scored = sorted(((_header_score(header, key), key) for key in TARGET_KEYS),
                        reverse=True)
        score, key = scored[0]
        by_values, sure = _values_key(values)
        # answers that are topics, timestamps or years say more than the question's words
        if sure and (by_values in (IGNORE, "requests", "email") or score < 0.6):
            key, score, by = by_values, sure, "values"
            if key == "requests" and _header_score(header, "competencies") > _header_score(
                    header, "requests"):
                key = "competencies"
        else:
            by = "header" if score >= 0.5 else ""
            key = key if score >= 0.5 else IGNORE
        out.append(ColumnSuggestion(index, header, key, round(score, 2), by))
    best: dict[str, ColumnSuggestion] = {}
    for s in out:
        if s.key and (s.key not in best or s.score > best[s.key].score):
            best[s.key] = s
    return [s if not s.key or best[s.key] is s else
            ColumnSuggestion(s.index, s.header, IGNORE, s.score, "") for s in out]


def _topics_in(answer: str) -> tuple[list[str], list[str]]:
    """The topics a list answer or a free text names (by id, label or synonym), and the
    pieces of a list answer the taxonomy does not know."""
    tax = current_taxonomy()
    found: list[str] = []
    unknown: list[str] = []
    for item in _SPLIT.split(answer):
        item = item.strip().rstrip(".")
        if not item:
            continue
        tid = tax.resolve(item)
        if tid is None:
            inside = [t.id for t in tax for name in (t.label_ru, *t.synonyms)
                      if len(name) >= 3 and norm(name) in norm(item)]
            if inside:
                found.extend(inside)
                continue
            unknown.append(item)
        else:
            found.append(tid)
    return list(dict.fromkeys(found)), unknown


def topic_suggestions(values: Sequence[str]) -> list[TopicSuggestion]:
    """Each answer piece of a topic column the taxonomy does not know, once, with the topic
    it may mean (the curator confirms or corrects it)."""
    seen: dict[str, TopicSuggestion] = {}
    for value in values:
        for item in _topics_in(value)[1]:
            if norm(item) not in seen:
                close = current_taxonomy().suggest(item)
                seen[norm(item)] = TopicSuggestion(item, close.id if close else None,
                                                   close.label_ru if close else "")
    return list(seen.values())


def apply_mapping(
    headers: Sequence[CellValue], rows: Sequence[Sequence[CellValue]], mapping: dict[int, str],
    topics: dict[str, str] | None = None,
) -> tuple[list[str], list[list[CellValue]]]:
    """The file as our template: the mapped columns under our headers (the ignored left out),
    several choices in one cell joined by «; », topic answers as topic labels (`topics`
    maps an unknown answer to the topic id the curator chose, or to `IGNORE` when it is no
    topic: it is left out; one left unknown stays as it was, so the reader names it with a
    suggestion)."""
    chosen = {i: k for i, k in mapping.items() if k and k in BY_KEY and i < len(headers)}
    keys = list(dict.fromkeys(chosen.values()))
    fixes = {norm(k): v for k, v in (topics or {}).items()}
    tax = current_taxonomy()
    out_rows: list[list[CellValue]] = []
    for row in rows:
        cells: dict[str, list[str]] = {}
        for index, key in chosen.items():
            value = text(row[index]) if index < len(row) else ""
            if not value:
                continue
            if key in TOPIC_KEYS:
                found, unknown = _topics_in(value)
                labels = [tax[t].label_ru for t in found]
                for item in unknown:
                    fixed = fixes.get(norm(item))
                    if fixed == IGNORE:
                        continue
                    labels.append(tax[fixed].label_ru if fixed is not None and fixed in tax
                                  else item)
                cells.setdefault(key, []).extend(labels)
            elif key in LIST_KEYS:
                cells.setdefault(key, []).extend(i for i in _SPLIT.split(value) if i)
            elif key == "birth_year" and _DATE.match(value):
                cells.setdefault(key, []).append(value[-4:])
            else:
                cells.setdefault(key, []).append(value)
        out_rows.append(["; ".join(dict.fromkeys(cells.get(k, []))) for k in keys])
    return [BY_KEY[k].header for k in keys], out_rows


def mapping_clashes(mapping: dict[int, str]) -> list[str]:
    """The fields chosen for two or more columns that hold one value each (a name, a year):
    joined, they would not read. Topics, lists and free texts may gather several columns."""
    counts: dict[str, int] = {}
    for key in mapping.values():
        if key:
            counts[key] = counts.get(key, 0) + 1
    several = TOPIC_KEYS | LIST_KEYS | TEXT_KEYS
    return [k for k, n in counts.items() if n > 1 and k not in several]


@dataclass(frozen=True)
class MappingStep:
    """What the curator sees to map a form: per column its suggestion and a few sample
    answers, and per unknown topic answer its suggestion."""

    signature: str
    columns: tuple[ColumnSuggestion, ...]
    samples: tuple[tuple[str, ...], ...]  # per column, up to `SAMPLES` answers
    topics: tuple[TopicSuggestion, ...]


SAMPLES = 3


def mapping_step(headers: Sequence[CellValue], rows: Sequence[Sequence[CellValue]],
                 chosen: dict[int, str] | None = None) -> MappingStep:
    """The suggested mapping of a form's columns (`suggest_mapping`), a few answers of each
    column, and a topic suggestion for each answer the taxonomy does not know
    (`topic_suggestions`) in the topic columns: the suggested ones, or those the curator
    `chosen` where they chose."""
    columns = suggest_mapping(headers, rows)
    samples = []
    for index in range(len(headers)):
        seen = dict.fromkeys(text(r[index]) for r in rows if index < len(r) and text(r[index]))
        samples.append(tuple(list(seen)[:SAMPLES]))
    keys = {s.index: (chosen or {}).get(s.index, s.key) for s in columns}
    topic_columns = [i for i, key in keys.items() if key in TOPIC_KEYS]
    answers = [text(r[i]) for r in rows for i in topic_columns if i < len(r) and text(r[i])]
    return MappingStep(signature(headers), tuple(columns), tuple(samples),
                       tuple(topic_suggestions(answers)))


def read_form(path: Path, limits: FileLimits = DEFAULT_LIMITS, *,
              head: int | None = None) -> list[list[CellValue]] | None:
    """The rows of a CSV or XLSX export (its header first), read within `limits` (only the
    first `head` rows of a workbook if given: enough to tell our template); None for another
    format. The file is not checked as a bank: that comes after the mapping."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = [cells for _, cells in csv_io.read_table(path, limits).rows]
    elif suffix == ".xlsx":
        check_workbook(path, limits)
        book = xlsx_io._load(path)
        try:
            sheet = book.worksheets[0]
            if head is None:
                rows = [cells for _, cells in xlsx_io._table(sheet, str(path), limits).rows]
            else:
                rows = [[v if v is None or isinstance(v, str | int | float) else str(v)
                         for v in r] for r in sheet.iter_rows(max_row=head, values_only=True)]
        finally:
            book.close()
    else:
        return None
    rows = [cells for cells in rows if any(text(v) for v in cells)]
    return (rows[:head] if head is not None else rows) or None


def template_csv(headers: Sequence[CellValue], rows: Sequence[Sequence[CellValue]],
                 mapping: dict[int, str], topics: dict[str, str] | None = None) -> bytes:
    """The export as a CSV file of our template (see `apply_mapping`), ready to import."""
    ours, cells = apply_mapping(headers, rows, mapping, topics)
    return csv_io.render(ours, cells).encode("utf-8-sig")
