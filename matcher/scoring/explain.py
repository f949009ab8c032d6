"""Reasons for each component of one pair, in Russian and English, with the facts filled in.

The value of a component comes from the vectorised code; the reason only names the facts
behind it (which topics, which subject, which free windows), computed for this one pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from matcher.labels import label
from matcher.messages import plural
from matcher.model import (
    CATEGORY_RANK,
    PEDAGOGICAL_ROLES,
    Category,
    Form,
    Participant,
    Reason,
    Role,
    TimeSlot,
    Wish,
    WishLevel,
)
from matcher.rules import reverse_topics
from matcher.scoring.features import location, norm_token
from matcher.topics import current_taxonomy, taxonomy

Explainer = Callable[[Participant, Participant, Form | None, float], Reason]


# Reasons that say a component did not apply or a side did not answer: true, but they explain
# nothing, so `Scorer.explain` lists them after the reasons that do.
UNINFORMATIVE = frozenset({
    "coverage_no_requests", "subject_not_needed", "text_missing", "time_unknown",
    "wishes_none", "interests_none", "gap_none",
})


def _r(code: str, ru: str, en: str) -> Reason:
    return Reason(code=code, ru=ru, en=en)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[:2] != s[:2].upper() else s


def _topic(tid: str, lang: str) -> str:
    tax = current_taxonomy()  # with a programme's own topics while its run is solved
    if tid not in tax:
        return tid
    text = tax[tid].label(lang)
    return _lower_first(text) if lang == "ru" else text


def _years(x: float, lang: str) -> str:
    n = round(x)
    if lang == "en":
        return f"{n} year" + ("" if n == 1 else "s")
    return plural(n, "год")


def topic_coverage(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    tax = taxonomy()
    asked = e.requests_in_order()
    if form == Form.reverse:
        asked = [t for t in asked if t in tax and tax[t].new_practice]
    if not asked:
        return _r("coverage_no_requests", "Наставляемый не указал запросы, которые можно закрыть",
                  "The mentee named no requests this mentor could answer")
    covered = [t for t in asked if t in m.competencies]
    missing = [t for t in asked if t not in m.competencies]

    def listing(lang: str, items: list[str], levels: bool) -> str:
        word = "уровень" if lang == "ru" else "level"
        return ", ".join(
            _topic(t, lang) + (f" ({word} {m.competencies[t]})" if levels else "") for t in items)

    prefix_ru = "Реверсивное наставничество, только цифровые и новые практики. " if (
        form == Form.reverse) else ""
    prefix_en = "Reverse mentoring, digital and new practice only. " if (
        form == Form.reverse) else ""
    back = reverse_topics(m, e)[1] if form == Form.reverse else ()
    if not covered:
        return _r("coverage_none",
                  f"{prefix_ru}Компетенции наставника не закрывают запросы: "
                  f"{listing('ru', missing, False)}",
                  f"{prefix_en}The mentor's competencies do not cover the requests: "
                  f"{listing('en', missing, False)}")
    tail_ru = f"; не закрыты: {listing('ru', missing, False)}" if missing else ""
    tail_en = f"; not covered: {listing('en', missing, False)}" if missing else ""
    if back:  # a two-way pair: the elder teaches method in return
        tail_ru += ". В ответ наставляемый делится методикой: " + ", ".join(
            _topic(t, "ru") for t in back)
        tail_en += ". In return the mentee shares method: " + ", ".join(
            _topic(t, "en") for t in back)
    return _r("coverage",
              f"{prefix_ru}Запросы наставляемого закрыты компетенциями наставника: "
              f"{listing('ru', covered, True)}{tail_ru}",
              f"{prefix_en}The mentor's competencies cover the mentee's requests: "
              f"{listing('en', covered, True)}{tail_en}")


def subject_match(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    tax = taxonomy()
    bound = [t for t in e.requests if t in tax and tax[t].subject_bound]
    if not bound:
        return _r("subject_not_needed", "Запросы не привязаны к предмету",
                  "The requests are not about a school subject")
    mine = {norm_token(s): s for s in m.subjects}
    shared = [s for s in e.subjects if norm_token(s) in mine]
    if shared:
        subjects = ", ".join(s.lower() for s in shared)
        if m.role in PEDAGOGICAL_ROLES or m.role == Role.university_teacher:
            return _r("subject_same", f"Наставник ведёт тот же предмет: {subjects}",
                      f"The mentor teaches the same subject: {subjects}")
        return _r("subject_same", f"Наставник силён в том же предмете: {subjects}",
                  f"The mentor is strong in the same subject: {subjects}")
    wanted = ", ".join(s.lower() for s in e.subjects) or "—"
    return _r("subject_other",
              f"Запрос связан с предметом ({wanted}), а у наставника другой предмет",
              f"The request is about a subject ({wanted}) the mentor does not have")


_WORD = re.compile(r"\w{5,}", re.UNICODE)


def text_similarity(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    if not m.experience_text.strip() or not e.difficulties_text.strip():
        return _r("text_missing", "Нет описания опыта наставника или затруднений наставляемого",
                  "The mentor's experience or the mentee's difficulties are not described")
    # Shared word stems (first 5 letters) as a readable hint of what the texts have in common.
    stems_m = {w[:5]: w for w in _WORD.findall(m.experience_text.lower())}
    common = []
    for w in _WORD.findall(e.difficulties_text.lower()):
        if w[:5] in stems_m and w not in common:
            common.append(w)
    hint_ru = f"; общие слова: {', '.join(common[:4])}" if common else ""
    hint_en = f"; words in common: {', '.join(common[:4])}" if common else ""
    if value >= 0.2:
        return _r("text_close",
                  f"Опыт наставника перекликается с затруднениями наставляемого "
                  f"(сходство {round(value * 100)} из 100){hint_ru}",
                  f"The mentor's experience echoes the mentee's difficulties "
                  f"(similarity {round(value * 100)} of 100){hint_en}")
    return _r("text_far",
              f"Опыт наставника мало похож на затруднения наставляемого "
              f"(сходство {round(value * 100)} из 100){hint_ru}",
              f"The mentor's experience has little in common with the mentee's difficulties "
              f"(similarity {round(value * 100)} of 100){hint_en}")


def _level(p: Participant, lang: str) -> str:
    if p.grade is not None:
        return f"{p.grade} класс" if lang == "ru" else f"grade {p.grade}"
    if p.course is not None:
        return f"{p.course} курс" if lang == "ru" else f"year {p.course} of college"
    return "—"


def experience_gap(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    match form:
        case Form.reverse:
            return _r("gap_digital",
                      f"Цифровые навыки наставника {m.digital_level} из 3, наставляемого "
                      f"{e.digital_level} из 3 (реверсивное наставничество)",
                      f"Digital skills: mentor {m.digital_level} of 3, mentee {e.digital_level} "
                      f"of 3 (reverse mentoring)")
        case Form.student_student:
            return _r("gap_grade",
                      f"Наставник старше по обучению: {_level(m, 'ru')}, наставляемый — "
                      f"{_level(e, 'ru')}",
                      f"The mentor is further on: {_level(m, 'en')}, the mentee "
                      f"{_level(e, 'en')}")
        case Form.employer_student:
            return _r("gap_employer",
                      f"Профессиональный опыт наставника: {_years(m.experience_years, 'ru')}",
                      f"The mentor's professional experience: "
                      f"{_years(m.experience_years, 'en')}")
        case None:
            return _r("gap_none", "Нет допустимой формы наставничества",
                      "No mentoring form fits")
    cat = ""
    cat_en = ""
    if CATEGORY_RANK[m.category] > CATEGORY_RANK[e.category]:
        cat = f"; категория: {label(m.category)} и {label(e.category)}"
        cat_en = f"; category: {label(m.category, 'en')} and {label(e.category, 'en')}"
    elif m.category != Category.none and m.category == e.category:
        cat, cat_en = "; категории равны", "; the same category"
    return _r("gap_experience",
              f"Стаж наставника {_years(m.experience_years, 'ru')}, наставляемого "
              f"{_years(e.experience_years, 'ru')}{cat}",
              f"Experience: mentor {_years(m.experience_years, 'en')}, mentee "
              f"{_years(e.experience_years, 'en')}{cat_en}")


def _wish(w: Wish | None, lang: str) -> str:
    if w is None:
        return "не высказался" if lang == "ru" else "no opinion"
    text = label(w.level, lang)
    if w.level == WishLevel.yes and w.rank is not None:
        text += f" (выбор № {w.rank})" if lang == "ru" else f" (choice {w.rank})"
    return text


def mutual_wishes(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    a, b = m.wish_about(e.id), e.wish_about(m.id)
    if a is None and b is None:
        return _r("wishes_none", "Пожеланий друг о друге после встречи-знакомства нет",
                  "Neither stated a wish about the other after the acquaintance meeting")
    if a is not None and b is not None and a.level == b.level == WishLevel.yes:
        return _r("wishes_mutual", "Оба назвали друг друга после встречи-знакомства",
                  "Both named each other after the acquaintance meeting")
    return _r("wishes_one_sided",
              f"Пожелания после встречи-знакомства: наставник — {_wish(a, 'ru')}, "
              f"наставляемый — {_wish(b, 'ru')}",
              f"Wishes after the acquaintance meeting: mentor — {_wish(a, 'en')}, "
              f"mentee — {_wish(b, 'en')}")


def shared_interests(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    mine = {norm_token(s) for s in m.interests}
    common = [s for s in e.interests if norm_token(s) in mine]
    if common:
        text = ", ".join(s.lower() for s in common)
        return _r("interests_shared", f"Общие интересы: {text}", f"Shared interests: {text}")
    return _r("interests_none", "Общих интересов не указано", "No shared interests stated")


def expectations(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    fm, fe = m.meeting_frequency, e.meeting_frequency
    if fm is None or fe is None:
        freq_ru, freq_en = "частота встреч не указана", "meeting frequency not stated"
    elif fm == fe:
        freq_ru, freq_en = f"встречи {label(fm)}", f"meetings {label(fm, 'en')}"
    else:
        freq_ru = f"частота встреч: наставник — {label(fm)}, наставляемый — {label(fe)}"
        freq_en = (f"meeting frequency: mentor — {label(fm, 'en')}, "
                   f"mentee — {label(fe, 'en')}")
    from matcher.model import MeetingFormat

    every = frozenset(MeetingFormat)  # none named: any format
    both = sorted((m.formats or every) & (e.formats or every))
    if both:
        fmt_ru = "формат " + " или ".join(label(x) for x in both)
        fmt_en = "format " + " or ".join(label(x, "en") for x in both)
    else:
        fmt_ru, fmt_en = "форматы встреч не совпадают", "no common meeting format"
    head_ru = "Ожидания совпадают" if value >= 0.99 else "Ожидания"
    head_en = "Expectations match" if value >= 0.99 else "Expectations"
    return _r("expectations", f"{head_ru}: {freq_ru}; {fmt_ru}", f"{head_en}: {freq_en}; {fmt_en}")


def common_windows(a: tuple[TimeSlot, ...], b: tuple[TimeSlot, ...]) -> list[tuple[int, int]]:
    """Merged intervals (minutes from Monday) when both are free."""
    out: list[tuple[int, int]] = []
    for x in a:
        for y in b:
            lo, hi = max(x.minutes[0], y.minutes[0]), min(x.minutes[1], y.minutes[1])
            if lo < hi:
                out.append((lo, hi))
    out.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in out:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _window(lo: int, hi: int, lang: str) -> str:
    from matcher.model import WEEKDAYS

    day = label(WEEKDAYS[lo // 1440], lang)
    return f"{day} {lo % 1440 // 60:02d}:{lo % 60:02d}–{hi % 1440 // 60:02d}:{hi % 60:02d}"


def time_overlap(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    if not m.free_slots or not e.free_slots:
        return _r("time_unknown", "Свободное время указали не оба", "Not both gave their free time")
    windows = common_windows(m.free_slots, e.free_slots)
    if not windows:
        return _r("time_none", "Нет общих свободных окон", "No common free time")
    more_ru = f" и ещё {len(windows) - 4}" if len(windows) > 4 else ""
    more_en = f" and {len(windows) - 4} more" if len(windows) > 4 else ""
    return _r("time_common",
              "Общие свободные окна: " + ", ".join(_window(*w, "ru") for w in windows[:4])
              + more_ru,
              "Common free time: " + ", ".join(_window(*w, "en") for w in windows[:4]) + more_en)


def format_fit(m: Participant, e: Participant, form: Form | None, value: float) -> Reason:
    from matcher.model import MeetingFormat as F

    fm, fe = m.formats or frozenset(F), e.formats or frozenset(F)
    common = fm & fe
    same = location(m) == location(e)
    place = m.site or m.organisation
    if F.in_person in common and same:
        return _r("format_same_site", f"Очные встречи на одной площадке: {place}",
                  f"In-person meetings at the same site: {place}")
    if F.remote in common:
        return _r("format_remote", "Встречи дистанционно: оба согласны",
                  "Remote meetings: both agree")
    if F.in_person in common:
        return _r("format_travel", "Очно, но площадки разные: нужно ездить",
                  "In person, but at different sites: someone must travel")
    return _r("format_none", "Нет общего формата встреч", "No meeting format both accept")


EXPLAINERS: dict[str, Explainer] = {
    "topic_coverage": topic_coverage,
    "subject_match": subject_match,
    "text_similarity": text_similarity,
    "experience_gap": experience_gap,
    "mutual_wishes": mutual_wishes,
    "shared_interests": shared_interests,
    "expectations": expectations,
    "time_overlap": time_overlap,
    "format_fit": format_fit,
}
